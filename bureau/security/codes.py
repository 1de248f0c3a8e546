"""Recovery codes: random, shown once, kept only as keyed digests."""

import secrets

from bureau.crypto import blind_index

# No 0/O or 1/I/L: codes are read off paper and typed by hand.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_recovery_code() -> str:
    """A fresh code such as "K7QX-M2PA9R" (about 50 bits of randomness)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_code(text: str) -> str:
    """What the user typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def recovery_digest(text: str) -> str:
    """The stored form of a recovery code: an HMAC under the lookup-hash key."""
    return blind_index(normalise_code(text), purpose="otp-recovery-code")

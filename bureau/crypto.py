"""Field encryption at rest (AES-256-GCM) and HMAC blind indexes for exact lookup."""

import base64
import binascii
import functools
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_PREFIX = "v1:"
_NONCE_BYTES = 12
_KEY_BYTES = 32
_TAG_BYTES = 16


class DecryptionError(ValueError):
    """The token is malformed, was tampered with, or was made with another key."""


def generate_key() -> str:
    """Return a new random key in the format FIELD_ENCRYPTION_KEY/FIELD_HASH_KEY use."""
    return base64.urlsafe_b64encode(os.urandom(_KEY_BYTES)).decode("ascii")


def _setting(name: str) -> str:
    text = getattr(settings, name, None)
    if not text:
        raise ImproperlyConfigured(
            f"{name} is not set; generate one with "
            "`python -c 'from bureau.crypto import generate_key; print(generate_key())'`."
        )
    return text


@functools.lru_cache(maxsize=16)
def _decode_key(text: str, *, setting: str) -> bytes:
    try:
        text = text.strip()
        raw = base64.b64decode(
            text + "=" * (-len(text) % 4), altchars=b"-_", validate=True
        )
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{setting} must be URL-safe base64 of {_KEY_BYTES} bytes; "
            "it is not valid base64."
        ) from exc
    if len(raw) != _KEY_BYTES:
        raise ImproperlyConfigured(
            f"{setting} must be URL-safe base64 of {_KEY_BYTES} bytes; "
            f"it decodes to {len(raw)} bytes."
        )
    return raw


@functools.lru_cache(maxsize=16)
def _cipher(text: str) -> AESGCM:
    return AESGCM(_decode_key(text, setting="FIELD_ENCRYPTION_KEY"))


@functools.lru_cache(maxsize=16)
def _hmac_base(text: str) -> hmac.HMAC:
    return hmac.new(
        _decode_key(text, setting="FIELD_HASH_KEY"), digestmod=hashlib.sha256
    )


def _current_cipher() -> AESGCM:
    return _cipher(_setting("FIELD_ENCRYPTION_KEY"))


def encrypt(plaintext: str) -> str:
    """Return an ASCII token "v1:<base64>" that only decrypt() with the same key opens.

    Every call uses a fresh random nonce, so equal plaintexts give different tokens.
    """
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _current_cipher().encrypt(nonce, plaintext.encode("utf-8"), None)
    return _PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    """Return the plaintext of an encrypt() token; raise DecryptionError if it was altered."""
    if not token.startswith(_PREFIX):
        raise DecryptionError("Unknown token format (expected the v1: prefix).")
    try:
        blob = base64.b64decode(token[len(_PREFIX) :], altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("Token is not valid base64.") from exc
    if len(blob) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Token is too short.")
    try:
        plain = _current_cipher().decrypt(
            blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], None
        )
    except InvalidTag as exc:
        raise DecryptionError(
            "Token failed authentication (tampered, or encrypted with another key)."
        ) from exc
    return plain.decode("utf-8")


def blind_index(value: str, *, purpose: str) -> str:
    """Return a stable 64-char hex HMAC of value, distinct per purpose, for exact lookup.

    Callers normalise the value first (e.g. normalize_id_number) so equal values match.
    """
    if "\x00" in purpose:
        raise ValueError("purpose must not contain NUL")
    mac = _hmac_base(_setting("FIELD_HASH_KEY")).copy()
    mac.update(purpose.encode("utf-8") + b"\x00" + value.encode("utf-8"))
    return mac.hexdigest()

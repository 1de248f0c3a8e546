import base64

import pytest
from django.core.exceptions import ImproperlyConfigured

from bureau.crypto import DecryptionError, blind_index, decrypt, encrypt, generate_key


def test_chinese_text_survives_encryption_round_trip():
    plain = "张三 11010519491231002X 小𣵦村"

    token = encrypt(plain)

    assert token.isascii()
    assert token.startswith("v1:")
    assert plain not in token
    assert decrypt(token) == plain


def test_encrypting_the_same_value_twice_gives_different_tokens():
    assert encrypt("11010519491231002X") != encrypt("11010519491231002X")


def test_a_tampered_token_is_refused():
    token = encrypt("11010519491231002X")
    blob = bytearray(base64.urlsafe_b64decode(token[3:]))
    blob[20] ^= 0x01
    tampered = "v1:" + base64.urlsafe_b64encode(bytes(blob)).decode()

    with pytest.raises(DecryptionError, match="failed authentication"):
        decrypt(tampered)


@pytest.mark.parametrize("token", ["", "v2:abcd", "v1:not base64!", "v1:AAAA"])
def test_malformed_tokens_are_refused(token):
    with pytest.raises(DecryptionError):
        decrypt(token)


def test_a_token_made_with_another_key_is_refused(settings):
    token = encrypt("秘密")
    settings.FIELD_ENCRYPTION_KEY = generate_key()

    with pytest.raises(DecryptionError):
        decrypt(token)


def test_a_generated_key_works_for_encryption(settings):
    settings.FIELD_ENCRYPTION_KEY = generate_key()

    assert decrypt(encrypt("李四")) == "李四"


def test_blind_index_is_stable_and_separated_by_purpose():
    first = blind_index("11010519491231002X", purpose="id_number")

    assert first == blind_index("11010519491231002X", purpose="id_number")
    assert len(first) == 64
    assert first != blind_index("11010519491231002X", purpose="phone")
    assert first != blind_index("11010519491231002x", purpose="id_number")


def test_blind_index_changes_with_the_hash_key(settings):
    before = blind_index("13812345678", purpose="phone")
    settings.FIELD_HASH_KEY = generate_key()

    assert blind_index("13812345678", purpose="phone") != before


def test_missing_encryption_key_names_the_setting(settings):
    settings.FIELD_ENCRYPTION_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEY is not set"):
        encrypt("x")


def test_missing_hash_key_names_the_setting(settings):
    del settings.FIELD_HASH_KEY

    with pytest.raises(ImproperlyConfigured, match="FIELD_HASH_KEY is not set"):
        blind_index("x", purpose="id_number")


def test_a_key_of_the_wrong_length_is_refused(settings):
    settings.FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"k" * 16).decode()

    with pytest.raises(ImproperlyConfigured, match="decodes to 16 bytes"):
        encrypt("x")


def test_a_key_that_is_not_base64_is_refused(settings):
    settings.FIELD_HASH_KEY = "not a key!"

    with pytest.raises(ImproperlyConfigured, match="FIELD_HASH_KEY must be URL-safe"):
        blind_index("x", purpose="id_number")

"""Unguessable tokens, one per purpose (manage link, calendar feed, badge, survey …).

A token is derived with HMAC from the server's token secret, the purpose and a random
per-row salt; the database stores only the salt and a SHA-256 digest of the token
(for lookup). So a stolen table opens nothing, we can still put the same link in every
e-mail, and resetting a token is "new salt".

The alphabet leaves out look-alike characters (0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V), so a code
can be typed by hand from a badge.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

ALPHABET = "ACDEFGHJKMNPQRTWXY34679"  # 23 symbols, no look-alikes
_BITS_PER_SYMBOL = 4.52  # log2(23)


def new_salt() -> str:
    return secrets.token_hex(16)


def _secret() -> bytes:
    return current_app.config["TOKEN_SECRET"].encode()


def derive(purpose: str, salt: str, length: int = 24) -> str:
    """A token of `length` symbols (24 symbols ≈ 108 bits) for this purpose and salt."""
    mac = hmac.new(_secret(), f"{purpose}:{salt}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(mac, "big")
    symbols = []
    for _ in range(length):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)


def digest(token: str) -> str:
    """What is stored for lookup: SHA-256 of the normalised token."""
    return hashlib.sha256(normalise(token).encode()).hexdigest()


def hash_secret(secret: str) -> str:
    """What is stored of a secret handed out as is (a sign-in's token, an API bearer token): its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise(token: str) -> str:
    """Upper-case, spaces and dashes removed (people type codes with them)."""
    return token.strip().upper().replace(" ", "").replace("-", "")


def bits(length: int) -> float:
    return length * _BITS_PER_SYMBOL

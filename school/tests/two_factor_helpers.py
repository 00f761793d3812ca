"""RFC 6238 codes computed independently of django-otp, for the 2FA tests."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp(secret_b32: str, *, offset: int = 0, at: float | None = None) -> str:
    """The six-digit TOTP code of a base32 secret, `offset` 30-second steps away."""
    key = base64.b32decode(secret_b32.replace(" ", "").upper())
    counter = int(at if at is not None else time.time()) // 30 + offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[start : start + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def hex_to_b32(key_hex: str) -> str:
    return base64.b32encode(bytes.fromhex(key_hex)).decode()

"""Encryption at rest of backup parts and the manifest's MAC, on `cryptography`.

A part is AES-256-GCM in 1 MiB chunks (the STREAM construction): each file has a
random salt from which HKDF derives its own key, a chunk's nonce is its counter
plus a "last chunk" flag, and the file header is authenticated with every chunk.
A flipped byte fails a tag, a reordered chunk fails its nonce, a truncated file
misses its last chunk. Nothing here invents a primitive.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"EJBKENC1"
SALT_BYTES = 16
CHUNK_BYTES = 1024 * 1024
HEADER_BYTES = len(MAGIC) + SALT_BYTES
_LENGTH = struct.Struct(">I")


class BadKeyError(ValueError):
    """The configured key is not 32 bytes of URL-safe base64."""


class DecryptionError(ValueError):
    """The part is damaged, truncated or was made with another key."""


def keygen() -> str:
    """A new key: 32 random bytes in URL-safe base64."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode("ascii")


def load_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as error:
        raise BadKeyError(str(error)) from error
    if len(key) != 32:
        raise BadKeyError("the key must be 32 bytes")
    return key


def derive(master: bytes, purpose: bytes, salt: bytes | None = None) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=salt, info=b"ejournal " + purpose
    ).derive(master)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only file object that encrypts into `sink` chunk by chunk."""

    def __init__(self, sink: BinaryIO, master: bytes) -> None:
        salt = os.urandom(SALT_BYTES)
        self._header = MAGIC + salt
        self._aead = AESGCM(derive(master, b"backup part", salt))
        self._sink = sink
        self._buffer = bytearray()
        self._counter = 0
        sink.write(self._header)

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._emit(bytes(self._buffer[:CHUNK_BYTES]), last=False)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, last), chunk, self._header)
        self._sink.write(_LENGTH.pack(len(sealed)))
        self._sink.write(sealed)
        self._counter += 1

    def close(self) -> None:
        """Seal the last chunk (possibly empty); the sink stays open."""
        self._emit(bytes(self._buffer), last=True)
        self._buffer.clear()

    def flush(self) -> None:  # tarfile calls it
        pass


def decrypt_chunks(source: BinaryIO, master: bytes) -> Iterator[bytes]:
    """Yield the plaintext of a part; raise DecryptionError at the first fault."""
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise DecryptionError("not an encrypted backup part")
    aead = AESGCM(derive(master, b"backup part", header[len(MAGIC) :]))
    counter = 0
    while True:
        prefix = source.read(_LENGTH.size)
        if len(prefix) != _LENGTH.size:
            raise DecryptionError("the part is truncated")
        (length,) = _LENGTH.unpack(prefix)
        if length > CHUNK_BYTES + 16:
            raise DecryptionError("a chunk length is damaged")
        sealed = source.read(length)
        if len(sealed) != length:
            raise DecryptionError("the part is truncated")
        for last in (False, True):
            try:
                chunk = aead.decrypt(_nonce(counter, last), sealed, header)
            except InvalidTag:
                continue
            break
        else:
            raise DecryptionError(f"chunk {counter} fails authentication")
        counter += 1
        yield chunk
        if last:
            if source.read(1):
                raise DecryptionError("data after the last chunk")
            return


def mac(master: bytes, payload: bytes) -> str:
    """HMAC-SHA256 of the manifest's canonical bytes."""
    return hmac.new(
        derive(master, b"manifest mac"), payload, hashlib.sha256
    ).hexdigest()


def mac_matches(master: bytes, payload: bytes, expected: str) -> bool:
    return hmac.compare_digest(mac(master, payload), expected or "")

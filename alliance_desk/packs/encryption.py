"""AES-256 encryption of a pack, as PDF 2.0 defines it (standard security handler, V 5, R 6).

ReportLab's own `StandardEncryption` offers RC4 (40 and 128 bits, broken for decades) and an
AES-256 of revision 5 — the pre-standard Adobe variant, whose password check is one SHA-256 a
guesser can try billions of times a second, and whose strings come out double-padded. This
handler keeps ReportLab's document machinery and supplies what revision 6 specifies: a random
file key, the iterated password hash of ISO 32000-2 (algorithm 2.B), AES-256-CBC with a random
IV for every string and stream, and the permissions sealed in /Perms. The user password opens
the file; the owner password is random and never shown, so nobody can lift the restrictions;
printing and copying are allowed only when asked for.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import struct
import unicodedata

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.padding import PKCS7
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import rawBytes
from reportlab.pdfbase.pdfdoc import DummyDoc, PDFDictionary, PDFName, PDFObject

# Permission bits (1-based, ISO 32000-2 table 22).
PRINT, COPY, ACCESSIBILITY, PRINT_HIGH_QUALITY = 1 << 2, 1 << 4, 1 << 9, 1 << 11
RESERVED = (1 << 6) | (1 << 7) | (0xFFFFFFFF & ~((1 << 12) - 1))  # bits 7, 8 and 13–32 are 1


def _password(text: str) -> bytes:
    """The password as the standard wants it: Unicode normalised (SASLprep's NFKC step), UTF-8,
    at most 127 bytes."""
    return unicodedata.normalize("NFKC", text).encode("utf-8")[:127]


def _aes_cbc(key: bytes, iv: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def hash_r6(password: bytes, salt: bytes, user_key: bytes = b"") -> bytes:
    """ISO 32000-2 algorithm 2.B: SHA-256, then at least 64 rounds of AES-128 and SHA-2."""
    key = hashlib.sha256(password + salt + user_key).digest()
    round_ = 0
    while True:
        block = (password + key + user_key) * 64
        encrypted = _aes_cbc(key[:16], key[16:32], block)
        digest = ("sha256", "sha384", "sha512")[sum(encrypted[:16]) % 3]
        key = hashlib.new(digest, encrypted).digest()
        round_ += 1
        if round_ >= 64 and encrypted[-1] <= round_ - 32:
            return key[:32]


def permissions(*, allow_printing: bool, allow_copying: bool) -> int:
    """The /P value: screen readers may always read the text; printing and copying only when
    allowed; no changes, no annotations."""
    bits = RESERVED | ACCESSIBILITY
    if allow_printing:
        bits |= PRINT | PRINT_HIGH_QUALITY
    if allow_copying:
        bits |= COPY
    return struct.unpack("<i", struct.pack("<I", bits))[0]


class _EncryptDictionary(PDFObject):
    __RefOnly__ = 1

    def __init__(self, values: dict) -> None:
        self.values = values

    def format(self, document) -> bytes:
        return PDFDictionary(self.values).format(DummyDoc())  # written unencrypted


class Aes256Encryption(StandardEncryption):
    """Password protection with AES-256 (V 5, R 6) for `BaseDocTemplate(encrypt=…)`."""

    def __init__(
        self, password: str, *, allow_printing: bool = False, allow_copying: bool = False
    ) -> None:
        # Revision 128 only to pass ReportLab's constructor; everything it uses is replaced.
        super().__init__(password, secrets.token_urlsafe(32), strength=128)
        self.revision = 6
        self.prepared = 0  # ReportLab's flag, set by `prepare`
        self.P = permissions(allow_printing=allow_printing, allow_copying=allow_copying)
        self.canPrint, self.canCopy, self.canModify, self.canAnnotate = (
            int(allow_printing),
            int(allow_copying),
            0,
            0,
        )

    def prepare(self, document, overrideID=None) -> None:
        if self.prepared:
            raise ValueError("encryption already prepared!")
        self.key = os.urandom(32)
        user, owner = _password(self.userPassword), _password(self.ownerPassword)
        user_salts, owner_salts = os.urandom(16), os.urandom(16)
        self.U = hash_r6(user, user_salts[:8]) + user_salts
        self.UE = _aes_cbc(hash_r6(user, user_salts[8:]), bytes(16), self.key)
        self.O = hash_r6(owner, owner_salts[:8], self.U) + owner_salts
        self.OE = _aes_cbc(hash_r6(owner, owner_salts[8:], self.U), bytes(16), self.key)
        sealed = struct.pack("<i", self.P) + b"\xff" * 4 + b"Tadb" + os.urandom(4)
        encryptor = Cipher(algorithms.AES(self.key), modes.ECB()).encryptor()
        self.Perms = encryptor.update(sealed) + encryptor.finalize()
        self.objnum = self.version = None
        self.prepared = 1

    def encode(self, t) -> bytes:
        """A string or stream: a random IV, then AES-256-CBC with PKCS #7 padding."""
        if not self.prepared:
            raise ValueError("encryption not prepared!")
        padder = PKCS7(128).padder()
        data = padder.update(rawBytes(t)) + padder.finalize()
        iv = os.urandom(16)
        return iv + _aes_cbc(self.key, iv, data)

    def info(self) -> _EncryptDictionary:
        if not self.prepared:
            raise ValueError("encryption not prepared!")

        def hex_string(value: bytes) -> str:
            return f"<{value.hex().upper()}>"

        filter_ = {"CFM": PDFName("AESV3"), "AuthEvent": PDFName("DocOpen"), "Length": 32}
        return _EncryptDictionary(
            {
                "Filter": PDFName("Standard"),
                "V": 5,
                "R": 6,
                "Length": 256,
                "P": self.P,
                "O": hex_string(self.O),
                "U": hex_string(self.U),
                "OE": hex_string(self.OE),
                "UE": hex_string(self.UE),
                "Perms": hex_string(self.Perms),
                "CF": PDFDictionary({"StdCF": PDFDictionary(filter_)}),
                "StmF": PDFName("StdCF"),
                "StrF": PDFName("StdCF"),
            }
        )

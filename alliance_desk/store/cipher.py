"""Encryption at rest with SQLCipher: which files are encrypted, and the passphrases this
process was given to open them.

A passphrase lives only in this process's memory (`unlock`), never on disk, in settings or in
a log. It opens the portfolio it was given for and the files of its family: the partial file a
new copy is built in beside it, and its backups (encrypted with the same passphrase). A plain
file is opened with Python's own sqlite3 and an encrypted one with SQLCipher's module — one
library per file, never both at once (two SQLite libraries would not see each other's locks).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher  # type: ignore[import-untyped]

from alliance_desk.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
_SQLITE_NOTADB = 26

KDF_ROUNDS = 256_000
_passphrases: dict[Path, str] = {}
_derived: dict[tuple[str, bytes], bytes] = {}
_deriving: dict[tuple[str, bytes], tuple[threading.Thread, list[bytes]]] = {}
_lock = threading.Lock()


class PassphraseNeeded(StoreError):
    """The file is encrypted and this process has no passphrase for it."""


class WrongPassphrase(StoreError):
    """The passphrase given does not open the file (which is left untouched)."""


def looks_encrypted(path: Path) -> bool:
    """True for a file that is not plain SQLite but is shaped like an encrypted one (whole
    pages of what reads as noise): SQLCipher leaves nothing else to recognise it by."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            start = handle.read(64)
    except OSError:
        return False
    # Random bytes: 64 of them hold ~57 different values; text or zeros hold far fewer.
    noise = len(set(start)) >= 40
    return size >= 1024 and size % 512 == 0 and noise and not start.startswith(SQLITE_HEADER)


def _family(path: Path, portfolio: Path) -> bool:
    """`path` is the portfolio, a file built beside it, or one of its backups."""
    if path == portfolio:
        return True
    if path.parent == portfolio.parent and path.name.startswith(portfolio.name + "."):
        return True
    stamp = path.name[len(portfolio.stem) + 1 :][:8]  # backups are named STEM-YYYYMMDD-…
    return (
        path.parent == portfolio.parent / "backups"
        and path.name.startswith(portfolio.stem + "-")
        and stamp.isdigit()
    )


def _owner(path: Path) -> Path | None:
    """The portfolio whose passphrase covers `path` (itself, a file built beside it, a backup)."""
    path = path.absolute()
    for portfolio in _passphrases:
        if _family(path, portfolio):
            return portfolio
    return None


def passphrase_for(path: Path) -> str | None:
    """The passphrase this process holds for `path` (or its family), if any."""
    owner = _owner(path)
    return None if owner is None else _passphrases[owner]


def salt_of(path: Path) -> bytes | None:
    """The 16 random bytes an encrypted file begins with (its key derivation's salt)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(16)
    except OSError:
        return None
    return start if len(start) == 16 and start != SQLITE_HEADER else None


def raw_key(secret: str, salt: bytes) -> str:
    """The key SQLCipher derives from `secret` and `salt` (PBKDF2-HMAC-SHA512, 256,000
    rounds: its defaults), in its raw form `x'KEY SALT'`. Derived once per process and salt:
    SQLCipher would spend ≈ 0.2 s on it at every connection otherwise. A file created with it
    carries `salt`, so it still opens with the passphrase alone (sqlcipher's shell, say)."""
    with _lock:  # the window's thread and the start's page check may both be waiting
        key = _derived.get((secret, salt))
        started = _deriving.get((secret, salt)) if key is None else None
    if key is None:
        if started is not None:  # begun by `prepare`: its result, once it has one
            started[0].join()
        key = started[1][0] if started and started[1] else _derive(secret, salt)
        with _lock:
            _derived[(secret, salt)] = key
            _deriving.pop((secret, salt), None)
    return f"x'{key.hex()}{salt.hex()}'"


def _derive(secret: str, salt: bytes) -> bytes:
    """PBKDF2-HMAC-SHA512, `KDF_ROUNDS` rounds. Through `cryptography`'s OpenSSL (a current
    one, carried by its wheel): ≈ 25 % faster than `hashlib`'s, which is whatever OpenSSL
    Python was built with (3.0 here, whose HMAC costs more per round). Both let go of the
    interpreter while they work; the key is the same either way."""
    from cryptography.hazmat.primitives.hashes import SHA512
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    return PBKDF2HMAC(SHA512(), 32, salt, KDF_ROUNDS).derive(secret.encode())


def prepare(path: Path, secret: str) -> None:
    """Begin deriving the key of the encrypted file `path` from `secret` on another core
    (the derivation lets go of the interpreter), so that the caller's own work — loading
    the window's code — overlaps it; `raw_key` (and so `unlock`) then waits for the result.
    The same derivation as SQLCipher's, so a file opens either way."""
    salt = salt_of(path)
    if not secret or salt is None or (secret, salt) in _derived or (secret, salt) in _deriving:
        return
    _quiet()  # here, not on the check's thread (`integrity.check_ahead`)
    result: list[bytes] = []
    thread = threading.Thread(
        target=lambda: result.append(_derive(secret, salt)), name="derive-key", daemon=True
    )
    with _lock:
        _deriving[(secret, salt)] = (thread, result)
    thread.start()


def key_for(path: Path, secret: str) -> str:
    """The raw key opening (or creating) `path` with `secret`: a new file in a family takes
    the portfolio's salt, so that backups share its key."""
    salt = salt_of(path)
    if salt is None:
        owner = _owner(path)
        salt = (salt_of(owner) if owner is not None else None) or os.urandom(16)
    return raw_key(secret, salt)


def is_plain(path: Path) -> bool:
    """True when `path` starts as plain SQLite does (an existing plain file stays plain even
    in an encrypted family: a backup taken before encryption, say)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def keyed(path: Path) -> bool:
    """True when `path` is (or, being new, will be) opened encrypted: an encrypted file of a
    family we hold the passphrase of, or a new one whose portfolio is encrypted (or new)."""
    owner = _owner(path)
    if owner is None or is_plain(path):
        return False
    return salt_of(path) is not None or not is_plain(owner)


def _quoted(secret: str) -> str:
    return "'" + secret.replace("'", "''") + "'"


_quieted = False


def _quiet(connection=None) -> None:
    """SQLCipher's log off: it would print to stderr (a wrong passphrase, say). The level is
    the library's, not a connection's, so it is set once per process (through `connection`,
    or one made for it) — not by every keyed connection: each statement the start's check
    runs costs its thread a wait for the interpreter (see `integrity._EVERY_STORED_TABLE`)."""
    global _quieted
    if _quieted:
        return
    through = connection if connection is not None else sqlcipher.connect(":memory:")
    try:
        through.execute("PRAGMA cipher_log_level = NONE")
    finally:
        if connection is None:
            through.close()
    _quieted = True


def open_keyed(target: str, key: str | None, *, uri: bool = False, **options: Any):
    """An SQLCipher connection to `target` with `key` (from `key_for`) set before anything is
    read (no key: a plain file through SQLCipher's module, for exporting it)."""
    connection = sqlcipher.connect(target, uri=uri, **options)
    try:
        _quiet(connection)
        if key is not None:
            connection.execute(f"PRAGMA key = {_quoted(key)}")
    except BaseException:
        connection.close()
        raise
    return connection


def open_to_read(path: Path, secret: str):
    """A read-only SQLCipher connection to the encrypted file `path`, keyed from `secret`
    (unlocked or not: it is how the passphrase is checked, and the start's page check begun
    as soon as the key is derived)."""
    return open_keyed(f"{path.resolve().as_uri()}?mode=ro", key_for(path, secret), uri=True)


def connect(path: Path, *, read_only: bool = False, **options: Any):
    """A DB-API connection to `path`: Python's sqlite3 for a plain file, SQLCipher with the
    passphrase for an encrypted one (or a new one in an encrypted family)."""
    target, uri = (f"{path.resolve().as_uri()}?mode=ro", True) if read_only else (str(path), False)
    if not keyed(path):
        return sqlite3.connect(target, uri=uri, **options)
    secret = passphrase_for(path)
    assert secret is not None
    return open_keyed(target, key_for(path, secret), uri=uri, **options)


def engine_options(path: Path | None) -> dict[str, Any]:
    """What `create_engine` needs for `path`: nothing for a plain file; for an encrypted one,
    SQLCipher's module (so SQLAlchemy recognises its errors) and connections keyed first."""
    if path is None or not keyed(path):
        return {}

    def keyed_connection():
        if passphrase_for(path) is None:  # locked (the window was left): nothing is read
            raise PassphraseNeeded(f"{path.name} is locked: its passphrase unlocks it.")
        return connect(path, check_same_thread=False)

    return {"module": sqlcipher, "creator": keyed_connection}


def is_sqlcipher(connection: object) -> bool:
    """True for a connection made by SQLCipher's module (an encrypted file's)."""
    return isinstance(connection, sqlcipher.Connection)


def library_version(connection: object) -> str:
    """The version of the SQLite library behind `connection` (SQLCipher's or Python's own),
    known without running a statement."""
    return sqlcipher.sqlite_version if is_sqlcipher(connection) else sqlite3.sqlite_version


def is_wrong_key(error: Exception, path: Path) -> bool:
    """SQLCipher's "not a database" on a keyed file: the passphrase is wrong (not damage)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF == _SQLITE_NOTADB and keyed(path)


def wrong(path: Path) -> WrongPassphrase:
    return WrongPassphrase(f"That passphrase does not open {path}. It was left untouched.")


def check_passphrase(path: Path, secret: str) -> None:
    """Raise `WrongPassphrase` unless `secret` opens the encrypted file `path` (read only)."""
    if not secret or "\x00" in secret:
        raise wrong(path)
    try:
        connection = open_to_read(path, secret)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlcipher.Error as error:
        if getattr(error, "sqlite_errorcode", None) == _SQLITE_NOTADB:
            raise wrong(path) from None
        raise StoreError(f"{path} could not be read ({error}). It was left untouched.") from None


def unlock(path: Path, secret: str) -> None:
    """Remember `secret` for `path` in this process: checked first when the file is already
    encrypted; for a new portfolio it is the passphrase it will be created with."""
    path = path.absolute()
    if looks_encrypted(path):
        check_passphrase(path, secret)
    elif is_plain(path):
        raise StoreError(f"{path} is not encrypted, so it takes no passphrase.")
    elif "\x00" in secret or not secret:
        raise WrongPassphrase("A passphrase must not be empty or contain a NUL character.")
    _passphrases[path] = secret


def forget(path: Path) -> None:
    """Drop the passphrase held for `path` (after decrypting it, or when the window locks)."""
    secret = _passphrases.pop(path.absolute(), None)
    with _lock:
        for known in [known for known in _derived if known[0] == secret]:
            del _derived[known]
        for known in [known for known in _deriving if known[0] == secret]:
            del _deriving[known]


def secrets() -> list[str]:
    """The passphrases held (for the crash report to take out of any message)."""
    return list(_passphrases.values())


def needs_passphrase(path: Path) -> bool:
    """True when `path` is encrypted and this process holds no passphrase for it."""
    return looks_encrypted(path) and passphrase_for(path) is None

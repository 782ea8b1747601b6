"""Encrypting, decrypting and changing the passphrase of a portfolio file, with its backups.

Each is a complete copy: SQLCipher's `sqlcipher_export` writes every table into a new file
beside the portfolio, under the new passphrase (or none); the copy must pass SQLite's full
`integrity_check` and hold the same schema revision before it replaces the file with one
atomic rename. Only then is the old file overwritten and removed. A crash at any moment leaves
the file at its name whole, under the old passphrase or the new one — never neither. (SQLCipher's
`PRAGMA rekey` rewrites the pages in place instead; the copy keeps that promise simply, and
rewrites the backups alike.) The portfolio must not be open in this process meanwhile.
"""

from __future__ import annotations

import os
from pathlib import Path

from alliance_desk.core.files import describe_os_error, shred, sync_folder
from alliance_desk.store import backup, cipher, first_frame
from alliance_desk.store.errors import StoreError, sqlite_failure
from alliance_desk.store.integrity import inspect_file
from alliance_desk.store.location import partial_path

# A test sets this to stop the work at a named step (`os.kill(os.getpid(), SIGKILL)` there).
_STEPS = ("exported", "verified", "checkpointed", "linked", "replaced", "shredded")


def _step(name: str) -> None:
    if os.environ.get("ALLIANCE_DESK_TEST_KILL_AT") == name:  # only tests set it
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def encrypt(path: Path, passphrase: str) -> list[Path]:
    """Encrypt the plain portfolio at `path` (and its backups) with `passphrase`. Returns the
    backups that could not be encrypted (damaged copies, left as they were)."""
    if not passphrase or "\x00" in passphrase:
        raise StoreError("A passphrase must not be empty or contain a NUL character.")
    if cipher.looks_encrypted(path):
        raise StoreError(f"{path} is encrypted already; nothing was changed.")
    inspect_file(path)  # a damaged or foreign file is refused before anything is written
    left = _convert_family(path, None, passphrase)
    first_frame.forget(path)  # Today as last shown, kept in plain text: not any more
    return left


def decrypt(path: Path) -> list[Path]:
    """Decrypt the encrypted portfolio at `path` (unlocked in this process) and its backups."""
    old = _unlocked(path)
    return _convert_family(path, old, None)


def change_passphrase(path: Path, new: str) -> list[Path]:
    """Re-encrypt the portfolio at `path` (unlocked) and its backups under `new`."""
    if not new or "\x00" in new:
        raise StoreError("A passphrase must not be empty or contain a NUL character.")
    old = _unlocked(path)
    return _convert_family(path, old, new)


def _unlocked(path: Path) -> str:
    if not cipher.looks_encrypted(path):
        raise StoreError(f"{path} is not encrypted; nothing was changed.")
    secret = cipher.passphrase_for(path)
    if secret is None:
        raise cipher.PassphraseNeeded(f"{path} is encrypted: its passphrase is needed.")
    inspect_file(path)
    return secret


def _convert_family(path: Path, old: str | None, new: str | None) -> list[Path]:
    """The portfolio first (the one that matters), then each backup; the process then holds
    `new` for the family. Backups that do not open under `old` are returned, untouched."""
    convert(path, old, new)
    salt = cipher.salt_of(path) if new is not None else None  # the backups share its key
    cipher.forget(path)
    if new is not None:
        cipher.unlock(path, new)
    skipped = []
    for info in backup.list_backups(path):
        if cipher.looks_encrypted(info.path) != (old is not None):
            continue  # already as wanted (or plain among encrypted ones: left alone)
        try:
            convert(info.path, old, new, wal=False, salt=salt)
        except StoreError:
            skipped.append(info.path)
    return skipped


def convert(
    path: Path, old: str | None, new: str | None, *, wal: bool = True, salt: bytes | None = None
) -> None:
    """Replace the file at `path` (under passphrase `old`, None for plain) by a verified copy
    under `new` (None for plain); the old content is overwritten before it is removed."""
    aside = partial_path(path)
    retired = path.with_name(f"{path.name}.old.{os.getpid()}.partial")
    for leftover in (aside, retired):
        leftover.unlink(missing_ok=True)
    try:
        os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        source = cipher.open_keyed(str(path), old and cipher.key_for(path, old), timeout=10)
        new_key = new and cipher.raw_key(new, salt or os.urandom(16))
        try:
            source.execute("ATTACH DATABASE ? AS target KEY ?", (str(aside), new_key or ""))
            source.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made
            source.execute("SELECT sqlcipher_export('target')")
            source.execute("COMMIT")
            source.execute("DETACH DATABASE target")
            _step("exported")
            _verify(aside, new_key, revision=_revision(source), wal=wal)
            _step("verified")
            # Everything the WAL held is in the file now, so the WAL can go with it.
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
        _step("checkpointed")
        try:  # the old content stays reachable by us until it is shredded
            os.link(path, retired)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: the rename alone removes it
            pass
        _step("linked")
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(aside, path)
        sync_folder(path.parent)
        _step("replaced")
    except cipher.ERRORS as error:
        _discard(aside)
        retired.unlink(missing_ok=True)
        raise sqlite_failure(error, "nothing was changed", path) from None
    except OSError as error:
        _discard(aside)
        retired.unlink(missing_ok=True)
        raise StoreError(
            f"{path} was not changed: {describe_os_error(error)}. It is as it was."
        ) from None
    except BaseException:
        _discard(aside)
        raise
    if retired.exists():
        shred(retired)
    _step("shredded")


def _revision(connection) -> str:
    return connection.execute("SELECT version_num FROM main.alembic_version").fetchone()[0]


def _verify(aside: Path, new: str | None, *, revision: str, wal: bool) -> None:
    """The copy reads back under `new`, passes the full integrity check, holds the same
    revision, and is synced to disk in WAL mode (a portfolio) or not (a backup)."""
    copy = cipher.open_keyed(str(aside), new)
    try:
        rows = copy.execute("PRAGMA integrity_check").fetchall()
        if [row[0] for row in rows] != ["ok"] or _revision(copy) != revision:
            raise StoreError(f"The new copy of {aside.name} did not read back; nothing changed.")
        copy.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}")
    finally:
        copy.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{aside}{suffix}").unlink(missing_ok=True)
    with open(aside, "rb+") as handle:
        os.fsync(handle.fileno())


def _discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

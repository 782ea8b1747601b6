"""New portfolio files made safely: built beside their name and renamed into place once
whole; the schema brought to head."""

from __future__ import annotations

import os
from pathlib import Path

from alliance_desk.core.files import describe_os_error, sync_folder
from alliance_desk.store import cipher
from alliance_desk.store.errors import StoreError
from alliance_desk.store.integrity import is_new
from alliance_desk.store.location import Location, data_dir, make_private_dir, partial_path


def upgrade_to_head(location: Location) -> None:
    """Run Alembic's `upgrade head` in one transaction. Imported lazily: Alembic costs
    ≈ 270 ms to import, and start-up needs it only when the file is older than the app."""
    from alliance_desk.store.migrate import upgrade

    upgrade(location)


def prepare_folder(path: Path) -> None:
    """A new portfolio's folder: the data folder is made on first use; any other folder must
    exist already (a mistyped path should not silently grow a tree of folders)."""
    folder = path.parent
    if folder.is_dir():
        return
    if folder == data_dir():
        make_private_dir(folder)
        return
    raise StoreError(
        f"The folder {folder} does not exist, so no portfolio was created there. "
        "Create the folder first, or check the path."
    )


def create_portfolio(location: Location) -> bool:
    """Build a new portfolio at head beside `location.path` and rename it into place once it
    is complete, so a crash at any moment leaves either no file or a whole one. Returns False
    (and discards the build) when another process put a portfolio there in the meantime."""
    path = location.path
    assert path is not None, "only a file is created this way"
    prepare_folder(path)
    aside = partial_path(path)
    remove_with_journals(aside)
    try:
        os.close(os.open(aside, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        upgrade_to_head(Location(f"sqlite:///{aside}", aside))
        connection = cipher.connect(aside)
        try:  # born in WAL mode, so opening it never has to write to switch
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
        with open(aside, "rb+") as handle:
            os.fsync(handle.fileno())
        placed = place_new_file(aside, path)
    except OSError as error:
        raise StoreError(
            f"A new portfolio could not be created at {path}: {describe_os_error(error)}."
        ) from None
    finally:
        remove_with_journals(aside)
    sync_folder(path.parent)
    return placed


def remove_with_journals(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def place_new_file(aside: Path, path: Path) -> bool:
    """Rename the finished `aside` to `path` unless a portfolio appeared there meanwhile. An
    empty file there is replaced; journals left by a file that no longer exists are removed
    first, or SQLite would replay them into the new one."""
    if path.exists() and not is_new(path):
        return False
    for suffix in ("-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if path.exists():
        os.replace(aside, path)
        return True
    try:
        os.link(aside, path)  # fails if the name was taken meanwhile, unlike a rename
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links
        os.replace(aside, path)
    return True

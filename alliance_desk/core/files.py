"""Writing and reading the user's files safely: every file the app writes (exports, PDFs,
calendar invitations, pictures) is private to its owner and appears whole or not at all, and a
file the app reads is read only up to a limit.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from alliance_desk.core.i18n import translate

CHUNK = 1024 * 1024
DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}


class UnusablePath(OSError):
    """A path that cannot be used as asked; `strerror` is a sentence for the user."""


def _a_folder(path: str | os.PathLike[str]) -> str:
    return translate("Files", "{path} is a folder, not a file").format(path=path)


def check_writable_target(path: Path) -> None:
    """Raise `UnusablePath` when `path` cannot take a new file: its folder is missing, or it is
    a folder or a device rather than a file (which a rename would replace)."""
    folder = path.parent
    if not folder.is_dir():
        raise UnusablePath(
            errno.ENOENT,
            translate("Files", "the folder {folder} does not exist").format(folder=folder),
            str(path),
        )
    if path.is_dir():
        raise UnusablePath(errno.EISDIR, _a_folder(path), str(path))
    if path.exists() and not path.is_file():
        raise UnusablePath(
            errno.EINVAL,
            translate("Files", "{path} is not an ordinary file").format(path=path),
            str(path),
        )


@contextmanager
def private_file(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write `path` through: a temporary file beside it, created 0600, synced
    and renamed over `path` only when the block ends without an error. On any failure the
    temporary file is removed and `path` (if it existed) is left exactly as it was."""
    path = Path(path)
    check_writable_target(path)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_private(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically, readable by its owner only. Returns the path."""
    with private_file(path) as handle:
        handle.write(data)
    return Path(path)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class TooLarge(ValueError):
    """The file holds more than the reader accepts; nothing past the limit was read."""


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of `path`, refusing (`TooLarge`) anything longer than `limit` without reading
    past it: a 3 GB file is refused from its size, an endless device after `limit` bytes."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise UnusablePath(errno.EISDIR, _a_folder(path), str(path))
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise TooLarge(info.st_size)
        parts, size = [], 0
        while size <= limit:
            part = handle.read(min(CHUNK, limit + 1 - size))
            if not part:
                break
            parts.append(part)
            size += len(part)
        if size > limit:
            raise TooLarge(size)
        return b"".join(parts)


def describe_os_error(error: OSError) -> str:
    """An operating-system failure in the user's words ("the disk is full", "permission
    denied"), never a traceback. Messages this module wrote itself are passed through."""
    if isinstance(error, UnusablePath) and error.strerror:
        return error.strerror
    if error.errno in DISK_FULL:
        return translate("Files", "the disk is full (or the file would be too large)")
    if error.errno in _DENIED:
        return translate("Files", "permission denied (the file or its folder is read-only)")
    if error.errno == errno.ENOENT:
        return translate("Files", "no such file or folder")
    if error.errno == errno.EISDIR:
        return translate("Files", "it is a folder, not a file")
    if error.errno == errno.ENAMETOOLONG:
        return translate("Files", "the name is too long")
    return error.strerror or str(error)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, sync it, then remove it — unless another name (a hard
    link) still shares its content, which is then kept. (On an SSD or a copy-on-write
    file system the old blocks may survive elsewhere: full-disk encryption covers that.)"""
    try:
        status = path.stat()
        if status.st_nlink > 1:  # another name still holds this content: only unlink this one
            path.unlink()
            return
        size = status.st_size
        with open(path, "r+b") as handle:
            block = b"\x00" * 65536
            for _ in range(0, size, len(block)):
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)

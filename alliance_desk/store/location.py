"""Where the portfolio lives: the user data folder, unless the user names a file or a URL."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from alliance_desk.core.files import shred
from alliance_desk.store.errors import StoreError

APP_DIR_NAME = "alliance-desk"
DEFAULT_FILE = "portfolio.sqlite3"
DEMO_FILE = "demo-portfolio.sqlite3"


def data_dir() -> Path:
    """The user data folder: ~/.local/share/alliance-desk on Linux, the platform's own elsewhere.

    `ALLIANCE_DESK_HOME` overrides it (tests and portable installs use this).
    """
    override = os.environ.get("ALLIANCE_DESK_HOME")
    if override:
        return Path(override)
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def log_dir() -> Path:
    """Where the app's log and crash reports go: the platform's user log folder
    (~/.local/state/alliance-desk/log on Linux), or `logs` in `ALLIANCE_DESK_HOME`."""
    override = os.environ.get("ALLIANCE_DESK_HOME")
    if override:
        return Path(override) / "logs"
    return platformdirs.user_log_path(APP_DIR_NAME, appauthor=False)


def default_database_path() -> Path:
    return data_dir() / DEFAULT_FILE


def demo_database_path() -> Path:
    return data_dir() / DEMO_FILE


@dataclass(frozen=True, slots=True)
class Location:
    """A database to open: an SQLAlchemy URL, and the file behind it when it is SQLite on disk."""

    url: str
    path: Path | None

    @property
    def display(self) -> str:
        return str(self.path) if self.path else self.url.split("@")[-1]

    @property
    def has_password(self) -> bool:
        return self.path is None and without_password(self.url) != self.url


def without_password(url: str) -> str:
    """The URL as it may be remembered: a server URL with any password taken out."""
    if "://" not in url or url.startswith("sqlite"):
        return url
    from sqlalchemy.engine import make_url

    parsed = make_url(url)  # (URL.set(password=None) would keep it: None means "unchanged")
    return parsed._replace(password=None).render_as_string(hide_password=False)


def with_password(url: str, password: str) -> str:
    """The server URL to connect with, the password put in (never stored anywhere)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)


SERVER_SCHEMES = ("postgresql+psycopg://", "postgresql://")


def resolve(target: str | os.PathLike[str] | None) -> Location:
    """Turn `--db`'s value (a path, an SQLAlchemy URL, or nothing) into a `Location`.

    Raises `StoreError` for what cannot hold a portfolio: an in-memory SQLite database (it
    would lose everything at exit) or a server other than PostgreSQL.
    """
    if target is None:
        path = default_database_path()
        return Location(f"sqlite:///{path}", path)
    text = os.fspath(target)
    if not text.strip():
        raise StoreError("No portfolio was named: give a file path or a postgresql+psycopg:// URL.")
    if "://" not in text:
        path = Path(text).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    if text.startswith("sqlite:"):
        file = text.removeprefix("sqlite:///") if text.startswith("sqlite:///") else ""
        if not file or file == ":memory:" or file.startswith("file:"):
            raise StoreError(
                f"{text} is a database in memory, which would lose everything when the command "
                "ends: give a file path instead."
            )
        path = Path(file).expanduser().resolve()
        return Location(f"sqlite:///{path}", path)
    if not text.startswith(SERVER_SCHEMES):
        scheme = text.split("://", 1)[0]
        raise StoreError(
            f"{scheme}:// databases are not supported: a portfolio is an SQLite file or a "
            "PostgreSQL team store (postgresql+psycopg://USER@HOST/DATABASE)."
        )
    from sqlalchemy.engine import make_url

    url = "postgresql+psycopg://" + text.split("://", 1)[1]  # the driver the app ships with
    try:
        make_url(url).port  # noqa: B018 - the port is parsed only when asked for
    except Exception:  # SQLAlchemy raises ArgumentError or ValueError for a malformed URL
        where = text.split("://", 1)[1].split("@")[-1]  # never echo a password
        raise StoreError(f"The database URL for {where} is not valid.") from None
    return Location(url, None)


_PARTIAL = re.compile(r"^(?P<name>.+?)\.(?P<pid>\d+)\.partial(?:-journal|-wal|-shm)?$")
_OLD_PARTIAL = re.compile(r"^.+\.(?:partial|building)(?:-journal|-wal|-shm)?$")


def partial_path(path: Path) -> Path:
    """Where a file is built before it is renamed into `path`: beside it, named after this
    process so that two processes never build into the same file."""
    return path.with_name(f"{path.name}.{os.getpid()}.partial")


def _abandoned(entry: Path, pid: int) -> bool:
    """True when the process that was building `entry` is gone."""
    if pid == os.getpid():
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send Ctrl+C there: go by age instead
        return entry.stat().st_mtime < time.time() - 86400
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists, under another user
    return False


def remove_leftovers(folder: Path, prefix: str) -> list[Path]:
    """Delete partial files in `folder` whose names start with `prefix` and whose process is
    gone (a crash or a kill mid-way left them). Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(prefix):
            continue
        match = _PARTIAL.match(entry.name)
        try:
            stale = (
                _abandoned(entry, int(match["pid"]))
                if match
                else bool(_OLD_PARTIAL.match(entry.name))
            )
            if stale:
                if ".old." in entry.name:  # a plain file an interrupted encryption retired
                    shred(entry)
                entry.unlink(missing_ok=True)
                removed.append(entry)
        except OSError:
            continue
    return removed


def make_private_dir(folder: Path) -> None:
    """Create a folder only its owner can enter (the data may be confidential deal information)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)

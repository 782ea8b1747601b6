"""Where the portfolio lives: the user data folder, unless the user names a file or a URL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

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


def resolve(target: str | os.PathLike[str] | None) -> Location:
    """Turn `--db`'s value (a path, an SQLAlchemy URL, or nothing) into a `Location`."""
    if target is None:
        path = default_database_path()
        return Location(f"sqlite:///{path}", path)
    text = os.fspath(target)
    if "://" in text:
        if text.startswith("sqlite:///") and len(text) > len("sqlite:///"):
            path = Path(text.removeprefix("sqlite:///")).expanduser().resolve()
            return Location(f"sqlite:///{path}", path)
        return Location(text, None)
    path = Path(text).expanduser().resolve()
    return Location(f"sqlite:///{path}", path)


def make_private_dir(folder: Path) -> None:
    """Create a folder only its owner can enter (the data may be confidential deal information)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)

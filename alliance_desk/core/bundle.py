"""Where the files the app ships with live, both from a checkout and inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def install_root() -> Path:
    """The folder that holds `resources/` and `migrations/`."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file or folder under `resources/`."""
    return install_root().joinpath("resources", *parts)


def migrations_path() -> Path:
    """The Alembic environment."""
    return install_root() / "migrations"

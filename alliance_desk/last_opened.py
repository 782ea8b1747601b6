"""Which portfolio a start that names none reopens: the last one opened, as the user's
settings (QSettings) remember it, unless they turned reopening off. QtCore alone: read
before the window's code loads, so a remembered team store is reached while Qt starts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings

REOPEN_LAST = "start/reopen_last"
LAST_DATABASE = "start/last_database"


def reopen_last(settings: QSettings) -> bool:
    return bool(settings.value(REOPEN_LAST, True, type=bool))


def remembered(settings: QSettings) -> str | None:
    """The portfolio to reopen: a team store's address (without its password: asked
    again), or a file that still exists; None when there is none or reopening is off."""
    last = settings.value(LAST_DATABASE)
    if last and reopen_last(settings) and ("://" in str(last) or Path(str(last)).exists()):
        return str(last)
    return None


def remembered_hint(organisation: str, application: str) -> str | None:
    """The store `remembered` will name, read without Qt (importing it here would make
    every module imported after it dearer) from the file Qt keeps the settings in on Linux
    and the BSDs: an INI file under the XDG config folder. A hint only: the start compares
    it with what Qt reads. None where there is no such file, or a value is written in a
    way this reading does not follow (quoted, escaped) — reopened as before."""
    import configparser
    import os

    folder = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    settings = Path(folder) / organisation / f"{application}.conf"
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        with open(settings, encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeError, configparser.Error):
        return None
    group, key = LAST_DATABASE.split("/")
    last = parser.get(group, key, fallback="")
    reopen = parser.get(*REOPEN_LAST.split("/"), fallback="true")
    if reopen != "true" or '"' in last or "\\" in last or last.startswith("@"):
        return None
    return last if "://" in last else None  # a file's check begins as before

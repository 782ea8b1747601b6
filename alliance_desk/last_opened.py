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


def remembered_early(organisation: str, application: str) -> str | None:
    """`remembered`, read before the application object exists (its names given here)."""
    from PySide6.QtCore import QSettings

    return remembered(QSettings(organisation, application))

"""Where the app proposes to save what a user exports (their documents folder, under a name
that says what the file is), and the saving itself, said in the status bar or as an error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths

from alliance_desk.core.files import describe_os_error, write_private
from alliance_desk.ui.i18n import translate

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(*parts: str, suffix: str) -> str:
    """A file name from `parts` ("HALO-7 …", "Governance pack", "2026-12-16"), joined by
    " — ", with characters no file system accepts (/ \\ : * ? " < > |) replaced."""
    name = " — ".join(UNSAFE.sub("-", part).strip(" .-") for part in parts if part and part.strip())
    return f"{name[:180] or 'export'}{suffix}"


def documents_folder() -> Path:
    """The user's documents folder, or their home folder when the system names none or the
    folder it names does not exist (a save dialog then opened in whatever folder the app
    was started from). Open dialogs start here too."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def documents_path(name: str) -> str:
    """`name` in `documents_folder()`."""
    return str(documents_folder() / name)


def save_reported(desk: Any, path: str, data: bytes, done: str) -> bool:
    """`data` written to `path` (privately, whole or not at all): `done` said in the status
    bar, or why it could not be written as the desk's error. True when written."""
    try:
        write_private(path, data)
    except OSError as error:
        desk.report_error(
            translate("files", "{path} cannot be written: {reason}.").format(
                path=path, reason=describe_os_error(error)
            )
        )
        return False
    desk.status.emit(done)
    return True

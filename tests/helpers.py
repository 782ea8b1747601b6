"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alliance_desk.core.portfolio import AllianceDraft, validate_alliance


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def draft(**values) -> AllianceDraft:
    base = {"name": "Aurora co-development", "partner": "Borealis Bio"}
    base.update(values)
    return validate_alliance(base)


def answer_dialog(qtbot, fill) -> list:
    """Run `fill(dialog)` on the next modal dialog once it opens, and never leave it open
    (a failed step inside would otherwise block the suite). Returns the dialogs seen."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            seen.append(dialog)
            if dialog is not None:
                fill(dialog)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    return seen

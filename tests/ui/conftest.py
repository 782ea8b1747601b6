"""Fixtures for window tests: private settings, captured message boxes, a window factory."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def settings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes are recorded instead of blocking the test: (kind, text) pairs."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []

    def recorder(kind: str):
        def show(_parent, _title, text, *args, **kwargs):
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("critical", "warning", "information", "about"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder(kind)))
    return shown


@pytest.fixture(autouse=True)
def windows_gone_with_their_test():
    """A test's windows are destroyed in its own teardown. pytest-qt closes them and calls
    `deleteLater`, which Qt carries out in the next event loop that runs: without this, that
    was inside the next test (often a modal dialog's `exec`, with that test's windows up).
    Autouse, so its teardown runs after the other fixtures' (make_window closes stores)."""
    yield
    from PySide6.QtCore import QCoreApplication, QEvent

    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot, qapp, settings):
    from PySide6.QtCore import QCoreApplication

    from alliance_desk.app import build_window
    from alliance_desk.core import i18n
    from alliance_desk.ui.theme import apply_theme

    apply_theme(qapp)
    # As the start does (ui/i18n.install_translators), without loading the machine's locale.
    i18n.install(QCoreApplication.translate)
    made = []

    def make(db: str | None = None, demo: bool = False):
        window, error = build_window(db, demo, settings)
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window, error

    yield make
    for window in made:
        if window.desk.store is not None:
            window.desk.store.close()
    # One user operation, one transaction: every edit these tests made, and its undo and redo.
    split = [text for window in made for text in window.desk.split_operations]
    assert split == [], f"operations that took more than one transaction: {split}"


@pytest.fixture
def demo_window(make_window):
    window, error = make_window(demo=True)
    assert error is None
    return window

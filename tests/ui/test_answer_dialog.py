"""The suite's dialog answerer leaves nothing alive behind it: a dialog the test made and
answered is destroyed when the test lets go of it, not whenever the cycle collector next runs
(which may be inside another test's event loop)."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtWidgets import QDialog, QLineEdit

from tests.helpers import answer_dialog


def test_an_answered_dialog_dies_with_the_test_that_made_it(qtbot):
    def opened() -> weakref.ref:
        dialog = QDialog()
        QLineEdit(dialog)
        seen = answer_dialog(qtbot, lambda shown: shown.findChild(QLineEdit).setText("x"))
        dialog.exec()
        assert seen == [dialog]
        return weakref.ref(dialog)

    gc.collect()
    gc.disable()  # only reference counts may free it (the suite keeps it off: tests/conftest.py)
    assert opened()() is None


def test_each_dialog_that_follows_is_answered_in_turn(qtbot):
    titles: list[str] = []

    def note(dialog) -> None:
        titles.append(dialog.windowTitle())

    answer_dialog(qtbot, note, note)
    for title in ("first", "second"):
        dialog = QDialog()
        dialog.setWindowTitle(title)
        dialog.exec()
    assert titles == ["first", "second"]

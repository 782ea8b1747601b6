"""What a dialog opened from the keyboard takes first: what the user types. The check-in
dialog opened with the keyboard on its Check in button (typing went nowhere, and the Space
of a note pressed the button beside it); the weekly review on its list of weeks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QPushButton

from tests.helpers import answer_dialog


def _focus_when_open(window, qtbot, open_it) -> object:
    seen = {}

    def look(dialog) -> None:
        seen["focus"] = dialog.focusWidget()
        seen["form"] = getattr(dialog, "form", None)
        chain, widget = [], dialog.focusWidget()
        for _ in range(60):  # Tab from the field the dialog opened on (a dialog's chain only)
            if widget is None or widget in chain:
                break
            chain.append(widget)
            widget = widget.nextInFocusChain()
        seen["chain"] = [
            type(w).__name__ for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        dialog.reject()

    answer_dialog(qtbot, look)
    open_it()
    return seen


def test_check_in_opens_on_its_first_field(demo_window, qtbot) -> None:
    demo_window.show_section("habits")
    seen = _focus_when_open(demo_window, qtbot, demo_window.check_in)
    assert not isinstance(seen["focus"], QPushButton)
    assert seen["focus"] is seen["form"].fields["habit"]
    first_button = seen["chain"].index("QPushButton")
    assert len(seen["chain"][:first_button]) >= len(seen["form"].fields), seen["chain"]


def test_the_weekly_review_opens_on_what_went_well(demo_window, qtbot) -> None:
    demo_window.show_section("habits")
    seen = _focus_when_open(demo_window, qtbot, demo_window.weekly_review)
    assert isinstance(seen["focus"], QPlainTextEdit)
    assert seen["focus"] is seen["form"].fields["went_well"]
    assert not isinstance(seen["focus"], QComboBox)

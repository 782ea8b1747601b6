"""Help › Keyboard shortcuts (F1): F1 did nothing, the Help menu had no word about keys and
"keyboard" in the palette found nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from alliance_desk.ui.keys_help import KeysHelp
from alliance_desk.ui.palette import CommandSource


def test_f1_shows_every_key_the_menus_answer_to(demo_window, qtbot) -> None:
    qtbot.keyClick(demo_window, Qt.Key.Key_F1)
    shown = demo_window.findChild(KeysHelp)
    assert shown is not None and shown.isVisible()
    keys = {k for k, _does in shown.rows()}
    native = QKeySequence.SequenceFormat.NativeText
    for action in demo_window.commands:
        for key in action.shortcuts()[:1]:
            assert any(key.toString(native) in listed for listed in keys), action.text()
    does = dict(shown.rows())
    assert does["Ctrl+N"].startswith("A new one of what the section shows")
    assert does["Ctrl+K"] == "Go to anything"
    assert "S" in keys and "Ctrl+Tab" in keys  # keys no menu shows: Today's, the tabs'
    shown.close()


def test_the_filter_finds_a_key_by_a_word_of_what_it_does(demo_window, qtbot) -> None:
    demo_window.show_keys()
    shown = demo_window.findChild(KeysHelp)
    qtbot.keyClicks(shown.filter, "snooze")
    assert shown.rows() == [("S", "Snooze")]
    shown.filter.setText("zzzz")
    assert shown.rows() == []
    shown.filter.clear()
    assert len(shown.rows()) > 30


def test_keyboard_in_the_palette_finds_the_keys_page(demo_window) -> None:
    found = CommandSource(demo_window.commands).entries("keyboard")
    assert found and found[0].text.startswith("Keyboard shortcuts")
    found[0].run()
    assert demo_window.findChild(KeysHelp).isVisible()


def test_the_keys_of_meeting_mode_are_on_the_page(demo_window) -> None:
    """ "meeting" found only Ctrl+I; Ctrl+Shift+R and meeting mode's own keys were missing.
    Meeting mode's and Today's come from the tables that bind them, attendance marks too."""
    from alliance_desk.ui.governance.attendance import KEYS as MARKS
    from alliance_desk.ui.governance.meeting_mode import MEETING_KEYS
    from alliance_desk.ui.today.view import TASK_KEYS

    demo_window.show_keys()
    shown = demo_window.findChild(KeysHelp)
    shown.filter.setText("meeting")
    assert "Ctrl+Shift+R" in {k for k, _does in shown.rows()}
    shown.filter.setText("")
    rows = shown.rows()
    for key, _method, does in (*MEETING_KEYS, *TASK_KEYS):
        assert (QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText), does) in rows
    for key, how in MARKS.items():
        assert (QKeySequence(key).toString(), f"Attendee: {how.label}") in rows
    shown.close()

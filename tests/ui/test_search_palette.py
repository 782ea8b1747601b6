"""Ctrl+K finds records by any words written in them, not only by name, and Enter shows the
record in its section, selected."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers import answer_dialog


def _search(demo_window, qtbot, typed: str) -> list:
    rows: list = []

    def fill(dialog) -> None:
        qtbot.keyClicks(dialog.search.line, typed)
        rows.extend(dialog.search.model.visible_rows())
        qtbot.keyClick(dialog.search.line, Qt.Key.Key_Return)

    answer_dialog(qtbot, fill)
    demo_window.show_palette()
    return rows


def test_words_of_an_agenda_item_open_its_meeting(demo_window, qtbot) -> None:
    rows = _search(demo_window, qtbot, "reforecast")
    assert rows and all(row.kind == "Meeting" for row in rows)
    assert "Budget reforecast" in rows[0].detail  # the words around the match
    assert demo_window.current_section() == "risks"
    assert demo_window.risks.meetings.current.id == rows[0].opens.record_id


def test_words_of_a_call_note_open_the_person_it_was_with(demo_window, qtbot) -> None:
    rows = _search(demo_window, qtbot, "coffee partner site")
    assert rows[0].kind == "Interaction"
    assert demo_window.current_section() == "stakeholders"
    assert demo_window.stakeholders.current() is not None


def test_a_record_found_by_name_and_by_words_is_listed_once(demo_window, qtbot) -> None:
    rows = _search(demo_window, qtbot, "fill-finish capacity")
    opened = [row.opens for row in rows if row.opens is not None]
    assert len(opened) == len(set(opened)) >= 1

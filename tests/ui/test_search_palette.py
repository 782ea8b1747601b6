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


def _fragments(document) -> list[tuple[str, bool]]:
    """(text, bold) of each run of the laid-out cell."""
    from PySide6.QtGui import QFont

    runs = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            bold = fragment.charFormat().fontWeight() >= QFont.Weight.Bold
            runs.append((fragment.text(), bold))
            it += 1
        block = block.next()
    return runs


def test_matched_words_are_bold_and_the_rest_shows_as_typed(demo_window, qtbot) -> None:
    """The palette draws the words a search matched in bold; a note holding markup and `&`
    shows those characters literally, never as formatting."""
    from PySide6.QtWidgets import QStyleOptionViewItem
    from sqlalchemy import text

    from alliance_desk.ui.palette import DETAIL, Palette, SearchSource

    store = demo_window.desk.store
    with store.write() as session:
        session.execute(
            text("UPDATE interactions SET note = :n WHERE id = (SELECT min(id) FROM interactions)"),
            {"n": "Agreed <b>not</b> to zqbold the R&D <i>plan</i> &amp; budget"},
        )
    palette = Palette([SearchSource(store, lambda opens: None)], demo_window)
    qtbot.addWidget(palette)
    palette.show()
    qtbot.keyClicks(palette.search.line, "zqbold plan")
    table = palette.search.table
    assert palette.search.model.rowCount() == 1
    index = palette.search.model.index(0, DETAIL)
    delegate = table.itemDelegateForColumn(DETAIL)
    option = QStyleOptionViewItem()
    option.font = table.font()
    document = delegate.document(option, index)
    shown = document.toPlainText()
    assert shown.startswith("Agreed <b>not</b> to zqbold the R&D <i>plan</i> &amp; budget")
    runs = _fragments(document)
    assert {t for t, bold in runs if bold} == {"zqbold", "plan"}
    assert not any(bold for t, bold in runs if "<b>" in t or "&" in t)
    assert table.itemDelegateForColumn(1) is None  # the name: plain, as in every list
    table.viewport().grab()  # the cell paints (a Qt warning would fail the test)


def test_a_long_snippet_is_cut_with_an_ellipsis_keeping_its_bold_words(qtbot) -> None:
    from PySide6.QtGui import QFont, QFontMetricsF

    from alliance_desk.core.search import snippet_parts
    from alliance_desk.ui.marked_text import elided

    font = QFont()
    snippet = "Coffee at the partner site; Rebecca flagged \x02budget\x03 pressure " * 4
    cut = elided(snippet, font, 420)
    assert cut.endswith("…") and len(cut) < len(snippet)
    assert ("budget", True) in snippet_parts(cut)
    assert QFontMetricsF(font).horizontalAdvance(cut.replace("\x02", "").replace("\x03", "")) <= 420
    assert elided("short \x02one\x03", font, 400) == "short \x02one\x03"

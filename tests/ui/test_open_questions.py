"""Open questions in the window: recorded from the decision log's keyboard, decided today
with undo, and listed slowest first on the Value section, where Enter opens one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from alliance_desk.core import wall
from alliance_desk.store import portfolio, risks
from tests.helpers import answer_dialog

HALO = "HALO-7 oncology co-development"
EU = "Who files in the EU: Kestrel as sponsor, or us?"
BOTH = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def log(demo_window):
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    demo_window.risks.tabs.setCurrentWidget(demo_window.risks.decisions)
    return demo_window.risks


def _stored(store, title: str):
    return next((d for d in risks.list_decisions(store) if d.draft.title == title), None)


def test_record_an_open_question_decide_it_today_and_undo_both(log, qtbot) -> None:
    store, tab = log.desk.store, log.decisions

    def fill(dialog) -> None:
        assert dialog.windowTitle() == "Record an open question"
        assert f"For {HALO}" in [label.text() for label in dialog.findChildren(QLabel)]  # whose
        assert dialog.form.fields["decided_on"].text() == ""  # not decided: that is the point
        assert dialog.form.fields["raised_on"].text() == wall.today().isoformat()
        qtbot.keyClicks(dialog.form.fields["title"], "Which CMO takes the second slot?")
        qtbot.keyClick(
            dialog.form.fields["title"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )

    seen = answer_dialog(qtbot, fill)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Q, BOTH)
    assert seen and seen[0] is not None
    asked = _stored(store, "Which CMO takes the second slot?")
    assert asked is not None and asked.draft.open and asked.draft.raised_on == wall.today()
    assert tab.current.id == asked.id and log.questions.decide_button.isEnabled()
    row = tab.model.find(lambda d: d.id == asked.id)
    assert tab.model.index(row, 1).data() == "Open question"

    log.window().activateWindow()  # as the window manager does when the dialog closes
    qtbot.waitUntil(log.window().isActiveWindow)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_D, BOTH)
    decided = _stored(store, "Which CMO takes the second slot?")
    assert decided.draft.decided_on == wall.today() and not decided.draft.open
    assert decided.draft.review_date == log.desk.policy.review_date_for(wall.today())
    assert not log.questions.decide_button.isEnabled()  # nothing left to decide on this one

    log.desk.undo_stack.undo()  # undecided again
    assert _stored(store, "Which CMO takes the second slot?").draft.open
    log.desk.undo_stack.undo()  # and never asked
    assert _stored(store, "Which CMO takes the second slot?") is None


def test_decide_leaves_a_decision_already_taken_alone(log, qtbot) -> None:
    tab = log.decisions
    taken = next(d for d in tab.records if not d.draft.open)
    tab.select(taken.id)
    assert not log.questions.decide_button.isEnabled()
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_D, BOTH)
    assert _stored(log.desk.store, taken.draft.title) == taken
    assert log.desk.undo_stack.count() == 0


def test_typing_a_decided_day_decides_an_open_question(log, qtbot) -> None:
    tab = log.decisions
    question = next(d for d in tab.records if d.draft.title == EU)
    tab.select(question.id)
    field = tab.form.fields["decided_on"]
    field.setFocus()
    qtbot.keyClicks(field, wall.today().isoformat())
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert _stored(log.desk.store, EU).draft.decided_on == wall.today()


def test_the_value_section_lists_open_questions_and_enter_opens_one(demo_window, qtbot):
    demo_window.desk.select_alliance(None)
    demo_window.show_section("value")
    tab = demo_window.value.quadrant
    shown = [tab.questions.list.item(i).text() for i in range(tab.questions.list.count())]
    assert "Open questions, slowest first — the portfolio (2)" in tab.questions.caption.text()
    assert shown[0].startswith(f"{EU} — {HALO} — open 64 days")
    assert "Co-promote in Korea" in shown[1] and "open 41 days" in shown[1]
    halo = next(r for r in tab.rows if r.placement.name == HALO)
    assert tab.model.index(tab.model.find(lambda r: r is halo), 8).data() == "1 (longest 64 d)"
    tab.questions.list.setCurrentRow(0)
    tab.questions.list.setFocus()
    qtbot.keyClick(tab.questions.list, Qt.Key.Key_Return)
    assert demo_window.current_section() == "risks"
    assert demo_window.risks.tabs.currentWidget() is demo_window.risks.decisions
    assert demo_window.risks.decisions.current.draft.title == EU
    assert demo_window.desk.alliance_id is None  # "All alliances" lists it: left as chosen
    demo_window.show_section("value")
    assert "the portfolio (2)" in tab.questions.caption.text()


@pytest.mark.parametrize("size", [(1024, 681), (1440, 881)], ids=["1024x681", "1440x881"])
def test_the_questions_are_read_whole_on_a_laptop(demo_window, size) -> None:
    """Each open question wraps onto as many lines as it needs: nothing is cut in the middle,
    and the list is tall enough for both of the demo's questions."""
    from tests.ui.test_fits import settle

    demo_window.desk.select_alliance(None)
    demo_window.resize(*size)
    demo_window.show()
    demo_window.show_section("value")
    settle()
    box = demo_window.value.quadrant.questions.list
    assert box.count() == 2
    metrics = box.fontMetrics()
    for row in range(box.count()):
        item = box.item(row)
        rect = box.visualItemRect(item)
        needed = metrics.boundingRect(
            rect.adjusted(3, 0, -3, 0), Qt.TextFlag.TextWordWrap, item.text()
        )
        assert needed.height() <= rect.height() + 1, (item.text(), needed, rect)
        assert rect.bottom() <= box.viewport().height(), "the list shows each question"
    assert box.textElideMode() is Qt.TextElideMode.ElideNone


def test_an_open_question_says_it_waits_for_the_decision(log) -> None:
    """The decision log's Implementation column says what an open question waits for, not
    a status of ours ("Pending"); a decision taken but not begun reads "Not started"."""
    table = log.decisions.table
    model = table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = titles.index("Implementation")
    cells = {
        model.index(r, 0).data(): model.index(r, column).data() for r in range(model.rowCount())
    }
    assert cells[EU] == "Waits for the decision"
    assert "Pending" not in cells.values()

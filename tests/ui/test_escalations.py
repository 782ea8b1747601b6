"""The escalation log in the window: keyboard raising, levels, resolving, filters, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from alliance_desk.core import wall
from alliance_desk.core.escalations import LEVELS, EventKind, Status
from alliance_desk.store import escalation_moves, escalations, portfolio
from tests.helpers import answer_dialog, teammate

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def view(demo_window):
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("escalations")
    return demo_window.escalations


def stored(view, escalation_id):
    return escalations.get_escalation(view.desk.store, escalation_id)


def type_reason(qtbot, text: str) -> None:
    """Answer the next reason dialog with `text`, sent with Ctrl+Return."""

    def fill(dialog) -> None:
        qtbot.keyClicks(dialog.text, text)
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, fill)


def test_model_passes_qtmodeltester(qtmodeltester, view) -> None:
    qtmodeltester.check(view.model)
    view.model.sort(0, Qt.SortOrder.AscendingOrder)
    view.text_filter.setText("fill-finish")
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 1


def test_raise_an_escalation_from_the_keyboard(view, qtbot) -> None:
    """Ctrl+Shift+E, type the title, Tab to the category, Ctrl+Enter: logged, and undoable."""

    def fill(dialog) -> None:
        qtbot.keyClicks(dialog.form.title, "Data transfer agreement unsigned")
        dialog.form.category.setCurrentIndex(dialog.form.category.findData("conflict"))
        assert "facilitate" in dialog.form.category_hint.text()
        qtbot.keyClick(dialog.form.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    seen = answer_dialog(qtbot, fill)
    view.table.setFocus()
    qtbot.keyClick(
        view.table,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seen and seen[0] is not None
    assert view.current.title == "Data transfer agreement unsigned"
    made = stored(view, view.current.id)
    assert made.status is Status.OPEN and made.level == 0 and made.draft.raised_on == wall.today()
    view.desk.undo_stack.undo()
    assert "Data transfer agreement unsigned" not in [
        e.title for e in escalations.list_escalations(view.desk.store)
    ]


def test_raise_dialog_asks_for_the_kind_instead_of_presetting_one(view, qtbot) -> None:
    """The first kind was preset (and its hint shown as if chosen): now the kind is chosen,
    and a dialog without one says so and keeps what was typed."""

    def fill(dialog) -> None:
        assert dialog.form.category.currentData() is None
        assert dialog.form.category_hint.text() == ""
        assert not dialog.form.category_hint.isVisible()  # no empty line under the field
        dialog.form.category.setCurrentIndex(dialog.form.category.findData("misunderstanding"))
        assert dialog.form.category_hint.isVisible() and dialog.form.category_hint.text()
        dialog.form.category.setCurrentIndex(0)
        qtbot.keyClicks(dialog.form.title, "Labels reprinted twice")
        dialog.accept()
        assert dialog.isVisible()
        assert "Choose what kind it is" in dialog.form.errors["category"].text()
        assert dialog.form.title.text() == "Labels reprinted twice"
        dialog.form.category.setCurrentIndex(dialog.form.category.findData("business problem"))
        dialog.accept()

    before = len(escalations.list_escalations(view.desk.store))
    answer_dialog(qtbot, fill)
    view.raise_escalation()
    made = escalations.list_escalations(view.desk.store)
    assert len(made) == before + 1
    assert next(e for e in made if e.title == "Labels reprinted twice").draft.category.value == (
        "business problem"
    )


def test_raise_dialog_refuses_a_missing_title(view, qtbot) -> None:
    def fill(dialog) -> None:
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.form.errors["title"].text() == "This is required."

    before = len(escalations.list_escalations(view.desk.store))
    seen = answer_dialog(qtbot, fill)
    view.raise_escalation()
    assert seen[0] is not None
    assert len(escalations.list_escalations(view.desk.store)) == before


def test_escalate_with_a_reason_then_undo(view, qtbot) -> None:
    item = next(e for e in view.items if e.title.startswith("Different reading"))
    view.select(item.id)
    type_reason(qtbot, "Finance heads disagree; needs the JSC")
    view.table.setFocus()
    qtbot.keyClick(
        view.table,
        Qt.Key.Key_Up,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    moved = stored(view, item.id)
    assert (moved.level, moved.level_since) == (2, wall.today())
    assert (
        view.panel.history.item(0)
        .text()
        .endswith("Escalated 1 → 2: Finance heads disagree; needs the JSC")
    )
    view.desk.undo_stack.undo()
    back = stored(view, item.id)
    assert back.level == 1 and back.level_since == item.level_since
    kinds = [e.kind for e in escalations.history(view.desk.store, item.id)]
    assert kinds[-2:] == [EventKind.LEVEL_UP, EventKind.UNDONE]  # history kept, not erased


def test_add_a_note_then_undo(view, qtbot) -> None:
    # The note command once named its text `text`, hiding QUndoCommand.text(): every note
    # raised a TypeError and was never saved.
    item = next(e for e in view.items if e.title.startswith("Different reading"))
    view.select(item.id)
    type_reason(qtbot, "Called the finance lead")
    view.add_note()
    events = escalations.history(view.desk.store, item.id)
    assert (events[-1].kind, events[-1].text) == (EventKind.NOTE, "Called the finance lead")
    assert view.desk.undo_stack.undoText() == "Add a note"
    view.desk.undo_stack.undo()
    events = escalations.history(view.desk.store, item.id)
    assert events[-1].kind == EventKind.UNDONE
    assert "Called the finance lead" in events[-1].text


def test_level_change_without_a_reason_is_refused(view, qtbot) -> None:
    item = view.current
    level = item.level

    def fill(dialog) -> None:
        dialog.accept()
        assert "Say why" in dialog.form.errors["reason"].text()

    answer_dialog(qtbot, fill)
    view.escalate()
    assert stored(view, item.id).level == level


def test_resolve_requires_everything_then_close(view, qtbot) -> None:
    item = next(e for e in view.items if e.title.startswith("Second fill-finish"))
    view.select(item.id)

    def incomplete(dialog) -> None:
        dialog.form.fields["root_cause"].setPlainText("Capacity plan never shared")
        dialog.accept()
        assert dialog.isVisible() and dialog.form.errors["resolution"].text() == "This is required."

    answer_dialog(qtbot, incomplete)
    view.resolve()
    assert stored(view, item.id).status is Status.ESCALATED

    def complete(dialog) -> None:
        dialog.form.fields["root_cause"].setPlainText("Capacity plan never shared")
        dialog.form.fields["resolution"].setPlainText("Q3 slot plus buffer stock")
        dialog.accept()

    answer_dialog(qtbot, complete)
    view.resolve()
    done = stored(view, item.id)
    assert (
        done.status is Status.RESOLVED
        and done.resolution.root_cause == "Capacity plan never shared"
    )
    view.panel.close_escalation()
    assert stored(view, item.id).status is Status.CLOSED
    assert view.panel.buttons["reopen"].isEnabled() and not view.panel.buttons["up"].isEnabled()


def test_filters_and_totals(view) -> None:
    assert "open" in view.totals.text() and "at stake" in view.totals.text()
    # What the filters list, then what is open whatever they list, said as such: it read
    # "3 listed · 7 open", as if 7 of the 3 were open.
    # listing what is open, as the filters start: said once ("7 listed — all open: 7, …")
    everything_open, rest = view.totals.text().split(" open, ", 1)
    assert int(everything_open) == len(view.model.visible_rows()) and "listed" not in rest
    view.text_filter.setText("assay")
    listed, rest = view.totals.text().split(" listed — ")
    assert int(listed) < int(everything_open)
    assert rest.startswith(f"all open: {everything_open},")
    view.text_filter.clear()
    view.past_only.setChecked(True)
    shown = view.model.visible_rows()
    policy = view.policy()
    assert all(line.escalation.past_sla(wall.today(), policy) for line in shown)
    view.past_only.setChecked(False)
    view.status_filter.setCurrentIndex(view.status_filter.findData("closed"))
    assert [line.escalation.title for line in view.model.visible_rows()] == [
        "Publication plan for interim data"
    ]
    view.status_filter.setCurrentIndex(0)
    view.text_filter.setText("clause")
    assert [line.escalation.title[:17] for line in view.model.visible_rows()] == [
        "Different reading"
    ]


def test_edit_a_field_in_the_detail_is_saved_and_recorded(view, qtbot) -> None:
    item = view.current
    field = view.panel.form.value
    field.selectAll()
    qtbot.keyClicks(field, "25")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert stored(view, item.id).draft.value_at_stake == 25.0
    assert escalations.history(view.desk.store, item.id)[-1].text == "Changed value at stake"


def test_age_chart_counts_open_items_per_alliance(demo_window) -> None:
    demo_window.show_section("escalations")
    chart = demo_window.escalations.chart
    totals = {name: sum(c.values()) for name, c in chart.counts.items()}
    assert totals[HALO] == 4  # the closed one is not counted
    assert chart.grab().width() > 0


def test_my_own_workflow_steps_then_an_edit_are_no_conflict(demo_window, qtbot, messages):
    demo_window.show_section("escalations")
    view = demo_window.escalations
    item = next(
        e
        for e in escalations.list_escalations(demo_window.desk.store)
        if e.status.active and e.level < 3
    )
    view.status_filter.setCurrentIndex(1)
    view.select(item.id)
    assert view.current.id == item.id

    def fill(dialog):
        dialog.text.setPlainText("Needs the next level")
        dialog.accept()

    answer_dialog(qtbot, fill)
    view.escalate()
    assert escalations.get_escalation(demo_window.desk.store, item.id).level == item.level + 1
    view.panel.form.title.setText("Renamed after escalating")
    view.panel._save_form()
    assert not messages, messages
    assert (
        escalations.get_escalation(demo_window.desk.store, item.id).draft.title
        == "Renamed after escalating"
    )
    demo_window.desk.undo_stack.undo()
    demo_window.desk.undo_stack.undo()
    assert not messages, messages


def test_a_step_on_a_stale_log_is_refused_and_the_dialog_does_not_come_back(view, qtbot, messages):
    """A teammate escalated the issue after my log was drawn: my de-escalation, decided on
    the level I saw, is refused; the log shows their level and the reason dialog is not
    reopened (what I asked no longer applies)."""
    item = next(e for e in view.items if e.status.active and 0 < e.level < 3)
    view.select(item.id)
    with teammate(view.desk.store) as other:
        escalation_moves.change_level(other, item.id, item.level + 1, "Needs the next level")
    asked = []

    def fill(dialog) -> None:
        asked.append(dialog)
        dialog.text.setPlainText("Sorted between the managers")
        dialog.accept()

    seen = answer_dialog(qtbot, fill, fill)
    view.deescalate()
    qtbot.waitUntil(lambda: len(seen) == 2)  # the second dialog never came: None
    assert len(asked) == 1 and seen[1] is None
    assert messages and "changed elsewhere" in messages[-1][1]
    assert stored(view, item.id).level == item.level + 1
    assert view.current.level == item.level + 1
    assert view.desk.undo_stack.count() == 0


def test_undo_of_my_step_never_reverts_a_teammates_later_one(view, qtbot, messages):
    item = next(e for e in view.items if e.status.active and e.level < 2)
    view.select(item.id)

    def fill(dialog) -> None:
        dialog.text.setPlainText("Needs the next level")
        dialog.accept()

    answer_dialog(qtbot, fill)
    view.escalate()
    assert stored(view, item.id).level == item.level + 1
    with teammate(view.desk.store) as other:
        escalation_moves.change_level(other, item.id, item.level + 2, "And the one above")
    view.desk.undo_stack.undo()
    assert messages and "was not undone" in messages[-1][1]
    assert stored(view, item.id).level == item.level + 2


def test_the_history_is_as_tall_as_its_entries_so_the_details_stay_near(view, qtbot) -> None:
    """A short history takes its entries' lines (wrapped to the panel), not a tall empty box
    pushing the details below the fold; a long one grows to eight entries and scrolls past
    them."""
    item = next(e for e in view.items if e.title.startswith("Different reading"))
    view.select(item.id)
    history = view.panel.history
    short = history.height()
    assert history.count() <= 2
    lines = sum(history.visualItemRect(history.item(row)).height() for row in range(2))
    assert short <= lines + 2 * history.frameWidth() + 4, "no empty box under the entries"
    assert history.verticalScrollBar().maximum() == 0, "and none of them cut"
    for number in range(12):
        escalation_moves.add_note(view.desk.store, item.id, f"Chased them, round {number}")
    view.panel.forget([item.id])
    view.select(item.id)
    qtbot.waitUntil(lambda: history.count() >= 13)
    assert history.height() > short
    assert history.verticalScrollBar().maximum() > 0  # the rest scrolls


def test_a_long_history_lists_its_newest_events_and_the_rest_on_request(view, qtbot) -> None:
    """An escalation noted on for a year has hundreds of events: choosing it read and laid out
    every one each time. The newest 50 are listed, newest first, and a last line offers the
    rest; clicking it lists every event and goes to the first of those."""
    from alliance_desk.ui.escalations.panel import HISTORY_SHOWN

    item = next(e for e in view.items if e.title.startswith("Different reading"))
    before = len(escalations.history(view.desk.store, item.id))
    for number in range(HISTORY_SHOWN + 11 - before):
        escalation_moves.add_note(view.desk.store, item.id, f"Chased them, round {number}")
    view.panel.forget([item.id])
    view.select(item.id)
    history = view.panel.history
    listed = [history.item(row).text() for row in range(history.count())]
    assert len(listed) == HISTORY_SHOWN + 1
    last = HISTORY_SHOWN + 10 - before
    assert listed[0].endswith(f"Chased them, round {last}")  # the newest first
    assert listed[-1] == "Show 11 earlier events…"
    line = history.item(HISTORY_SHOWN)
    history.scrollToItem(line)
    qtbot.mouseClick(
        history.viewport(), Qt.MouseButton.LeftButton, pos=history.visualItemRect(line).center()
    )
    every = [history.item(row).text() for row in range(history.count())]
    assert len(every) == HISTORY_SHOWN + 11
    assert every[:HISTORY_SHOWN] == listed[:HISTORY_SHOWN]
    assert history.currentRow() == HISTORY_SHOWN
    recorded = escalations.history(view.desk.store, item.id)  # oldest first, as kept
    assert [text.split("  ·  ", 1)[1] for text in every] == [
        e.describe() for e in reversed(recorded)
    ]


def test_a_short_history_has_no_line_for_the_rest(view) -> None:
    item = next(e for e in view.items if e.title.startswith("Different reading"))
    view.select(item.id)
    history = view.panel.history
    recorded = escalations.history(view.desk.store, item.id)
    assert history.count() == len(recorded) > 0
    assert not any("earlier" in history.item(row).text() for row in range(history.count()))


def test_the_state_line_reads_as_one_sentence(view) -> None:
    """The line under an escalation's title capitalised its parts at random ("level 0 ·
    Working team since …", "(Past by 6 business days)"); it now names the level as the
    history does, "level 0 (working team)", and its SLA in lower case inside brackets."""
    policy = view.desk.policy.sla
    late = next(e for e in view.items if e.status.active and e.past_sla(wall.today(), policy))
    view.select(late.id)
    text = view.panel.state.text()
    level = LEVELS[late.level].lower()
    assert f"level {late.level} ({level}) since " in text
    assert "(past by " in text and "Past" not in text
    assert text.startswith(late.status.label)  # the line's one capital, as a sentence's

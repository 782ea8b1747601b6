"""Today in the window: a ranked to-do list whose tasks open their record with Enter and are
acted on in place — log the call, tick the item, snooze to a day — with cards that filter it
and empty states that say what to do next."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from alliance_desk.core import wall
from alliance_desk.core.dates import clock
from alliance_desk.core.onboarding import ItemStatus
from alliance_desk.core.stakeholders import InteractionKind
from alliance_desk.core.today import MEETINGS_AHEAD
from alliance_desk.store import contact_log, onboarding
from alliance_desk.store import today as store_today
from alliance_desk.store.today import load_today
from alliance_desk.ui.today.tasks import TaskModel
from tests.helpers import answer_dialog, draft


@pytest.fixture
def today(demo_window):
    demo_window.show_section("today")
    return demo_window.today


def _select(view, kind: str):
    row = next(r for r, t in enumerate(view.model.tasks) if t.kind == kind)
    view.select_row(row)
    view.list.setFocus()
    return view.model.tasks[row]


def test_the_task_model_passes_qtmodeltester(qtmodeltester, today) -> None:
    model = TaskModel()
    model.set_tasks(load_today(today.desk.store, limit=None).tasks)
    qtmodeltester.check(model)
    assert model.rowCount() > 50


def test_the_list_is_ranked_and_says_what_where_why_and_how_late(today) -> None:
    tasks = today.model.tasks
    assert [t.score for t in tasks] == sorted((t.score for t in tasks), reverse=True)
    first = today.model.index(0, 0)
    tip = first.data(Qt.ItemDataRole.ToolTipRole)
    task = tasks[0]
    assert task.what in tip and task.alliance in tip and task.why in tip
    assert first.data(Qt.ItemDataRole.AccessibleTextRole) == tip
    assert any(t.late and "late" in t.when for t in tasks)


@pytest.mark.parametrize(
    ("kind", "section"),
    [
        ("call", "stakeholders"),
        ("onboarding", "onboarding"),
        ("escalation", "escalations"),
        ("risk", "risks"),
        ("obligation", "risks"),
        ("decision", "risks"),
        ("action", "risks"),
    ],
)
def test_enter_opens_the_record_behind_a_task(demo_window, today, qtbot, kind, section) -> None:
    task = _select(today, kind)
    qtbot.keyClick(today.list, Qt.Key.Key_Return)
    assert demo_window.current_section() == section
    record = task.opens.record_id
    shown = {
        "call": lambda: demo_window.stakeholders.current().id,
        "onboarding": lambda: demo_window.onboarding.detail.plan.id,
        "escalation": lambda: demo_window.escalations.current.id,
        "risk": lambda: demo_window.risks.risks.current.id,
        "obligation": lambda: demo_window.risks.obligations.current.id,
        "decision": lambda: demo_window.risks.decisions.current.id,
        "action": lambda: demo_window.risks.meetings.current.id,
    }[kind]()
    assert shown == record


@pytest.mark.parametrize(
    "kind", ["call", "onboarding", "escalation", "risk", "obligation", "decision", "action"]
)
def test_a_record_opened_from_today_has_the_keyboard_and_the_user_s_filters(
    demo_window, today, qtbot, kind
) -> None:
    """Opened with Enter, the keyboard was left on a button of the section ("Raise
    escalation…", "Add person…"); an escalation reset the log's "Open and escalated" to
    "Everything"; a register's record swapped "All alliances" for its alliance. The
    keyboard is in the list showing the record; what the user chose stays as it was."""
    from PySide6.QtWidgets import QAbstractItemView

    demo_window.desk.select_alliance(None)
    demo_window.show_section("escalations")
    status = demo_window.escalations.status_filter.currentText()
    demo_window.show_section("today")
    _select(today, kind)
    qtbot.keyClick(today.list, Qt.Key.Key_Return)
    focus = demo_window.focusWidget()
    assert isinstance(focus, QAbstractItemView), focus
    assert demo_window.view(demo_window.current_section()).isAncestorOf(focus)
    assert demo_window.escalations.status_filter.currentText() == status
    if kind != "call":  # a stakeholder map is one alliance's
        assert demo_window.desk.alliance_id is None


def _first_line(dialog) -> str:
    from PySide6.QtWidgets import QLabel

    first = dialog.layout().itemAt(0).widget()
    return first.text() if isinstance(first, QLabel) else ""


def test_log_the_call_in_place(today, qtbot) -> None:
    """L on a call: the contact dialog with that person ticked; Ctrl+Enter from the note logs
    it, and the call leaves the list (its next contact moved on)."""
    task = _select(today, "call")
    seen: list[list[int]] = []
    named: list[str] = []

    def fill(dialog) -> None:
        seen.append(dialog.chosen_people())
        # Which alliance it is logged on, said on the form (it was not: only the people hinted).
        named.append(_first_line(dialog))
        dialog.note.setPlainText("Caught up on the filing plan")
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, fill)
    qtbot.keyClick(today.list, Qt.Key.Key_L)
    assert seen == [[task.person_id]]
    assert named == [f"For {task.alliance}"]
    logged = contact_log.interactions(today.desk.store, task.opens.alliance_id, limit=1)[0]
    assert logged.note == "Caught up on the filing plan" and logged.occurred_on == wall.today()
    assert logged.kind is InteractionKind.CALL  # a call is logged as one without choosing
    assert task.key not in {t.key for t in today.model.tasks}


def test_tick_an_onboarding_item_in_place_and_undo(today, qtbot) -> None:
    task = _select(today, "onboarding")
    qtbot.keyClick(today.list, Qt.Key.Key_Space)

    def status() -> ItemStatus:
        plan = onboarding.get_plan(today.desk.store, task.opens.record_id)
        return next(i for i in plan.items if i.id == task.item_id).status

    assert status() is ItemStatus.DONE
    assert task.key not in {t.key for t in today.model.tasks}
    today.desk.undo_stack.undo()
    assert status() is ItemStatus.OPEN
    assert task.key in {t.key for t in today.model.tasks}


def _snooze_to_monday(today, qtbot) -> date:
    """S on the selected task, "Monday" in the dialog, Ctrl+Enter; the Monday it names."""
    monday = wall.today() + timedelta(days=7 - wall.today().weekday())

    def fill(dialog) -> None:
        next(
            b
            for b in dialog.findChildren(type(today.task_actions.open_button))
            if "Monday" in b.text()
        ).click()
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, fill)
    qtbot.keyClick(today.list, Qt.Key.Key_S)
    return monday


def test_snooze_to_a_day_is_stored_shown_on_request_and_undone(today, qtbot) -> None:
    task = _select(today, "escalation")
    monday = _snooze_to_monday(today, qtbot)
    assert store_today.snoozes(today.desk.store, wall.today()) == {task.key: monday}
    assert task.key not in {t.key for t in today.model.tasks}
    today.show_snoozed.setChecked(True)
    snoozed = next(t for t in today.model.tasks if t.key == task.key)
    assert snoozed.snoozed_until == monday
    today.select_row(today.model.row_of(task.key))
    assert (
        today.task_actions.wake_button.isVisible()
        and not today.task_actions.snooze_button.isEnabled()
    )
    today.task_actions.wake()
    assert store_today.snoozes(today.desk.store, wall.today()) == {}
    today.desk.undo_stack.undo()  # the bringing back
    today.desk.undo_stack.undo()  # the snooze
    assert store_today.snoozes(today.desk.store, wall.today()) == {}
    today.show_snoozed.setChecked(False)
    assert task.key in {t.key for t in today.model.tasks}


def test_a_card_filters_the_list_to_what_it_counts(today, qtbot) -> None:
    overdue = next(b for b in today.cards.buttons if b.key == "overdue")
    qtbot.mouseClick(overdue, Qt.MouseButton.LeftButton)
    assert today.model.tasks and all(t.late for t in today.model.tasks)
    assert len(today.model.tasks) == min(50, int(overdue.number.text()))
    sla = next(b for b in today.cards.buttons if b.key == "sla")
    qtbot.mouseClick(sla, Qt.MouseButton.LeftButton)
    assert not overdue.isChecked()
    assert {t.kind for t in today.model.tasks} == {"escalation"}
    assert len(today.model.tasks) == int(sla.number.text())
    qtbot.mouseClick(sla, Qt.MouseButton.LeftButton)  # off again: everything
    assert len({t.kind for t in today.model.tasks}) > 3
    meetings = next(b for b in today.cards.buttons if b.key == "meetings")
    qtbot.mouseClick(meetings, Qt.MouseButton.LeftButton)
    assert today.list_pages.currentWidget() is today.nothing  # none this week in the demo
    assert "No committee meets this week" in today.nothing.title_label.text()


def test_an_empty_day_says_what_brings_tasks(make_window, qtbot) -> None:
    window, _ = make_window()
    from alliance_desk.store import portfolio

    portfolio.create_alliance(window.desk.store, draft())
    window.refresh()
    window.show_section("today")
    view = window.today
    assert view.pages.currentIndex() == 0  # an alliance: no more welcome
    assert view.list_pages.currentWidget() is view.nothing
    assert "Nothing needs you today" in view.nothing.title_label.text()
    assert "contact plan" in view.nothing.text_label.text()


def test_ctrl_i_on_today_logs_a_contact_with_the_selected_call(demo_window, today, qtbot):
    task = _select(today, "call")
    seen: list[list[int]] = []

    def look(dialog) -> None:
        seen.append(dialog.chosen_people())
        dialog.reject()

    answer_dialog(qtbot, look)
    qtbot.keyClick(today.list, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen == [[task.person_id]]


def test_prepare_the_pack_of_the_next_meeting_from_today(
    demo_window, today, qtbot, monkeypatch
) -> None:
    proposed: list[str] = []
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda _p, _t, name, _f: (proposed.append(name), ("", ""))[1]),
    )
    today.meetings.setCurrentRow(0)
    alliance_id, meeting_id = today.meetings.item(0).data(Qt.ItemDataRole.UserRole)
    qtbot.mouseClick(today.pack_button, Qt.MouseButton.LeftButton)
    assert demo_window.current_section() == "packs"
    assert demo_window.packs.alliance.currentData() == alliance_id
    assert demo_window.packs.meeting.currentData() == meeting_id
    assert proposed and proposed[0].endswith(".pdf")


def _select_key(view, prefix: str):
    row = next(r for r, t in enumerate(view.model.tasks) if t.key.startswith(prefix))
    view.select_row(row)
    view.list.setFocus()
    return view.model.tasks[row]


@pytest.mark.parametrize(
    ("part", "section", "tab"),
    [("health", "risks", "health"), ("meeting", "risks", "meetings")],
)
def test_a_gap_in_the_tiers_rhythm_is_a_task_enter_opens_where_to_fix_it(
    demo_window, today, qtbot, part, section, tab
) -> None:
    """The demo's companion-diagnostic alliance (tier 1) is twenty days past its tier's
    interval for a health check and for a committee meeting: each is a task saying so, and
    Enter opens where it is recorded, on that alliance."""
    task = _select_key(today, f"rhythm:{part}:")
    assert task.kind == "rhythm" and "(due every " in task.what and task.why.startswith("Tier ")
    qtbot.keyClick(today.list, Qt.Key.Key_Return)
    assert demo_window.current_section() == section
    assert demo_window.risks.tabs.currentWidget() is getattr(demo_window.risks, tab)
    assert demo_window.desk.alliance_id == task.opens.alliance_id


def test_a_rhythm_task_snoozes_like_any_other(today, qtbot) -> None:
    task = _select_key(today, "rhythm:")
    monday = _snooze_to_monday(today, qtbot)
    assert store_today.snoozes(today.desk.store, wall.today()) == {task.key: monday}
    assert task.key not in {t.key for t in today.model.tasks}
    today.desk.undo_stack.undo()
    assert task.key in {t.key for t in today.model.tasks}


def test_the_list_writes_out_a_page_and_the_rest_as_it_is_scrolled(today, qtbot) -> None:
    """The first fifty tasks on showing; scrolling to the end reads the rest, in the ranking
    `alliance-desk today` prints; a task kept selected across a refresh is found further
    down; the title counts them all."""
    whole = load_today(today.desk.store, limit=None).tasks
    model = today.model
    assert len(whole) > model.page == model.rowCount() and model.canFetchMore()
    assert f"({len(whole)})" in today.list_title.text()
    today.list.scrollToBottom()
    qtbot.waitUntil(lambda: not model.canFetchMore())
    assert model.tasks == list(whole)
    today.select_row(len(whole) - 1)
    today.reload()  # as after an edit: the first page again, the selection kept
    assert model.rowCount() == len(whole) and today.task_actions.current() == whole[-1]


def test_a_list_that_shrank_since_it_was_counted_stops_reading(today) -> None:
    """Tasks done by a teammate after Today counted them: scrolling reads what is left and
    stops there (it used to ask for the missing rows for ever)."""
    whole = list(load_today(today.desk.store, limit=None).tasks)

    class Shrunk(list):
        def __len__(self) -> int:
            return len(whole) + 40  # as counted before some were done

    model = TaskModel()
    model.set_tasks(Shrunk(whole))
    while model.canFetchMore():
        model.fetchMore()
    assert model.tasks == whole and model.row_of("call:999999") == -1


def test_the_weeks_habits_are_redrawn_only_when_they_change(today, qtbot) -> None:
    """Today is shown again after every edit: its habit lines stay the same labels while the
    week's counts do not move, and say the new count once a check-in is added."""
    from alliance_desk.core.habits import CheckIn
    from alliance_desk.store import habits

    week = today.habit_week
    labels = list(week.names) + list(week.counts)
    assert labels
    today.reload()
    assert list(week.names) + list(week.counts) == labels  # nothing moved: the same labels
    line = next(s for s in today.shown.week if s.habit.target)
    store = today.desk.store
    habits.add_checkin(store, CheckIn(line.habit.key, today.shown.day, "typed in a test"))
    today.reload()
    row = [s.habit.key for s in today.shown.week].index(line.habit.key)
    assert week.counts[row].text().startswith(f"{line.count + 1}/")
    assert list(week.names) + list(week.counts) != labels


def test_the_snooze_dialog_is_wide_enough_for_its_title_and_the_task(today, qtbot) -> None:
    """It opened about 300 px wide: its title was cut ("Snooze until …Alliance Desk") and a
    long task broke into short lines ("co-" / "development")."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication, QLabel

    from alliance_desk import APP_NAME

    task = max(today.model.tasks, key=lambda t: len(t.what) + len(t.alliance))
    today.select_row(today.model.tasks.index(task))
    seen = {}

    def look(dialog) -> None:
        bold = QFont(QApplication.font())
        bold.setBold(True)
        title = QFontMetrics(bold).horizontalAdvance(f"{dialog.windowTitle()} — {APP_NAME}")
        seen["room"] = dialog.width() - title
        words = next(label for label in dialog.findChildren(QLabel) if task.what in label.text())
        seen["lines"] = words.height() // words.fontMetrics().lineSpacing()

    answer_dialog(qtbot, look)
    qtbot.keyClick(today.list, Qt.Key.Key_S)
    assert seen["room"] >= 100  # the window's own buttons beside the title
    assert seen["lines"] <= 3


@pytest.mark.parametrize(
    ("key", "said"),
    [(Qt.Key.Key_Space, "Space ticks"), (Qt.Key.Key_L, "L logs"), (Qt.Key.Key_P, "P prepares")],
)
def test_a_task_key_on_a_task_it_does_not_act_on_says_what_does(
    demo_window, today, qtbot, key, said
) -> None:
    """Space on a call or a milestone did nothing and said nothing, while the hint under the
    list says "Space ticks the item"; so did L and P on tasks they do not act on."""
    task = _select(today, "risk")  # a risk to review: Enter opens it, S snoozes it
    assert not {"tick", "log", "pack"} & set(task.acts)
    before = len(today.model.tasks)
    qtbot.keyClick(today.list, key)
    message = demo_window.statusBar().currentMessage()
    assert message.startswith(said), message
    assert "Enter opens it" in message and "S snoozes it" in message
    assert len(today.model.tasks) == before
    assert task.key in {t.key for t in today.model.tasks}


def test_today_says_it_lists_every_alliance_while_one_is_in_focus(demo_window, today) -> None:
    """With HALO-7 chosen (Ctrl+L) Today still listed every alliance's tasks, saying nothing."""
    from alliance_desk.store import portfolio

    halo = next(
        a for a in portfolio.list_alliances(demo_window.desk.store) if a.name.startswith("HALO")
    )
    listed = len(today.model.tasks)
    demo_window.desk.select_alliance(halo.id)
    assert "every alliance's tasks" in today.date_label.text()
    assert len(today.model.tasks) == listed
    demo_window.desk.select_alliance(None)
    assert "every alliance" not in today.date_label.text()


def test_the_coming_meetings_say_the_zone_their_time_is_in(today) -> None:
    """Each coming meeting reads 'Wed 23 Dec 10:00 JST': its time as its own clocks show it,
    with their zone; its place and agenda (counted in words that agree) in its tooltip."""
    from alliance_desk.store import governance

    coming = governance.coming_meetings(today.desk.store, wall.now(), MEETINGS_AHEAD)
    assert coming and today.meetings.count() == len(coming)
    for row, meeting in enumerate(coming):
        text, tip = today.meetings.item(row).text(), today.meetings.item(row).toolTip()
        assert text.startswith(f"{meeting.body_name}\n") and meeting.letters
        assert f"{clock(meeting.starts_at)} {meeting.letters}" in text, text
        assert f"{clock(meeting.starts_at)} {meeting.letters} · {meeting.location}" in tip, tip
        assert ("agenda item" in tip) and "1 agenda items" not in tip

"""The keys a section advertises act where the user is: at start, after Ctrl+1 … Ctrl+9, and
typed while the sidebar has the keyboard ("S snoozes" on Today snoozed nothing and showed
Stakeholders; "R" on Onboarding showed Risks & decisions)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from alliance_desk.core import wall
from alliance_desk.store import today as store_today
from tests.helpers import answer_dialog


def _snoozed_by_typing_s_where_the_keyboard_is(window, qtbot) -> dict:
    """S typed into whatever has the keyboard; the dialog asks until when: tomorrow."""

    def fill(dialog) -> None:
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, fill)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S)
    return store_today.snoozes(window.desk.store, wall.today())


def test_at_start_the_keyboard_is_in_today_s_list(demo_window, qtbot) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    assert QApplication.focusWidget() is demo_window.today.list


def test_s_typed_in_the_sidebar_snoozes_the_task_and_stays_on_today(demo_window, qtbot) -> None:
    today = demo_window.today
    today.select_row(0)
    task = today.model.tasks[0]
    demo_window.navigation.setFocus()
    assert QApplication.focusWidget() is demo_window.navigation
    snoozed = _snoozed_by_typing_s_where_the_keyboard_is(demo_window, qtbot)
    assert demo_window.current_section() == "today"
    assert task.key in snoozed
    assert demo_window.focusWidget() is today.list  # the window's, once the dialog is gone


def test_after_ctrl_1_the_task_keys_act(demo_window, qtbot) -> None:
    demo_window.show_section("escalations")
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.current_section() == "today"
    assert QApplication.focusWidget() is demo_window.today.list
    demo_window.today.select_row(0)
    assert _snoozed_by_typing_s_where_the_keyboard_is(demo_window, qtbot)
    assert demo_window.current_section() == "today"


def test_a_letter_with_no_command_searches_the_section_s_list_not_the_sidebar(
    demo_window, qtbot
) -> None:
    demo_window.show_section("escalations")
    log = demo_window.escalations
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window.navigation, Qt.Key.Key_R)  # would have been Risks & decisions
    assert demo_window.current_section() == "escalations"
    assert log.isAncestorOf(QApplication.focusWidget())


def test_the_arrow_keys_still_move_through_the_sections(demo_window, qtbot) -> None:
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window.navigation, Qt.Key.Key_Down)
    assert demo_window.current_section() == "portfolio"
    assert QApplication.focusWidget() is demo_window.navigation
    qtbot.keyClick(demo_window.navigation, Qt.Key.Key_Return)  # into the section
    assert demo_window.portfolio.isAncestorOf(QApplication.focusWidget())


def test_r_typed_in_the_sidebar_reopens_the_onboarding_item(demo_window, qtbot) -> None:
    from alliance_desk.core.onboarding import ItemStatus
    from alliance_desk.store import onboarding

    demo_window.show_section("onboarding")
    detail = demo_window.onboarding.detail
    plan = detail.plan
    item = next(i for i in plan.items if i.status is ItemStatus.OPEN)
    detail.select_item(item.id)
    detail.set_status(ItemStatus.DONE)

    def status() -> ItemStatus:
        stored = onboarding.get_plan(demo_window.desk.store, plan.id)
        return next(i for i in stored.items if i.id == item.id).status

    assert status() is ItemStatus.DONE
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window.navigation, Qt.Key.Key_R)  # was: Risks & decisions
    assert demo_window.current_section() == "onboarding"
    assert status() is ItemStatus.OPEN
    assert QApplication.focusWidget() is detail.items


def test_ctrl_4_puts_the_keyboard_in_the_checklist_whose_keys_act(demo_window, qtbot) -> None:
    qtbot.keyClick(demo_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is demo_window.onboarding.detail.items


def test_ctrl_7_puts_the_keyboard_in_the_habits_not_the_week_s_check_ins(
    demo_window, qtbot
) -> None:
    """The week's check-ins took the keyboard (they sit first among the section's children),
    with no row selected: a frame on a cell of theirs, the habits' selection beside it."""
    qtbot.keyClick(demo_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is demo_window.habits.table


def test_space_right_after_ctrl_4_ticks_the_first_open_item(demo_window, qtbot) -> None:
    """The checklist's current row was its first heading ("Before day one"): the first Space
    did nothing. It is the first item still open."""
    from alliance_desk.core.onboarding import ItemStatus

    qtbot.keyClick(demo_window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    detail = demo_window.onboarding.detail
    item_id = detail.current_item_id()
    assert item_id is not None
    assert next(i for i in detail.plan.items if i.id == item_id).status is ItemStatus.OPEN
    qtbot.keyClick(detail.items, Qt.Key.Key_Space)
    assert next(i for i in detail.plan.items if i.id == item_id).status is ItemStatus.DONE


def _click_tab(qtbot, tabs, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())


def test_a_tab_clicked_keeps_the_keyboard_in_its_list_so_space_deletes_nothing(
    demo_window, qtbot
) -> None:
    """Clicking Obligations (or Decision log) left the keyboard on the page's Delete button:
    Space then deleted the selected record, one more at each press."""
    demo_window.show_section("risks")
    risks = demo_window.risks
    risks.risks.table.setFocus()
    for page in (risks.obligations, risks.decisions):
        _click_tab(qtbot, risks.tabs, risks.tabs.indexOf(page))
        listed = page.model.rowCount()
        assert listed > 0
        assert demo_window.focusWidget() is page.table
        qtbot.keyClick(demo_window.focusWidget(), Qt.Key.Key_Space)
        assert page.model.rowCount() == listed


def test_tab_leaves_a_table_instead_of_moving_to_its_next_cell(demo_window, qtbot) -> None:
    """Tab in a list went from cell to cell and on to the next row (another record chosen);
    it moves the keyboard on, as in every other field, and the record stays chosen."""
    demo_window.show_section("risks")
    table = demo_window.risks.risks.table
    table.setFocus()
    row = table.currentIndex().row()
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert demo_window.focusWidget() is not table
    assert table.currentIndex().row() == row


def test_value_s_tabs_clicked_put_the_keyboard_in_their_lists(demo_window, qtbot) -> None:
    demo_window.show_section("value")
    value = demo_window.value
    value.tabs.setCurrentWidget(value.quadrant)
    value.setFocus()
    for page in (value.milestones, value.kpis, value.baseline):
        focus = demo_window.focusWidget()
        if focus is None or not value.tabs.isAncestorOf(focus):
            value.tabs.currentWidget().setFocus()  # the keyboard on the page that goes
        _click_tab(qtbot, value.tabs, value.tabs.indexOf(page))
        focus = demo_window.focusWidget()
        assert focus is not None and page.isAncestorOf(focus), page
        assert focus.metaObject().className() in ("QTableView", "QListWidget", "QListView")


def test_ctrl_tab_moves_to_the_next_tab_from_the_list(demo_window, qtbot) -> None:
    demo_window.show_section("risks")
    risks = demo_window.risks
    risks.tabs.setCurrentWidget(risks.risks)
    risks.risks.table.setFocus()
    qtbot.keyClick(risks.risks.table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert risks.tabs.currentWidget() is risks.decisions
    assert demo_window.focusWidget() is risks.decisions.table
    qtbot.keyClick(
        risks.decisions.table,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert risks.tabs.currentWidget() is risks.risks


def test_enter_on_a_record_moves_the_keyboard_into_its_form(demo_window, qtbot) -> None:
    """Enter in a register or the portfolio did nothing: only each field's Alt+letter reached
    the form beside the list."""
    demo_window.show_section("risks")
    register = demo_window.risks.decisions
    demo_window.risks.tabs.setCurrentWidget(register)
    register.table.setFocus()
    register.table.selectRow(0)
    QApplication.processEvents()  # a form made for the record shows once events run
    qtbot.keyClick(register.table, Qt.Key.Key_Return)
    first = next(f for f in register.form.fields.values() if f.isVisible())
    assert demo_window.focusWidget() is first
    demo_window.show_section("portfolio")
    portfolio = demo_window.portfolio
    portfolio.table.setFocus()
    portfolio.table.selectRow(0)
    qtbot.keyClick(portfolio.table, Qt.Key.Key_Return)
    assert demo_window.focusWidget() is portfolio.detail.form.name


def test_the_keyboard_goes_to_the_records_not_to_a_list_beside_them(demo_window, qtbot) -> None:
    """Committees & meetings put the keyboard in the attendee checklist (Space ticked an
    attendee), Ctrl+5 in the escalation's history, Ctrl+K to a person in their counterparts."""
    from alliance_desk.core.records import Opens
    from alliance_desk.store import portfolio, stakeholders

    risks = demo_window.view("risks")
    demo_window.show_section("risks")
    risks.risks.table.setFocus()
    qtbot.keyClick(demo_window.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    for _ in range(2):
        qtbot.keyClick(
            demo_window.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier
        )
    assert risks.tabs.currentWidget() is risks.meetings
    assert demo_window.focusWidget() is risks.meetings.table
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.focusWidget() is demo_window.escalations.table
    store = demo_window.desk.store
    alliance = portfolio.list_alliances(store)[0]
    person = stakeholders.list_stakeholders(store, alliance.id)[0]
    demo_window.open_record(Opens("person", alliance.id, person.id))
    assert demo_window.focusWidget() is demo_window.stakeholders.table

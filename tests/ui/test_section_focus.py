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

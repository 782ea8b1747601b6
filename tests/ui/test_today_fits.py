"""Today on a laptop: every meeting listed beside the to-do list is shown whole (there were
one and a half at 1024×700), and each to-do's why-now — the key fact — is drawn in full,
never elided ("Slipped 125 days; planned 03 Nov 20…")."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from alliance_desk.ui.today.tasks import TaskDelegate, kind_line
from tests.ui.test_fits import SIZES, settle


def hidden_part(widget: QWidget, rect: QRect | None = None) -> str:
    """'' if `rect` (in `widget`'s coordinates; its whole rect if None) is on screen whole:
    inside the window and inside the viewport of every scroll area around it; else where
    it is cut."""
    rect = QRect(widget.rect() if rect is None else rect)
    if not widget.isVisible():
        return "not shown"
    window = widget.window()
    parent = widget
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent is not widget:
            viewport = parent.viewport()
            if viewport.isAncestorOf(widget):
                top_left = widget.mapTo(viewport, rect.topLeft())
                mapped = QRect(top_left, rect.size())
                if not viewport.rect().adjusted(-1, -1, 1, 1).contains(mapped):
                    return f"cut by {parent.accessibleName() or type(parent).__name__}"
        parent = parent.parentWidget()
    mapped = QRect(widget.mapTo(window, rect.topLeft()), rect.size())
    if not window.rect().adjusted(-1, -1, 1, 1).contains(mapped):
        return "outside the window"
    return ""


def assert_rows_whole(listed, tallest: int = 0) -> list:
    """Every row of the list `listed` on screen whole, none shorter than `tallest`, and the
    list never scrolling; the rows' rectangles."""
    assert listed.verticalScrollBar().maximum() == 0, "the list itself never scrolls"
    rects = []
    for row in range(listed.count()):
        item = listed.item(row)
        rect = listed.visualItemRect(item)
        assert listed.viewport().rect().contains(rect), f"{item.text()!r} is cut in its list"
        where = rect.translated(listed.viewport().pos())
        assert hidden_part(listed, where) == "", f"{item.text()!r} is not all on screen"
        assert rect.height() >= tallest, f"{item.text()!r}: {rect.height()} px"
        rects.append(rect)
    return rects


def _today(window, size):
    window.resize(*size)
    window.show_section("today")
    settle()
    return window.view("today")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_next_meeting_is_shown_whole(demo_window, size) -> None:
    view = _today(demo_window, size)
    assert view.meetings.count() >= 2, "the demo has meetings ahead"
    assert_rows_whole(view.meetings)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_to_do_says_why_now_in_full(demo_window, size) -> None:
    view = _today(demo_window, size)
    listed, delegate = view.list, view.list.itemDelegate()
    assert isinstance(delegate, TaskDelegate)
    viewport = listed.viewport().rect()
    seen = 0
    for row in range(view.model.rowCount()):
        index = view.model.index(row, 0)
        rect = listed.visualRect(index)
        if not viewport.intersects(rect):
            continue
        seen += 1
        task = view.model.task_at(row)
        width = rect.width() - 2 * delegate.PADDING - 8
        lines = delegate.second_lines(task, listed.font(), width)
        drawn = " ".join(lines)
        assert drawn.startswith(task.why), f"{task.why!r} is cut: {lines}"
        assert len(lines) * listed.fontMetrics().height() <= rect.height(), "every line fits"
    assert seen >= 5, "a screenful of to-dos"


def test_a_narrow_list_wraps_the_fact_rather_than_cutting_it(demo_window) -> None:
    """At the narrowest the window goes, the side column widened, the fact still shows."""
    view = _today(demo_window, (760, 520))
    view.splitter.setSizes([300, 400])
    settle()
    listed, delegate = view.list, view.list.itemDelegate()
    task = max(view.model.tasks, key=lambda task: len(task.why))
    width = listed.viewport().width() - 2 * delegate.PADDING - 8
    lines = delegate.second_lines(task, listed.font(), width)
    assert len(lines) >= 2 and " ".join(lines).startswith(task.why), lines


def test_a_row_is_wrapped_again_for_a_larger_text_or_a_narrower_list(demo_window) -> None:
    """A row's lines are kept between showings (by words, font and width): a larger text size
    or a narrower list wraps it again, never reusing the lines measured before."""
    view = _today(demo_window, (1024, 700))
    listed, delegate = view.list, view.list.itemDelegate()
    task = view.model.tasks[0]
    width = QFontMetrics(listed.font()).horizontalAdvance(kind_line(task)) + 4
    assert len(delegate.second_lines(task, listed.font(), width)) == 1
    larger = QFont(listed.font())
    larger.setPointSizeF(listed.font().pointSizeF() * 2)
    assert len(delegate.second_lines(task, larger, width)) > 1
    assert len(delegate.second_lines(task, listed.font(), width // 2)) > 1
    assert len(delegate.second_lines(task, listed.font(), width)) == 1


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_habit_of_the_week_reads_by_its_whole_name(demo_window, size) -> None:
    """The side column named habits by their first word ("Gain 0/1", "Manage 3/3"): each habit
    with a target is listed by its whole name, every line of it inside its label and the label
    on screen, its count beside it — two lines at most a habit, so no wall of text."""
    from PySide6.QtWidgets import QLabel

    from alliance_desk.store import habits

    view = _today(demo_window, size)
    targeted = [h for h in habits.habits(demo_window.desk.store) if h.target]
    assert len(targeted) >= 5, "the demo's habits have targets"
    side = view.splitter.widget(1)
    labels = [label for label in side.findChildren(QLabel) if label.isVisible()]
    for habit in targeted:
        shown = [label for label in labels if label.text() == habit.name]
        assert len(shown) == 1, f"{habit.name!r} is not listed whole"
        label = shown[0]
        metrics = label.fontMetrics()
        room = label.contentsRect()
        widest = max(metrics.horizontalAdvance(word) for word in habit.name.split())
        assert widest <= room.width(), f"{habit.name!r}: a word is cut"
        if label.wordWrap():
            assert label.height() >= label.heightForWidth(label.width()), habit.name
        else:
            assert room.width() >= metrics.horizontalAdvance(habit.name), habit.name
        assert label.height() <= 2 * metrics.lineSpacing() + 4, f"{habit.name!r}: 3+ lines"
        assert hidden_part(label) == "", f"{habit.name!r}: {hidden_part(label)}"
        count = [
            other
            for other in labels
            if other is not label and other.text().endswith(f"/{habit.target}")
            if abs(
                other.mapTo(side, other.rect().topLeft()).y()
                - label.mapTo(side, label.rect().topLeft()).y()
            )
            < 2
        ]
        assert count, f"{habit.name!r} has its count beside it"


@pytest.mark.parametrize("size", [*SIZES, (1024, 560)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_keys_show_whole_or_step_aside(demo_window, size) -> None:
    """The keys under the meetings and habits were cut across a line at 1024×700: now they
    show whole where the column has room for them, and step aside where it would have to
    scroll for them — never cut, and never pushing the habits out of view."""
    view = _today(demo_window, size)
    keys = view.keys
    habits = view.habit_week
    if size[1] >= 681:  # the laptop's screen and a larger one: room for them
        assert keys.isVisible() and hidden_part(keys) == "", hidden_part(keys)
    else:  # a shorter window: the column would scroll for them
        assert not keys.isVisible()
    assert hidden_part(keys) in ("", "not shown")
    column = keys.parentWidget().parentWidget().parentWidget()
    if keys.isVisible():  # shown, they never make the column scroll
        assert column.verticalScrollBar().maximum() == 0
    assert habits.isVisible()

"""A list beside its details on a laptop: the details give way, down to what their fields
need, so the list's columns read whole; on a wide screen they keep their share; a handle the
user moved stays where they left it as the window changes size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from alliance_desk.ui.list_split import ListSplitter
from tests.ui.test_fits import SIZES, settle

# (section, tab or None, the splitter's name, whether its list wants more of a laptop: None
# for a little or none)
SPLITS = (
    ("portfolio", None, "portfolioSplitter", True),
    ("escalations", 0, "escalationsSplitter", True),
    # a milestone's typical name, whose, when and how late fit within a few pixels of its
    # share (its columns' titles keep no room for a sort arrow they do not show)
    ("value", 1, "milestoneSplitter", None),
    ("risks", 1, "decisionSplitter", False),  # a decision, whose and when fit already
)


def _split(window, section: str, tab: int | None, name: str) -> ListSplitter:
    window.show_section(section)
    view = window.view(section)
    if tab is not None:
        view.tabs.setCurrentIndex(tab)
    settle()
    split = view.findChild(ListSplitter, name)
    assert split is not None and split.isVisible(), name
    return split


@pytest.mark.parametrize(("section", "tab", "name", "gives_way"), SPLITS)
def test_the_details_give_way_on_a_laptop_only_as_far_as_the_list_needs(
    demo_window, section, tab, name, gives_way
) -> None:
    window = demo_window
    window.resize(*SIZES[0])
    split = _split(window, section, tab, name)
    details, least = split.widget(1), split.widget(1).minimumSizeHint().width()
    total = sum(split.sizes())
    assert least <= split.sizes()[1] <= split.share * total + 2
    if split.sizes()[1] < split.share * total - 2:  # gave way: only as far as the list needs
        # (the splitter keeps a few pixels more than the details' size hint at the least)
        assert split.sizes()[1] <= max(least, total - split.list_wanted()) + 8
        assert split.table.horizontalScrollBar().maximum() == 0
    if gives_way:
        assert split.sizes()[1] < split.share * total - 20, "narrower than its share"
    elif gives_way is not None:
        assert abs(split.sizes()[1] - split.share * total) <= 2, "its share: the list fits"
    window.resize(*SIZES[1])
    settle()
    total = sum(split.sizes())
    assert abs(split.sizes()[1] - split.share * total) <= 2, "their share of a wide screen"
    assert split.sizes()[1] > details.minimumSizeHint().width() + 100


def _drag(handle, by: int) -> None:
    """The user's mouse drags the handle `by` pixels to the right (or down)."""
    start = QPointF(handle.width() / 2, handle.height() / 2)
    step = QPointF(by, 0) if handle.orientation() == Qt.Orientation.Horizontal else QPointF(0, by)
    for kind, where, buttons in (
        (QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseMove, start + step, Qt.MouseButton.LeftButton),
        (QEvent.Type.MouseButtonRelease, start + step, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind,
            where,
            handle.mapToGlobal(where.toPoint()).toPointF(),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(handle, event)
    settle()


def test_a_handle_the_user_moved_stays_theirs(demo_window) -> None:
    window = demo_window
    window.resize(*SIZES[1])
    split = _split(window, "escalations", 0, "escalationsSplitter")
    before = split.sizes()
    _drag(split.handle(1), -150)  # wider details
    moved = split.sizes()
    assert moved[1] >= before[1] + 100, (before, moved)
    window.resize(*SIZES[0])
    settle()
    window.resize(*SIZES[1])
    settle()
    after = split.sizes()
    assert abs(after[1] - moved[1]) <= 0.05 * moved[1], (moved, after)


def test_only_a_handle_the_user_moved_is_remembered_for_next_time(demo_window) -> None:
    # Saved unmoved, every later start would restore a wide screen's split on a laptop.
    window = demo_window
    window.resize(*SIZES[1])
    untouched = _split(window, "portfolio", None, "portfolioSplitter")
    moved = _split(window, "escalations", 0, "escalationsSplitter")
    _drag(moved.handle(1), -150)
    window.save_state()
    assert window.settings.value("splitters/escalationsSplitter") is not None
    assert window.settings.value(f"splitters/{untouched.objectName()}") is None

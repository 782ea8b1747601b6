"""Left open overnight, the window counts from the new day: Today's date and the days each
question has been open move on at midnight (or on waking), and nothing is read again while
the day is the same."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance_desk.core import wall
from alliance_desk.core.dates import shown_long


@pytest.fixture
def held_day():
    yield wall.hold
    wall.hold(None)


def test_the_window_moves_on_to_a_new_day(demo_window, held_day) -> None:
    window = demo_window
    today = wall.today()
    window.show_section("today")
    assert window.today.date_label.text() == shown_long(today)
    refreshed = []
    window.desk.changed.connect(refreshed.append)
    assert window.day_watch.check() is False  # the same day: nothing read again
    assert refreshed == []
    held_day(today + timedelta(days=1))  # midnight struck while the window stayed open
    assert window.day_watch.check() is True
    assert window.today.date_label.text() == shown_long(today + timedelta(days=1))
    assert len(refreshed) == 1
    assert window.day_watch.check() is False  # and once only


def test_coming_back_to_the_window_on_another_day_reads_it_at_once(demo_window, held_day) -> None:
    from PySide6.QtCore import Qt

    window = demo_window
    today = wall.today()
    window.show_section("today")
    held_day(today + timedelta(days=3))  # a laptop shut on Friday, opened on Monday
    window.day_watch._state(Qt.ApplicationState.ApplicationActive)
    assert window.today.date_label.text() == shown_long(today + timedelta(days=3))


def test_a_locked_window_reads_the_new_day_only_once_unlocked(demo_window, held_day) -> None:
    """Locked (the file closed, its key forgotten), nothing is read; the next look after
    unlocking reads the new day."""
    from alliance_desk.ui.day_watch import DayWatch

    locked = [True]
    watch = DayWatch(demo_window.desk, demo_window, waiting=lambda: locked[0])
    refreshed = []
    demo_window.desk.changed.connect(refreshed.append)
    held_day(wall.today() + timedelta(days=1))
    assert watch.check() is False and refreshed == []
    locked[0] = False
    assert watch.check() is True and len(refreshed) == 1


def test_a_closed_window_reads_nothing_at_the_turn_of_the_day(demo_window, held_day) -> None:
    """A window closed (at the end of a session, or a test) is not read again when the day
    turns or the application comes to the front."""
    refreshed = []
    demo_window.desk.changed.connect(refreshed.append)
    demo_window.hide()
    held_day(wall.today() + timedelta(days=1))
    assert demo_window.day_watch.check() is False and refreshed == []
    demo_window.show()
    assert demo_window.day_watch.check() is True and len(refreshed) == 1

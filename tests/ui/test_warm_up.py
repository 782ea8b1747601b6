"""Sections built and read ahead while the user is idle (ui/warm_up.py): the first click on a
section then reads nothing, and the warm-up never gets in the way of someone at work."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog

from alliance_desk.store.errors import StoreError
from alliance_desk.ui import desk as desk_module
from alliance_desk.ui.sections import SECTIONS
from alliance_desk.ui.warm_up import IDLE_MS, SectionWarmUp
from tests.helpers import digest

AWAY = IDLE_MS / 1000 + 0.1  # seconds: long enough without input


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _stale(view) -> list[bool]:
    return [
        f.stale
        for f in view.findChildren(
            desk_module._Freshness, options=Qt.FindChildOption.FindDirectChildrenOnly
        )
    ]


@pytest.fixture
def warm(demo_window):
    clock = Clock()
    warm_up = SectionWarmUp(demo_window, clock=clock)
    warm_up.start()
    yield demo_window, warm_up, clock
    warm_up.stop()


def test_each_section_is_built_and_read_while_the_user_is_away_then_it_sleeps(warm) -> None:
    window, warm_up, clock = warm
    store_file = Path(window.desk.store.path)
    before = digest(store_file)
    on_screen = window.current_section()
    others = [s.key for s in SECTIONS if s.key != on_screen]
    for _ in others:
        clock.now += AWAY
        warm_up.step()
    assert warm_up.done == others
    assert set(window._built) == {s.key for s in SECTIONS}
    for key in others:
        view = window._built[key]
        assert not view.isVisible()  # read hidden: nothing jumped on screen
        assert _stale(view) and not any(_stale(view))  # its first showing reads nothing
    assert window.current_section() == on_screen
    clock.now += AWAY
    warm_up.step()  # last, Today's tally split by alliance for the next edit; then it sleeps
    assert warm_up.ahead == 1
    assert warm_up.done == others and not warm_up.timer.isActive()
    assert digest(store_file) == before  # nothing written


def test_an_edit_wakes_it_and_hidden_sections_it_touched_are_read_again(warm) -> None:
    from alliance_desk.core.changes import Changes

    window, warm_up, clock = warm
    for _ in SECTIONS:
        clock.now += AWAY
        warm_up.step()
    read = list(warm_up.done)
    assert not warm_up.timer.isActive()
    window.desk.changed.emit(Changes.everything())  # as after an edit saved anywhere
    assert warm_up.timer.isActive()  # awake again
    stale = [key for key, view in window._built.items() if any(_stale(view))]
    on_screen = window.current_section()
    assert on_screen not in stale  # the section on screen reads itself at once
    assert stale  # hidden ones wait to be shown, or read ahead
    for _ in stale:
        clock.now += AWAY
        warm_up.step()
    assert warm_up.done[len(read) :] == stale
    assert not any(any(_stale(view)) for view in window._built.values())
    clock.now += AWAY
    warm_up.step()
    assert not warm_up.timer.isActive()


def test_the_first_click_on_a_section_read_ahead_reads_nothing(warm, monkeypatch) -> None:
    window, warm_up, clock = warm
    clock.now += AWAY
    warm_up.step()
    key = warm_up.done[0]
    reads: list[str] = []
    view = window._built[key]
    for freshness in view.findChildren(desk_module._Freshness):
        monkeypatch.setattr(freshness, "reload", lambda: reads.append(key))
    window.show_section(key)
    assert reads == []


def test_nothing_is_built_while_the_user_types(warm, qtbot) -> None:
    window, warm_up, clock = warm
    clock.now += AWAY
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.statusBar(), key)  # a key pressed just now
    built = set(window._built)
    warm_up.step()
    assert set(window._built) == built and warm_up.done == []
    assert warm_up.timer.isActive()  # it tries again once the user has been away a moment
    clock.now += AWAY
    warm_up.step()
    assert len(warm_up.done) == 1


def test_nothing_is_built_while_a_dialog_is_open_or_no_portfolio_is(warm, qtbot) -> None:
    window, warm_up, clock = warm
    clock.now += AWAY
    dialog = QDialog(window)
    dialog.setModal(True)
    dialog.show()
    assert QApplication.activeModalWidget() is dialog
    warm_up.step()
    assert warm_up.done == [] and warm_up.timer.isActive()
    dialog.close()
    window.desk.set_store(None)
    warm_up.step()
    assert warm_up.done == []


def test_a_failed_reading_ahead_stops_the_warm_up_quietly(warm, monkeypatch) -> None:
    _window, warm_up, clock = warm

    def unanswered(view) -> None:
        raise StoreError("The team store did not answer.")

    monkeypatch.setattr("alliance_desk.ui.warm_up.read_ahead", unanswered)
    clock.now += AWAY
    warm_up.step()
    assert warm_up.done == [] and not warm_up.timer.isActive()


def test_a_section_whose_reading_failed_is_read_again_when_shown(demo_window) -> None:
    window = demo_window
    key = next(s.key for s in SECTIONS if s.key not in window._built)
    view = window.view(key)
    tries: list[int] = []
    for freshness in view.findChildren(
        desk_module._Freshness, options=Qt.FindChildOption.FindDirectChildrenOnly
    ):
        reread = freshness.reload

        def once(reread=reread) -> None:
            tries.append(1)
            if len(tries) == 1:
                raise StoreError("The team store did not answer.")
            reread()

        freshness.reload = once
    with pytest.raises(StoreError):
        desk_module.load_now(view)
    assert any(_stale(view))  # not taken for read
    window.show_section(key)
    assert len(tries) >= 2 and not any(_stale(view))


def test_the_app_starts_warming_up_once_its_window_is_up(demo_window, monkeypatch) -> None:
    from alliance_desk import app

    monkeypatch.setattr(app, "start", lambda db, demo: (QApplication.instance(), demo_window, None))
    monkeypatch.setattr(QTimer, "singleShot", lambda *_args: None)  # no offers left queued
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    assert app.run_window(demo=True) == 0
    warm_up = demo_window.findChild(SectionWarmUp)
    assert warm_up is not None and warm_up.timer.isActive()
    warm_up.stop()

"""The window shell: first run, navigation, remembered state, refusing a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.store import portfolio
from alliance_desk.ui.sections import SECTIONS
from tests.helpers import digest, start_demo_in_fresh_process


def test_first_run_offers_to_create_or_open_the_demo(make_window) -> None:
    """An empty portfolio greets the user with the two ways to begin."""
    window, error = make_window()
    assert error is None
    assert window.today.pages.currentWidget() is window.today.welcome
    labels = [button.text() for button in window.today.welcome.buttons]
    assert labels == ["Create my first alliance", "Open the demo portfolio"]


def test_open_the_demo_from_the_first_run_page(make_window, qtbot, data_home: Path) -> None:
    """One click opens the demo portfolio in its own file, and Today lists its alliances."""
    window, _ = make_window()
    qtbot.mouseClick(window.today.welcome.buttons[1], Qt.MouseButton.LeftButton)
    assert window.desk.store.path == data_home / "demo-portfolio.sqlite3"
    assert "demo-portfolio" in window.windowTitle()
    assert window.today.pages.currentIndex() == 0
    assert window.today.shown.alliances == len(portfolio.list_alliances(window.desk.store))
    assert window.today.model.rowCount() > 0
    assert window.alliance_selector.count() == window.today.shown.alliances + 1


def test_keyboard_moves_between_sections(demo_window, qtbot) -> None:
    """Ctrl+1 … Ctrl+8 open the sections in the order of the navigation list."""
    for number, section in enumerate(SECTIONS, start=1):
        qtbot.keyClick(demo_window, Qt.Key.Key_0 + number, Qt.KeyboardModifier.ControlModifier)
        assert demo_window.current_section() == section.key
        assert demo_window.pages.currentWidget() is demo_window.view(section.key)


def test_section_and_geometry_are_remembered(make_window, settings) -> None:
    """Closing and reopening returns to the same section with the same window size."""
    window, _ = make_window(demo=True)
    window.show_section("escalations")
    window.resize(780, 560)
    window.close()
    again, _ = make_window()
    assert again.current_section() == "escalations"
    assert (again.width(), again.height()) == (780, 560)
    assert again.desk.store.path.name == "demo-portfolio.sqlite3"  # the last portfolio reopens


def test_a_refused_file_gives_a_message_and_is_left_untouched(make_window, tmp_path, messages):
    """Opening a damaged file from the menu explains why and keeps the current portfolio open."""
    window, _ = make_window(demo=True)
    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    before = digest(bad)
    assert window.switch_to(str(bad)) is False
    assert messages and messages[-1][0] == "critical"
    assert "not an Alliance Desk portfolio" in messages[-1][1]
    assert digest(bad) == before
    assert window.desk.store.path.name == "demo-portfolio.sqlite3"


def test_a_refused_file_at_start_still_opens_the_window(make_window, tmp_path) -> None:
    """If the portfolio cannot be opened at start, the window says why and offers the demo."""
    bad = tmp_path / "newer.sqlite3"
    bad.write_bytes(b"garbage")
    window, error = make_window(db=str(bad))
    assert error and "not an Alliance Desk portfolio" in error
    assert window.desk.store is None
    assert window.today.pages.currentWidget() is window.today.welcome
    assert not window.new_action.isEnabled()


@pytest.mark.parametrize(
    "table",
    [
        None,  # the last pages: only the check reads them
        "alliances",  # read as the window is built and Today read, before the verdict
        "escalations",  # Today's
    ],
)
def test_a_damaged_file_at_start_is_refused_untouched_and_nothing_of_it_shown(
    make_window, data_home: Path, table: str | None, qtbot
) -> None:
    """The page-by-page check runs while the window is built and Today read; a damaged
    portfolio is refused with a message, the window opens empty (what was read of it is
    thrown away unseen), and the file is left untouched."""
    from alliance_desk.store.demo import create_demo
    from tests.store.test_database import _damage_last_pages
    from tests.ui.test_encrypted_start import PAGE, _root_page

    path = create_demo()
    if table is None:
        _damage_last_pages(path)
    else:  # the table's first page no longer reads as one (its header scribbled over)
        with path.open("r+b") as handle:
            handle.seek((_root_page(path, table) - 1) * PAGE)
            handle.write(b"\xde\xad\xbe\xef" * 4)
    before = digest(path)
    window, error = make_window(db=str(path))
    assert error and "damaged" in error and "untouched" in error
    assert window.desk.store is None
    assert window.today.pages.currentWidget() is window.today.welcome
    assert window.today.model.rowCount() == 0
    qtbot.wait(50)
    assert digest(path) == before


def test_hidden_sections_catch_up_when_shown(demo_window, monkeypatch) -> None:
    """An edit reloads the section on screen only; another section reloads when it is shown."""
    calls: list[str] = []
    demo_window.show_section("portfolio")
    monkeypatch.setattr(demo_window.escalations, "reload", lambda: calls.append("escalations"))
    from alliance_desk.ui import desk as desk_module

    # re-follow with the spy so the watcher calls it
    desk_module.follow(
        demo_window.desk, demo_window.escalations, demo_window.escalations.reload, {Kind.ESCALATION}
    )
    demo_window.desk.changed.emit(Changes.of(Kind.ESCALATION))
    assert calls == []
    demo_window.show_section("escalations")
    assert calls == ["escalations"]
    demo_window.desk.changed.emit(Changes.of(Kind.ESCALATION))
    assert calls == ["escalations", "escalations"]
    demo_window.desk.changed.emit(Changes.of(Kind.HABIT))  # not shown there
    assert calls == ["escalations", "escalations"]


def test_sections_are_built_when_first_shown(make_window, settings) -> None:
    """Start-up builds the section on screen only; the others appear, loaded, when opened."""
    settings.setValue("window/section", "today")
    window, _ = make_window(demo=True)
    assert set(window._built) == {"today"}
    assert window.pages.currentWidget() is window.today
    window.show_section("escalations")
    assert set(window._built) == {"today", "escalations"}
    assert window.pages.currentWidget() is window.escalations
    assert window.escalations.model.rowCount() > 0  # loaded on its first showing
    assert window.pages.count() == len(SECTIONS)


def test_edit_menu_deletes_the_chosen_alliance_with_undo(demo_window) -> None:
    """Edit → Delete alliance removes the alliance in focus; Ctrl+Z brings it back."""
    store = demo_window.desk.store
    before = portfolio.list_alliances(store)
    demo_window.desk.select_alliance(before[0].id)
    demo_window.delete_alliance_action.trigger()
    assert [a.id for a in portfolio.list_alliances(store)] == [a.id for a in before[1:]]
    assert demo_window.current_section() == "portfolio"
    demo_window.desk.undo_stack.undo()
    assert len(portfolio.list_alliances(store)) == len(before)


def test_the_orm_is_made_ready_a_moment_after_the_window_is_up(tmp_path: Path, data_home) -> None:
    """The mappers Today did without are configured once the window has been up a moment, so
    the first section that queries through the ORM does not pay for it on the user's click."""
    script = (
        "import os, sys, time\n"
        "from alliance_desk.app import ORM_READY_MS, start\n"
        "from alliance_desk.store.models import Base\n"
        "app, window, error = start(sys.argv[1])\n"
        "assert error is None, error\n"
        "def configured():\n"
        "    return sum(m.configured for m in Base.registry.mappers)\n"
        "app.processEvents()\n"
        "before = configured()\n"
        "until = time.monotonic() + ORM_READY_MS / 1000 + 2\n"
        "while not configured() and time.monotonic() < until:\n"
        "    app.processEvents()\n"
        "    time.sleep(0.01)\n"
        "print(before, configured(), len(Base.registry.mappers), flush=True)\n"
        "os._exit(0)\n"
    )
    printed = start_demo_in_fresh_process(script, tmp_path / "config", data_home)
    before, after, mappers = (int(n) for n in printed.split())
    assert before == 0 and after == mappers > 0


def test_the_first_screen_needs_no_orm_mapping_configured(tmp_path: Path, data_home) -> None:
    """Everything read before the window is shown (the alliance list, every list on Today)
    is plain Core: the first ORM query configures all 33 mappers (≈ 15 ms) and compiles
    through the ORM, which start-up must not pay. Checked in a fresh process: the window on
    the demo portfolio, shown with Today filled, and still no mapper configured."""
    script = (
        "import os, sys\n"
        "from alliance_desk.app import start\n"
        "from alliance_desk.store.models import Base\n"
        "app, window, error = start(sys.argv[1])\n"
        "assert error is None, error\n"
        "app.processEvents()\n"
        "lines = window.today.model.rowCount() + window.today.shown.alliances\n"
        "configured = [m.class_.__name__ for m in Base.registry.mappers if m.configured]\n"
        "print(lines, configured, flush=True)\n"
        "os._exit(0)\n"
    )
    printed = start_demo_in_fresh_process(script, tmp_path / "config", data_home)
    lines, configured = printed.split(" ", 1)
    assert int(lines) > 0  # Today really was filled
    assert configured == "[]"


def test_the_toolbar_s_undo_and_redo_stay_in_view_whatever_was_done(demo_window, qtbot) -> None:
    """At 1024 px Undo and Redo went into the toolbar's overflow after any edit: the button
    carried the whole "Undo Delete alliance "Asia licensing of …"". The buttons say Undo and
    Redo; their tooltips say what."""
    from PySide6.QtWidgets import QToolBar

    demo_window.resize(1024, 700)
    qtbot.waitUntil(lambda: demo_window.width() == 1024)
    store = demo_window.desk.store
    for _ in range(2):
        demo_window.desk.select_alliance(portfolio.list_alliances(store)[0].id)
        demo_window.delete_alliance_action.trigger()
    demo_window.desk.undo_stack.undo()  # one to undo, one to redo
    bar = demo_window.findChild(QToolBar, "mainToolbar")
    QApplication.processEvents()
    buttons = {}
    for action in bar.actions():
        button = bar.widgetForAction(action)
        if button is not None and action.text() in ("Undo", "Redo"):
            buttons[action.text()] = (button, action)
    assert set(buttons) == {"Undo", "Redo"}
    for word, (button, action) in buttons.items():
        assert button.isVisible(), word
        assert button.isEnabled(), word
        assert action.toolTip().startswith(f"{word} Delete “"), action.toolTip()
    buttons["Redo"][1].trigger()  # does what the Edit menu's Redo does
    assert len(portfolio.list_alliances(store)) == 5

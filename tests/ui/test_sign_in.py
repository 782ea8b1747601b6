"""Signing in to the team store from the window: the password is asked for, used for the
connection only, and never stored; the server is remembered without it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import make_url


def test_the_window_asks_for_the_password_and_never_stores_it(
    carol, make_window, settings, qtbot, tmp_path
) -> None:
    """Signing in from the window: asked once, wrong then right; remembered without it."""
    from tests.helpers import answer_dialog

    def type_password(text_value: str):
        def fill(dialog) -> None:
            dialog.setTextValue(text_value)
            dialog.accept()

        return fill

    answer_dialog(qtbot, type_password("wrong"), type_password("carols-secret"))
    window, error = make_window(db=carol)
    assert error is None and window.desk.store is not None
    assert window.desk.store.location.display.endswith(make_url(carol).database)
    settings.sync()
    stored = Path(settings.fileName()).read_text(encoding="utf-8")
    assert "carols-secret" not in stored
    assert make_url(carol).username in stored  # the server is remembered, not the password


def test_refresh_shows_what_a_teammate_saved(demo_window, qtbot) -> None:
    """Two app processes on one portfolio: F5 shows the other's change on the screen."""
    from PySide6.QtCore import Qt

    from alliance_desk.store import portfolio
    from alliance_desk.store.database import open_store
    from tests.helpers import draft

    demo_window.show_section("today")
    before = demo_window.today.shown.alliances
    teammate = open_store(demo_window.desk.store.path, start_backup=False)
    try:
        portfolio.create_alliance(teammate, draft(name="Made by a teammate"))
    finally:
        teammate.close()
    assert demo_window.today.shown.alliances == before  # not yet: nothing told us
    qtbot.keyClick(demo_window, Qt.Key.Key_F5)
    assert demo_window.today.shown.alliances == before + 1

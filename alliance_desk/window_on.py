"""The main window on the portfolio a start opened: built, its first section read, and the
file's page check waited for before anything is shown (app.py starts it all)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from alliance_desk.core import wall


def window_on(store, early: list, settings, ahead=None):
    """(the main window on `store`, the store if it is still open, the refusal if its check
    failed). `early`: the window, if it was built while an encrypted file's key was derived.

    Every page of the file is checked on another core (a plain file's from the moment the
    process starts, an encrypted one's once its key is known) while the window is built and
    its first section read; the verdict comes before anything is drawn or written
    (`Store.write` waits for it too). A damaged file is then refused untouched and what was
    read of it is thrown away unseen: an encrypted file's damaged page fails to read (SQLCipher
    authenticates each page), a plain file's may read as other text, which nobody sees. On a
    large portfolio the check takes longer than the window's code takes to load, and Today is
    read meanwhile instead of after it."""
    from alliance_desk.ui.desk import Desk
    from alliance_desk.ui.main_window import MainWindow

    def build():
        if not early:
            return MainWindow(Desk(store), settings)
        if store is not None:
            early[0].attach(store)
        return early[0]

    if store is None:
        return build(), None, None
    window = early[0] if early else None
    with errors_held() as failures:  # a damaged page, most likely: the verdict says
        try:
            window = build()
            read_first(window, store, ahead)
        except Exception as failure:
            failures.append(failure)
    store, problem = verified(store)
    if problem is None and failures:
        raise failures[0]
    if problem is not None:  # a window of its own: nothing read of the damaged file stays
        if window is not None:
            window.deleteLater()
        window = MainWindow(Desk(None), settings)
    return window, store, problem


def read_first(window, store, ahead) -> None:
    """What the window shows first, read now — or Today as read ahead with the team store."""
    from alliance_desk.ui.desk import load_now, shown_as_read

    today = ahead.today_for(store, wall.today()) if ahead is not None else None
    if today is not None and window.current_section() == "today":
        window.today.show_today(today)
        shown_as_read(window.today)
    else:
        load_now(window.pages.currentWidget())


@contextmanager
def errors_held() -> Iterator[list[BaseException]]:
    """Errors raised in Qt's slots (which Qt hands to `sys.excepthook`, not to the caller)
    collected instead, for the caller to judge."""
    held: list[BaseException] = []
    previous = sys.excepthook
    sys.excepthook = lambda _kind, error, _trace: held.append(error)
    try:
        yield held
    finally:
        sys.excepthook = previous


def verified(store):
    """(store, None) once its integrity check has passed; (None, the refusal) when the file is
    damaged (the store is closed then)."""
    from alliance_desk.store.errors import StoreError

    try:
        store.verify()
    except StoreError as problem:
        return None, problem
    return store, None

"""A team store named at start: the server reached and Today read on a thread of their own
while Qt starts and the window's code loads (issue 25).

At ten times the heavy portfolio a team store's start spent ≈ 0.11 s reaching the server and
≈ 0.3 s reading Today in the new process — 0.16–0.19 s of it waiting while the server worked
out the counts — only once Qt and the window were up, one after the other. A thread waits
without holding the interpreter: begun as soon as the data layer is imported, its waiting
overlaps Qt's start. The window then takes the store it opened and shows the Today it read
(if it is still that day), and reads nothing again.

Whatever goes wrong on the thread — a password the server asks for, a refusal, a server out
of reach — is left for the start to meet as it always did: it opens the store itself, and
asks or explains. Everything the thread runs is imported before it begins (`prepare`), so no
module is ever half imported by two threads (Python refuses a circular import met that way).

For a team store named on the command line (`--db URL`), and for the one a start naming
none reopens: the user's settings are read for it before Qt starts, with QtCore alone
(`last_opened.remembered_early`). That address has no password: a server that asks for one
is asked by the start, as before.
"""

from __future__ import annotations

import logging
import threading
from datetime import date
from typing import TYPE_CHECKING

from alliance_desk.store.location import SERVER_SCHEMES

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from alliance_desk.core.today import Today
    from alliance_desk.store.database import Store


def named_server(db: str | None) -> bool:
    """Whether `db` (`--db`'s value) names a team store."""
    return bool(db) and str(db).startswith(SERVER_SCHEMES)


def prepare() -> None:
    """Import what the thread runs (the server's driver and Today's reading), here, on the
    thread that starts it, before Qt: imported after PySide6 they cost more too."""
    import psycopg  # noqa: F401
    import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401

    from alliance_desk.store import database, today, today_calls  # noqa: F401


class Ahead:
    """The team store at `target` opened, and its Today read, on a thread (see the module)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.store: Store | None = None
        self.today: Today | None = None
        self._thread = threading.Thread(target=self._run, name="team-ahead", daemon=True)

    def start(self) -> Ahead:
        self._thread.start()
        return self

    def _run(self) -> None:
        from alliance_desk.store.database import open_store
        from alliance_desk.store.today import load_today

        try:
            self.store = open_store(self.target, start_backup=False)
            self.today = load_today(self.store)
        except Exception as error:  # met again, and explained, by the start itself
            log.info("the team store was not reached ahead: %s", type(error).__name__)

    def opened(self, target: object) -> Store | None:
        """The store opened ahead, once the thread is done, if `target` is the one it opened;
        None otherwise (then nothing it opened stays open): the caller opens it as before."""
        self._thread.join()
        if self.store is not None and target != self.target:
            self.store.close()
            self.store = self.today = None
        return self.store

    def today_for(self, store: Store | None, day: date) -> Today | None:
        """The Today read ahead on `store` (the one `opened` gave), once, if it is `day`'s."""
        today, self.today = self.today, None
        if today is None or store is None or store is not self.store or today.day != day:
            return None
        return today


def begin(db: str | None) -> Ahead | None:
    """The team store `db` names, begun on its thread; None for anything else."""
    if not named_server(db):
        return None
    prepare()
    return Ahead(str(db)).start()

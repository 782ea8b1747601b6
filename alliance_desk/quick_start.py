"""A start that draws Today as it was left, while the data layer loads (issue 25).

The window's own code loads in ≈ 0.25 s; SQLAlchemy, the mapped models and the store's modules
take ≈ 0.6 s more before Today can be read. When the portfolio file is exactly as it was when
the app last closed it (store/first_frame.py), the window is shown at once on Today as it was
kept for this day, and the data layer is imported on a thread of its own meanwhile; the file
is then opened as at any start, Today read afresh in its place, and every page of the file
checked. The kept picture is all that is shown before that: the first click, key or wheel
turn waits for the portfolio to be open (a few tenths of a second at most), so nothing is
done on a picture. A file whose check then fails is refused as at any start, and the
picture goes with it.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from pathlib import Path
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QLocale, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from alliance_desk.core import wall
from alliance_desk.core.today import Today
from alliance_desk.store import cipher, first_frame
from alliance_desk.store.location import resolve

# What the user does to a window: each waits for the portfolio to be open first.
_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.InputMethod,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.TouchBegin,
    }
)


def language() -> str:
    """The language Today's words are shown in (the user's locale: ui/i18n.py)."""
    return QLocale().name()


class Drawn(NamedTuple):
    """What a start draws first: the portfolio file, its Today and its alliances, as kept."""

    path: Path
    today: Today
    alliances: tuple[tuple[int, str, str], ...]


def today_for(
    picture: first_frame.Picture | None, settings: QSettings, db: str | None
) -> Drawn | None:
    """What this start may draw of the portfolio it opens; None otherwise: the
    window opens on another section or alliance, the file is encrypted, it is not the one
    that will be opened, or nothing was kept for this day in this language."""
    from alliance_desk.last_opened import LAST_DATABASE, reopen_last

    if picture is None:
        return None
    path = Path(picture.portfolio)
    last = str(settings.value(LAST_DATABASE) or "")
    if db is None and (not reopen_last(settings) or "://" in last or Path(last).resolve() != path):
        return None
    if settings.value("window/section") not in (None, "", "today"):
        return None
    if settings.value("window/alliance") not in (None, ""):
        return None
    if cipher.looks_encrypted(path):
        return None
    today = first_frame.today_of(picture, wall.today(), language())
    return None if today is None else Drawn(path, today, picture.alliances)


class Loading(QObject):
    """The data layer imported on a thread of its own, then the portfolio opened on the UI
    thread (`finish`): when the import is done, or at the user's first input if sooner."""

    ready = Signal()  # the portfolio is open in the window (or was refused)
    _imported = Signal()

    def __init__(self, window, path: Path, settings: QSettings, started_check) -> None:
        super().__init__(window)
        self.window, self.path, self.settings = window, path, settings
        self.started_check = started_check
        self.done = False
        self.failure: BaseException | None = None
        self._imported.connect(self.finish, Qt.ConnectionType.QueuedConnection)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.importing = threading.Thread(target=self._import, name="data-layer", daemon=True)
        # Begun once the first frame is drawn: the import holds the interpreter most of the
        # time, and drawing the window alongside it took twice as long.
        QTimer.singleShot(0, self, self._begin)

    def _begin(self) -> None:
        if not self.done:
            self.importing.start()

    def _import(self) -> None:
        """Off the UI thread: every page's check begun (on a core of its own), the log file
        opened, the data layer imported — none of it needed by the first frame."""
        from alliance_desk.app import import_data_layer, logging_on

        try:
            if self.started_check is None:
                from alliance_desk.store.integrity import check_early

                self.started_check = check_early(self.path)
            logging_on()
            import_data_layer()
        except BaseException as failure:  # raised again on the UI thread, by `finish`
            self.failure = failure
        # RuntimeError: the window was closed meanwhile, nothing is left to open it in
        with contextlib.suppress(RuntimeError):
            self._imported.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() in _INPUT:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the wait is seen
            try:
                self.finish()
            finally:
                QApplication.restoreOverrideCursor()
        return False

    def finish(self) -> None:
        """Open the portfolio in the window (waiting for the import if need be); once."""
        if self.done:
            return
        self.done = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.importing.ident is None:  # input came before the frame was drawn
            self._import()
        else:
            self.importing.join()
        try:
            if self.failure is not None:
                raise self.failure
            from alliance_desk.app import crash_reports_on

            crash_reports_on(self.window)
            _open_in(self.window, self.path, self.settings, self.started_check)
        except Exception as failure:  # never a picture left standing for a portfolio
            if self.window.desk.store is not None:
                raise  # it is open: reported as any other error
            from alliance_desk import crash

            crash.log.exception("the portfolio could not be opened behind Today's picture")
            _refuse(self.window, self.path, failure)
        finally:
            self.ready.emit()


def _open_in(window, path: Path, settings: QSettings, started_check) -> None:
    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import StoreError
    from alliance_desk.ui.preferences import backups_to_keep
    from alliance_desk.window_on import errors_held, verified

    try:
        store = open_store(
            path,
            keep_backups=backups_to_keep(settings),
            start_backup=False,
            check_aside=True,
            started_check=started_check,
        )
    except (StoreError, OSError) as problem:
        _refuse(window, path, problem)
        return
    with errors_held() as failures:  # a damaged page, most likely: the verdict says
        try:
            window.attach(store)
        except Exception as failure:
            failures.append(failure)
    checked, damage = verified(store)
    if damage is not None:
        _refuse(window, path, damage)
        return
    if failures:
        raise failures[0]
    from alliance_desk.app import opened

    opened(window, checked, settings)
    gc.freeze()  # as at any start: the data layer's modules left out of later collections


def _refuse(window, path: Path, problem: Any) -> None:
    """The file is refused as at any start: nothing of it stays in the window, the picture
    included, and a backup that opens is offered where one is known."""
    from alliance_desk import crash
    from alliance_desk.ui.backups import refused

    window.desk.set_store(None)  # Today shows no portfolio: the picture is gone
    first_frame.forget(path)
    crash.log.warning("the portfolio could not be opened")  # the reason may name a path
    backup = getattr(problem, "backup", None)
    if backup is not None and refused(window, problem, path, window.switch_to):
        return
    QMessageBox.critical(window, "Cannot open the portfolio", str(problem))


def first_frame_window(drawn: Drawn, settings: QSettings, started_check):
    """The window on Today as kept, with the portfolio opening behind it."""
    from alliance_desk.ui.desk import Desk, shown_as_read
    from alliance_desk.ui.main_window import MainWindow

    window = MainWindow(Desk(None), settings)
    path = drawn.path
    window.today.show_today(drawn.today)
    shown_as_read(window.today)
    window.show_kept_alliances(list(drawn.alliances))
    from alliance_desk import APP_NAME

    window.setWindowTitle(f"{path.name} — {APP_NAME}")  # as the store will make it
    window.location_label.setText(resolve(path).display)
    window.loading = Loading(window, path, settings, started_check)
    return window


def when_open(window, then) -> None:
    """Call `then` once the window's portfolio is open (at once if it already is)."""
    loading = getattr(window, "loading", None)
    if loading is None or loading.done:
        then()
    else:
        loading.ready.connect(then)

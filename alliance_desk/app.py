"""Start-up of the window: wires the store to the UI, the only place that knows both."""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path

from alliance_desk import APP_NAME, __version__
from alliance_desk.core import wall

ORGANISATION = "Alliance Desk"
APPLICATION = "alliance-desk"


def _choose_target(db: str | None, demo: bool, settings) -> str | Path | None:
    from alliance_desk.last_opened import remembered

    if demo:
        from alliance_desk.store.demo import create_demo

        return create_demo()
    if db:
        return db
    return remembered(settings)


START_BACKUP_DELAY_MS = 2000


def _back_up_later(window, store, keep: int, max_age_days: int | None) -> None:
    """The start-up backup, begun once the window has been up a moment — if it still shows
    that portfolio, unlocked, by then."""
    from PySide6.QtCore import QTimer

    from alliance_desk.store import cipher

    def begin() -> None:
        path = store.path
        if window.desk.store is store and window.isVisible() and not cipher.needs_passphrase(path):
            _backup_in_background(path, keep, max_age_days)

    QTimer.singleShot(START_BACKUP_DELAY_MS, window, begin)


def _backup_in_background(path: Path, keep: int, max_age_days: int | None) -> None:
    """The routine start-up backup, off the UI thread so the window is usable at once, and
    begun once the window has been up a moment: copying every page (an encrypted file's
    decrypted and encrypted again) would otherwise compete with showing Today for the CPU."""
    from alliance_desk.store.backup import backup_if_changed

    def work() -> None:
        try:
            backup_if_changed(path, keep=keep, max_age_days=max_age_days)
        except Exception as error:  # a failed backup must never take the app down
            print(f"alliance-desk: start-up backup failed: {error}", file=sys.stderr)

    threading.Thread(target=work, name="start-backup", daemon=True).start()


def build_window(
    db: str | None = None, demo: bool = False, settings=None, started_check=None, ahead=None
):
    """Open the portfolio and build the main window. Returns (window, error message or None).
    `started_check`: the integrity check `start` began on the file named by `db`; `ahead`:
    the team store it names, being opened on a thread (store/team_ahead.py)."""
    from PySide6.QtCore import QSettings

    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import StoreError
    from alliance_desk.ui.preferences import backups_to_keep

    settings = settings if settings is not None else QSettings()
    store, error, refusal, target = None, None, None, None
    from alliance_desk.store.location import resolve
    from alliance_desk.ui.sign_in import open_signing_in

    # An encrypted file's passphrase is asked for before the window's code is imported: the
    # key is then derived on another core while it loads (see `_unlock_while_loading`).
    early: list = []  # the window, built while an encrypted file's key is derived aside

    def build_early() -> None:
        from sqlalchemy.orm import configure_mappers

        from alliance_desk.ui.desk import Desk
        from alliance_desk.ui.main_window import MainWindow

        if not early:
            early.append(MainWindow(Desk(None), settings))
        configure_mappers()  # else the first query after the key does it, on the way to Today
        if early[0].current_section() == "today":
            from alliance_desk.store.today import build_ahead

            build_ahead(wall.today())  # its first statement, still before the key exists

    if ahead is not None:  # built while the team store is reached, and Today read, aside
        from alliance_desk.ui.desk import Desk
        from alliance_desk.ui.main_window import MainWindow

        early.append(MainWindow(Desk(None), settings))
    try:
        target = _choose_target(db, demo, settings)
        store = ahead.opened(target) if ahead is not None else None
        store = store or open_signing_in(
            target,
            lambda target: open_store(
                target,
                keep_backups=backups_to_keep(settings),
                start_backup=False,
                check_aside=True,  # every page is read on another core while the UI imports
                started_check=started_check,
            ),
            meanwhile=build_early,
        )
    except StoreError as problem:
        error, refusal = str(problem), problem
    except OSError as problem:
        error = str(problem)
    from alliance_desk.window_on import window_on

    window, store, damage = window_on(store, early, settings, ahead)
    if damage is not None:
        error, refusal = str(damage), damage
    # A refused file for which a backup that opens is known: the start offers to restore it.
    window.refusal = None
    if refusal is not None and refusal.backup is not None:
        window.refusal = (refusal, resolve(target).path)
    if store is not None:
        opened(window, store, settings)
    return window, error


def opened(window, store, settings) -> None:
    """The portfolio is open and checked in the window: it is the one to reopen next time,
    and a file's routine backup is taken once the window has been up a moment."""
    from alliance_desk.last_opened import LAST_DATABASE
    from alliance_desk.store.location import without_password
    from alliance_desk.ui.preferences import backup_max_age, backups_to_keep

    if store.path is None:
        settings.setValue(LAST_DATABASE, without_password(store.location.url))
    else:
        settings.setValue(LAST_DATABASE, str(store.path))
        _back_up_later(window, store, backups_to_keep(settings), backup_max_age(settings))


def import_data_layer() -> None:
    """Import the store before Qt: once PySide6 is loaded its import hook reads the source
    of every module imported after it (≈ 0.1 s for SQLAlchemy and the store). SQLite's
    dialect too, which SQLAlchemy would import only when the portfolio's engine is made: for
    an encrypted file that is after its key is derived, on the way to Today."""
    import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401

    from alliance_desk.store import (  # noqa: F401
        database,
        escalations,
        governance,
        habits,
        onboarding,
        portfolio,
        risks,
        stakeholders,
    )


def _picture_for(db: str | None):
    """What was kept of the portfolio this start opens (store/first_frame.py), or None —
    also if reading it failed: a picture never stands between the user and the portfolio."""
    from alliance_desk.store import first_frame

    try:
        return first_frame.for_start(db)
    except Exception:
        return None


def _drawn_as_kept(picture, settings, db: str | None, started_check):
    """The window drawn from what was kept (quick_start.py), or None to start as before —
    also if drawing it failed: a picture never stands between the user and the portfolio."""
    from alliance_desk.quick_start import first_frame_window, today_for
    from alliance_desk.store import first_frame

    try:
        kept = today_for(picture, settings, db)
        if kept is None:
            return None
        # The page check begins once the first frame is drawn (it would share the machine
        # with drawing it); its verdict comes before anything of the file is used.
        return first_frame_window(kept, settings, started_check)
    except Exception:
        from alliance_desk import crash

        crash.log.exception("Today as kept could not be drawn; read as at any start")
        first_frame.forget(Path(picture.portfolio))
        return None


def _check_early(db: str | None, demo: bool):
    """Begin reading every page of the named portfolio file at once, on another core: the
    check (≈ 40 ms for a heavy portfolio) then overlaps all of start-up instead of the end of
    it. Only for a file named on the command line; the last one opened is known only once Qt
    has read the settings."""
    if demo or not db or "://" in db:
        return None
    from alliance_desk.store.integrity import check_early

    # an encrypted file needs its passphrase first, asked once the window is up
    return check_early(Path(db).expanduser())


def _reopens_a_team_store(db: str | None) -> bool:
    """A start naming no store reopens a team store: no file's kept Today can be drawn (the
    one kept last may be a file's), and the data layer is imported at once, before Qt (after
    it, every module costs more), as for a team store named with --db."""
    from alliance_desk.last_opened import remembered_hint

    return not db and remembered_hint(ORGANISATION, APPLICATION) is not None


def _team_ahead(db: str | None):
    """The team store named by `db`, or else the one the start will reopen, opened and its
    Today read on a thread while Qt starts."""
    from alliance_desk.last_opened import remembered_hint
    from alliance_desk.store import team_ahead

    return team_ahead.begin(db if db else remembered_hint(ORGANISATION, APPLICATION))


def start(db: str | None = None, demo: bool = False):
    """Everything up to the event loop: (application, shown window, error message or None)."""
    # Start-up allocates a great many long-lived objects (modules, mappers, widgets) and the
    # cycle collector would scan them over and over: ≈ 5 % of the start. Collect afterwards,
    # with what exists now frozen out of later collections.
    gc.disable()
    # Today as the app last left this portfolio, if the file is as it was: drawn first.
    picture = None if demo or _reopens_a_team_store(db) else _picture_for(db)
    try:
        check = _check_early(db, demo) if picture is None else None
        app, window, error = _start(db, demo, check, picture)
    finally:
        gc.freeze()
        gc.enable()
    from alliance_desk.ui import collector

    collector.install(app)  # from now on cycles are collected on this thread only
    from alliance_desk.quick_start import when_open

    when_open(window, lambda: _orm_ready_later(window))
    return app, window, error


ORM_READY_MS = 300


def _orm_ready_later(window) -> None:
    """Configure the ORM's mappers a moment after the window is up. Start-up reads Today in
    plain Core and never needs them; the first section that queries through the ORM (an
    escalation's history, a person's details) configured them on the user's click instead,
    ≈ 20 ms of that first showing."""
    from PySide6.QtCore import QTimer
    from sqlalchemy.orm import configure_mappers

    QTimer.singleShot(ORM_READY_MS, window, configure_mappers)


def logging_on() -> None:
    from alliance_desk import crash

    crash.setup_logging()
    crash.log.info("%s %s starting", APP_NAME, __version__)


def crash_reports_on(window) -> None:
    from alliance_desk import crash
    from alliance_desk.ui.crash_dialog import CrashNotice

    crash.install(CrashNotice(window).crashed.emit)


def _start(db: str | None, demo: bool, started_check, picture):
    ahead = None
    if picture is None:
        logging_on()
        import_data_layer()
        ahead = None if demo else _team_ahead(db)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from alliance_desk.ui.theme import apply_theme, icon

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    apply_theme(app)
    app.setWindowIcon(icon("app"))
    from alliance_desk.ui.i18n import install_translators

    install_translators(app)  # before the first widget: every word is looked up as it is made
    settings = QSettings()
    window = _drawn_as_kept(picture, settings, db, started_check) if picture else None
    if window is not None:  # Today drawn as it was left; the portfolio opens behind it
        error = None  # the log and crash reports begin as the portfolio opens (quick_start)
    else:
        if picture is not None:  # not drawn after all: the log, the data layer, the check
            logging_on()
            import_data_layer()
            started_check = _check_early(db, demo)
            ahead = _team_ahead(db)  # a team store reopened where a file's Today was kept
        window, error = build_window(db, demo, settings, started_check, ahead)
        crash_reports_on(window)
    window.show()
    if error:
        from alliance_desk import crash

        crash.log.warning("the portfolio could not be opened")  # the reason may name a path
    if window.refusal is not None:
        from alliance_desk.ui.backups import refused

        problem, path = window.refusal
        if refused(window, problem, path, window.switch_to):
            error = None
    elif error:
        QMessageBox.critical(window, "Cannot open the portfolio", error)
    return app, window, error


def run_window(db: str | None = None, demo: bool = False) -> int:
    from alliance_desk.quick_start import when_open

    app, window, error = start(db, demo)
    when_open(window, lambda: _after_opening(window, error))
    code = app.exec()
    keep_first_frame(window)
    return code


def _after_opening(window, error: str | None) -> None:
    from PySide6.QtCore import QTimer

    if not error and window.desk.store is not None:
        from alliance_desk.ui.passphrase import offer_on_first_run

        # A portfolio made new at this start: encrypting it is offered first.
        QTimer.singleShot(200, lambda: offer_on_first_run(window))
        # First start of a new week: offer to review the week that just ended.
        QTimer.singleShot(300, window.prompt_review_if_due)
    from alliance_desk.ui.warm_up import SectionWarmUp

    SectionWarmUp(window).start()  # the other sections, built while the user is idle


def keep_first_frame(window) -> None:
    """Once the window has closed: Today kept for the next start (store/first_frame.py),
    for this day and the next few, read now that nothing else is; the file is closed first,
    so what is kept is tied to the file as it stays."""
    store = window.desk.store
    if store is None or store.path is None:
        return
    from datetime import datetime, time, timedelta

    from alliance_desk.quick_start import language
    from alliance_desk.store import cipher, first_frame, portfolio
    from alliance_desk.store.today import load_today

    path = store.path
    try:
        if cipher.looks_encrypted(path):  # what an encrypted file holds stays in it
            return
        first = wall.today()
        days = {}
        for ahead in range(first_frame.DAYS_AHEAD + 1):
            day = first + timedelta(days=ahead)
            now = wall.now() if ahead == 0 else datetime.combine(day, time.min)
            days[day] = load_today(store, policy=window.desk.policy, now=now)
        choices = portfolio.alliance_choices(store)
        # The journal emptied into the file now: closing it later (whichever connection is
        # last) then writes nothing, and the file stays as its fingerprint says.
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        first_frame.keep(path, days, language(), choices)
    except Exception as error:  # the next start then reads Today as before
        print(f"alliance-desk: Today was not kept for the next start: {error}", file=sys.stderr)

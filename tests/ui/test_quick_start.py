"""A start that draws Today as it was left while the data layer loads (quick_start.py): the
picture is what the user sees first, nothing is done on it, and a damaged file is still
refused — the picture with it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from alliance_desk.store import first_frame
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo
from alliance_desk.store.today import load_today
from tests.helpers import digest, start_in_fresh_process


@pytest.fixture(autouse=True)
def reporting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The log file and crash reports, which the portfolio's opening turns on, recorded
    instead of installed in this process (they would outlive the test)."""
    from alliance_desk import app, crash

    turned_on: list[str] = []
    monkeypatch.setattr(app, "logging_on", lambda: turned_on.append("log"))
    monkeypatch.setattr(crash, "install", lambda _notice=None: turned_on.append("crash reports"))
    return turned_on


@pytest.fixture
def kept(qapp):
    """The demo, closed, with Today kept in this machine's language: (path, Today)."""
    from alliance_desk.quick_start import language
    from alliance_desk.store.portfolio import alliance_choices

    path = create_demo()
    store = open_store(path, start_backup=False)
    today, choices = load_today(store), alliance_choices(store)
    store.close()
    first_frame.keep(path, {today.day: today}, language(), choices)
    return path, today


@pytest.fixture
def importing(monkeypatch: pytest.MonkeyPatch):
    """The data layer's import held until the test lets it end (this process has it already:
    the import would end at once, before the test could look at the first frame)."""
    import threading

    from alliance_desk import app

    gate = threading.Event()
    monkeypatch.setattr(app, "import_data_layer", lambda: gate.wait(10))
    yield gate
    gate.set()


@pytest.fixture
def quick(kept, settings, qtbot, make_window, importing):
    """The window drawn from the picture, the portfolio not open yet."""
    from alliance_desk.quick_start import first_frame_window, today_for

    path, _today = kept
    picture = today_for(first_frame.kept(path), settings, str(path))
    assert picture is not None
    window = first_frame_window(picture, settings, None)
    qtbot.addWidget(window)
    window.show()
    yield window
    if window.desk.store is not None:
        window.desk.store.close()


def test_the_first_frame_is_today_as_kept_then_read_afresh_from_the_open_portfolio(
    quick, kept, qtbot, importing, reporting
) -> None:
    path, today = kept
    assert quick.desk.store is None and not quick.loading.done  # nothing opened yet
    assert quick.today.shown == today
    assert quick.today.pages.currentIndex() == 0  # the tasks, not the welcome
    assert quick.today.visible_tasks()[0] == today.tasks[0]
    assert quick.windowTitle() == f"{path.name} — Alliance Desk"
    # as the open portfolio will show them: every task counted, the chooser's alliances
    assert quick.today.list_title.text().endswith(f"({today.total})")
    assert today.total > len(today.tasks)  # more than the picture holds
    chooser = [quick.alliance_selector.itemText(i) for i in range(quick.alliance_selector.count())]
    assert len(chooser) == 1 + today.alliances
    title = quick.today.list_title.text()
    qtbot.wait(100)
    assert not quick.loading.done  # still importing: the picture stays
    importing.set()
    qtbot.waitUntil(lambda: quick.loading.done, timeout=10_000)
    assert quick.desk.store is not None and quick.desk.store.path == path
    assert reporting == ["log", "crash reports"]  # on, as the portfolio opened
    assert quick.today.shown == today  # read again from the file: the same
    assert quick.desk.store._pending_check is None  # every page checked
    assert quick.windowTitle() == f"{path.name} — Alliance Desk"
    assert quick.today.list_title.text() == title
    assert [
        quick.alliance_selector.itemText(i) for i in range(quick.alliance_selector.count())
    ] == chooser


def test_the_first_key_waits_for_the_portfolio_then_acts_on_it(
    quick, qtbot, importing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is done on the picture: a key pressed before the portfolio is open waits for
    it to open (under a busy pointer), then goes where it was typed."""
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    pointers = []
    finish = quick.loading.finish

    def finishing() -> None:  # the pointer while the key waits for the portfolio
        cursor = QApplication.overrideCursor()
        pointers.append(None if cursor is None else cursor.shape())
        finish()

    monkeypatch.setattr(quick.loading, "finish", finishing)
    assert not quick.loading.done
    threading.Timer(0.2, importing.set).start()  # the import ends while the key waits
    QTest.keyClick(quick, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert quick.loading.done and quick.desk.store is not None
    assert pointers == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None  # and the pointer back as it was
    assert quick.current_section() == "escalations"  # Ctrl+5, shown on the open portfolio
    assert quick.view("escalations").model.rowCount() > 0


def test_a_file_damaged_since_its_picture_was_kept_is_refused_and_the_picture_goes(
    kept, settings, qtbot, messages, make_window
) -> None:
    """A failing disk changes a page but not the file's size or time: the picture is drawn
    (it is of the file as it was, sound), then the check refuses the file, untouched, and
    the window shows nothing of it — the picture included, which is forgotten."""
    from alliance_desk.quick_start import first_frame_window, today_for
    from tests.store.test_database import _damage_last_pages

    path, _today = kept
    stat = path.stat()
    _damage_last_pages(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    before = digest(path)
    picture = today_for(first_frame.kept(path), settings, str(path))
    assert picture is not None  # size and time as they were: drawn
    window = first_frame_window(picture, settings, None)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.loading.done, timeout=10_000)
    assert window.desk.store is None
    assert window.today.pages.currentWidget() is window.today.welcome
    assert messages and "damaged" in messages[-1][1]
    assert not first_frame.kept_path(path).exists()
    assert digest(path) == before


@pytest.mark.parametrize(
    "setting",
    [("window/section", "risks"), ("window/alliance", "3")],
    ids=["another section", "one alliance in focus"],
)
def test_a_window_that_opens_elsewhere_reads_as_before(kept, settings, setting) -> None:
    path, _today = kept
    from alliance_desk.quick_start import today_for

    settings.setValue(*setting)
    assert today_for(first_frame.kept(path), settings, str(path)) is None


def test_only_the_last_portfolio_s_picture_is_drawn_when_no_file_is_named(kept, settings) -> None:
    from alliance_desk.last_opened import LAST_DATABASE
    from alliance_desk.quick_start import today_for

    path, _today = kept
    newest = first_frame.newest()
    assert today_for(newest, settings, None) is None  # not the one to reopen
    settings.setValue(LAST_DATABASE, str(path))
    assert today_for(newest, settings, None) is not None


def test_closing_keeps_today_for_the_next_few_days_and_never_an_encrypted_file_s(
    make_window, data_home: Path
) -> None:
    from alliance_desk.app import keep_first_frame
    from alliance_desk.store import encryption

    window, _ = make_window(demo=True)
    path = window.desk.store.path
    keep_first_frame(window)
    picture = first_frame.kept(path)
    assert picture is not None and len(picture.days) == first_frame.DAYS_AHEAD + 1
    first_frame.forget(path)
    encryption.encrypt(path, "a-long-enough-passphrase")
    window2, _ = make_window(str(path))
    keep_first_frame(window2)
    assert not first_frame.kept_path(path).exists()


def test_a_start_after_a_closed_session_draws_today_before_opening_the_file(
    tmp_path: Path, data_home
) -> None:
    """Two starts of the app itself: the first keeps Today as it closes; the second draws it
    with the portfolio not yet open, and opens it behind."""
    script = (
        "import os, sys\n"
        "from alliance_desk.app import keep_first_frame, start\n"
        "app, window, error = start(sys.argv[1])\n"
        "assert error is None, error\n"
        "loading = window.loading\n"
        "first = (loading is not None and not loading.done, window.desk.store is None,\n"
        "         window.today.shown is not None and window.today.shown.alliances > 0)\n"
        "if loading is not None:\n"
        "    loading.finish()\n"
        "assert window.desk.store is not None\n"
        "keep_first_frame(window)\n"
        "print(*first, flush=True)\n"
        "os._exit(0)\n"
    )
    config, demo = tmp_path / "config", create_demo()
    once = start_in_fresh_process(script, demo, config, data_home)
    assert once == "False False True"  # nothing kept yet: read as before
    again = start_in_fresh_process(script, demo, config, data_home)
    assert again == "True True True"


def test_encrypting_a_portfolio_forgets_its_picture(kept) -> None:
    from alliance_desk.store import encryption

    path, _today = kept
    assert first_frame.kept_path(path).exists()
    encryption.encrypt(path, "a-long-enough-passphrase")
    assert not first_frame.kept_path(path).exists()


def test_a_picture_that_cannot_be_drawn_never_stands_in_the_way(
    kept, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawing what was kept fails (a picture of another make, say): the start reads as at
    any start, and the picture is forgotten."""
    from alliance_desk import app, quick_start

    path, _today = kept

    def broken(*_args):
        raise AttributeError("'Picture' object has no attribute 'alliances'")

    monkeypatch.setattr(quick_start, "first_frame_window", broken)
    assert app._drawn_as_kept(first_frame.kept(path), settings, str(path), None) is None
    assert not first_frame.kept_path(path).exists()


def test_a_failure_opening_the_portfolio_leaves_no_picture_standing(
    quick, qtbot, importing, messages, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong opening the file behind the picture (here an error nobody
    foresaw), the window does not go on showing it as if the portfolio were open: it says
    why and shows no portfolio, and the picture is forgotten."""
    from alliance_desk.store import database

    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(database, "open_store", broken)
    importing.set()
    qtbot.waitUntil(lambda: quick.loading.done, timeout=10_000)
    assert quick.desk.store is None
    assert quick.today.pages.currentWidget() is quick.today.welcome
    assert messages and "the disk went away" in messages[-1][1]
    assert first_frame.newest() is None


@pytest.mark.parametrize("named", ["mysql://someone@somewhere/db", "sqlite://"])
def test_a_start_on_what_cannot_hold_a_portfolio_still_says_why(
    named: str, tmp_path: Path, data_home
) -> None:
    """Looking for a kept picture of what `--db` names must not stand in the way of the
    start's own message for a place no portfolio can be."""
    script = (
        "import os, sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "QMessageBox.critical = staticmethod(lambda *a, **k: print('said', bool(a[2])))\n"
        "from alliance_desk.app import start\n"
        "app, window, error = start(sys.argv[1])\n"
        "print('opened', window.desk.store is not None, flush=True)\n"
        "os._exit(0)\n"
    )
    printed = start_in_fresh_process(script, named, tmp_path / "config", data_home)
    assert printed.splitlines() == ["said True", "opened False"]


def test_a_window_closed_before_its_portfolio_opened_leaves_nothing_to_fail(
    quick, qtbot, importing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Closed (and gone) within the moment the data layer takes to load: the loading thread
    ends quietly, with nothing left to open the portfolio in."""
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    failures: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    qtbot.waitUntil(lambda: quick.loading.importing.ident is not None, timeout=5_000)
    loading = quick.loading
    loading.deleteLater()  # as when its window goes: Qt deletes it with it
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    importing.set()
    loading.importing.join(10)
    assert not loading.importing.is_alive()
    assert failures == []

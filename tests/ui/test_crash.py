"""A log and a crash report: something unexpected leaves a report in the log folder, the
window says where it is and keeps working, and nothing personal is written there."""

from __future__ import annotations

import faulthandler
import logging
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from alliance_desk import crash
from alliance_desk.core.stakeholders import validate_interaction
from alliance_desk.store import contact_log, stakeholders
from alliance_desk.store.location import log_dir

NAME = "Zoë Quillfeather-Marker"
NOTE = "secret merger talk, marker 7731"


@pytest.fixture
def logging_to_home(data_home: Path):
    """The app's log and crash handling, as `alliance-desk` starts them, undone after."""
    hooks = (sys.excepthook, threading.excepthook)
    handlers = list(crash.log.handlers)
    folder = crash.setup_logging()
    yield folder
    for handler in crash.log.handlers[len(handlers) :]:
        handler.close()
        crash.log.removeHandler(handler)
    sys.excepthook, threading.excepthook = hooks
    if crash._faults is not None:  # back to the test runner's own fault reporting
        faulthandler.enable(file=sys.__stderr__)
        crash._faults.close()
        crash._faults = None


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes built by hand (the crash dialog) are recorded and answered at once."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_log_lives_in_a_private_file_in_the_log_folder(logging_to_home, data_home) -> None:
    assert logging_to_home == log_dir() == data_home / "logs"
    logging.getLogger("alliance_desk.ui.desk").info("hello")
    for handler in crash.log.handlers:
        handler.flush()
    path = logging_to_home / crash.LOG_FILE
    assert "hello" in path.read_text(encoding="utf-8")
    assert _mode(path) == 0o600 and _mode(logging_to_home) == 0o700


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_leaves_a_report_and_the_window_keeps_working(
    demo_window, logging_to_home, dialogs, qtbot
) -> None:
    """An exception in a slot (as a bug would raise) is reported, not fatal: the dialog names
    the report, which holds the traceback but not the name or note in the message."""
    from alliance_desk.ui.crash_dialog import CrashNotice

    crash.install(CrashNotice(demo_window).crashed.emit)

    def bug() -> None:
        raise ValueError(f"could not file “{NAME}”: '{NOTE}' [parameters: ('{NAME}', 42)] (id 42)")

    QTimer.singleShot(0, bug)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=3000)
    (report,) = logging_to_home.glob("crash-*.txt")
    assert str(report) in dialogs[0] and "keep working" in dialogs[0]
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "in bug" in text and "builtins.ValueError" in text
    assert "0.1.0" in text and "(id 42)" in text
    assert NAME not in text and NOTE not in text and "7731" not in text
    assert _mode(report) == 0o600
    demo_window.show_section("escalations")  # still working
    assert demo_window.escalations.model.rowCount() > 0


def test_a_crash_on_another_thread_is_reported_too(logging_to_home) -> None:
    reports: list[Path] = []
    crash.install(reports.append)
    worker = threading.Thread(target=lambda: 1 / 0, name="worker")
    worker.start()
    worker.join()
    (report,) = reports
    assert "ZeroDivisionError" in report.read_text(encoding="utf-8")
    assert "Thread: worker" in report.read_text(encoding="utf-8")


def test_a_hard_crash_leaves_the_native_stack(tmp_path: Path) -> None:
    """If the interpreter itself dies (a crash inside Qt), faulthandler writes where."""
    home = tmp_path / "home"
    script = (
        "from alliance_desk import crash; crash.install(); "
        "import faulthandler; faulthandler._sigsegv()"
    )
    subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "ALLIANCE_DESK_HOME": str(home)},
        capture_output=True,
        timeout=60,
    )
    assert "Fatal Python error" in (home / "logs" / crash.FAULTS_FILE).read_text()


def test_log_lines_name_records_by_id_never_by_what_they_hold(
    demo_window, logging_to_home, qtbot
) -> None:
    """A session of edits with a marker in every text field: the log says what kinds of
    record changed and their ids, and holds none of the text."""
    desk = demo_window.desk
    demo_window.show_section("stakeholders")
    alliance = stakeholders.list_stakeholders(desk.store, None)[0].alliance_id
    desk.select_alliance(alliance)
    panel = demo_window.stakeholders.panel
    demo_window.stakeholders.select(demo_window.stakeholders.people[0].id)
    for key, text in (("name", NAME), ("title", NAME), ("notes", NOTE)):
        field = panel.form.fields[key]
        if hasattr(field, "setPlainText"):
            field.setPlainText(text)
        else:
            field.setText(text)
            field.setModified(True)
        panel.form.announce()
    person = demo_window.stakeholders.people[0].person.id
    contact_log.log_interaction(
        desk.store,
        alliance,
        validate_interaction(
            {
                "occurred_on": "2026-03-01",
                "kind": "call",
                "sentiment": 1,
                "note": NOTE,
                "person_ids": [person],
            }
        ),
    )
    desk.undo_stack.undo()
    for handler in crash.log.handlers:
        handler.flush()
    lines = (logging_to_home / crash.LOG_FILE).read_text(encoding="utf-8")
    assert "saved: Changes(person: [" in lines and "interaction: [" in lines
    for marker in (NAME, NOTE, "Quillfeather", "7731", "merger"):
        assert marker not in lines


def test_help_opens_the_log_folder(demo_window, monkeypatch, data_home) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    action = next(a for a in demo_window.actions() if a.text() == "Open &log folder")
    action.trigger()
    assert [url.toLocalFile() for url in opened] == [str(data_home / "logs")]

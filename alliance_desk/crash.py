"""The log and the crash report: what is left behind when something goes wrong in the field.

The window logs to a rotating file in the platform's log folder (`store.location.log_dir`);
an exception nobody caught writes a crash report beside it (with the version, the platform
and the traceback) and the window offers to keep working; `faulthandler` writes the native
stack there if the interpreter itself dies. Nothing personal goes in: log lines name records
by id, and a crash report's message has quoted text and SQL parameters taken out, because an
error message may carry a name or a note the user typed.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import platform
import re
import sys
import threading
import traceback
from collections.abc import Callable
from datetime import datetime
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from alliance_desk import APP_NAME, __version__

LOG_FILE = "alliance-desk.log"
FAULTS_FILE = "faults.log"
MAX_BYTES = 1_000_000
KEEP = 5
log = logging.getLogger("alliance_desk")
# Until a log file is set up (the window does; a command names its report itself), our lines go
# nowhere rather than to the terminal through logging's last resort.
log.addHandler(logging.NullHandler())

# Quoted text (as typed by the user, in our messages and in reprs) and the parameters
# SQLAlchemy appends to a database error: the parts of a message that may be personal.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|'[^'\n]*'")
_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(\(|$|\n))", re.DOTALL)


def scrub(message: str) -> str:
    """An error message with what may be personal taken out: quoted text, SQL parameters,
    any passphrase this process holds."""
    cipher = sys.modules.get("alliance_desk.store.cipher")  # loaded once a file is encrypted
    if cipher is not None:
        for secret in cipher.secrets():
            message = message.replace(secret, "…")
    message = _PARAMETERS.sub("[parameters hidden]", message)
    return _QUOTED.sub("“…”", message)


class _PrivateRotatingFile(RotatingFileHandler):
    """A rotating log whose files only their owner can read (0600), like the portfolio."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, "a", encoding=self.encoding or "utf-8")


def _folder() -> Path:
    from alliance_desk.store.location import log_dir, make_private_dir

    folder = log_dir()
    make_private_dir(folder)
    return folder


def setup_logging(level: int = logging.INFO) -> Path:
    """Log the app's own lines to the rotating file; returns the folder. Idempotent."""
    folder = _folder()
    path = folder / LOG_FILE
    if not any(getattr(h, "baseFilename", None) == str(path) for h in log.handlers):
        handler = _PrivateRotatingFile(path, maxBytes=MAX_BYTES, backupCount=KEEP)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
    log.setLevel(level)
    return folder


def write_report(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> Path:
    """Write a crash report for an exception nobody caught; returns its path."""
    folder = _folder()
    stamp = datetime.now()
    path = folder / f"crash-{stamp:%Y%m%d-%H%M%S-%f}.txt"
    frames = "".join(traceback.format_tb(trace))
    text = (
        f"{APP_NAME} {__version__} crash report, {stamp:%Y-%m-%d %H:%M:%S}\n"
        f"Python {platform.python_version()} on {platform.platform()}\n"
        f"Thread: {threading.current_thread().name}\n\n"
        f"Traceback (most recent call last):\n{frames}"
        f"{kind.__module__}.{kind.__qualname__}: {scrub(str(error))}\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as report:
        report.write(text)
    log.error("crash: %s, report %s", kind.__qualname__, path.name)
    return path


_faults: IO[str] | None = None  # kept open: faulthandler writes to it when the process dies


def install(on_crash: Callable[[Path], Any] | None = None) -> None:
    """Catch what nobody caught, on any thread: write a report and hand its path to
    `on_crash` (the window's dialog). `faulthandler` covers a hard crash of the process."""
    global _faults
    folder = _folder()
    if _faults is None:
        fd = os.open(folder / FAULTS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        _faults = os.fdopen(fd, "a", encoding="utf-8")
        faulthandler.enable(file=_faults)

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        try:
            report = write_report(kind, error, trace)
        except OSError:  # the log folder is gone or full: say it at least on stderr
            sys.__excepthook__(kind, error, trace)
            return
        if on_crash is not None:
            on_crash(report)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook

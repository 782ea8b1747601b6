"""Started in a fresh process by the benchmark: time to an interactive window, and memory.

    python -m bench.probe app PATH      Alliance Desk on PATH, showing Today
    python -m bench.probe app-reopened PATH   the same, PATH reopened from the settings
    python -m bench.probe bare PATH     the bare stack: PySide6 + SQLAlchemy session + QMainWindow
    python -m bench.probe bare-sa-first PATH   the same, SQLAlchemy imported before PySide6
PATH may be a team store's URL (postgresql+psycopg://…). Prints "seconds peak_rss_mb ready"
once the window is shown and the event loop is idle; `ready`: once the portfolio is open in
it too (later only when Today was drawn as it was left, quick_start.py). The app's run keeps
Today for the next one, as the app does when its window closes.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not `getrusage`'s `ru_maxrss` where Linux
    offers better: that one is carried over an exec from the process that started this one,
    so the benchmark, having just generated the portfolio (a 512 MB page cache), printed its
    own peak as the app's (394 MB and 570 MB where the app itself peaks at ≈ 125 MB). The
    kernel's high-water mark of this process's own memory (VmHWM) starts afresh at exec."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(app, window=None) -> None:
    """Print the time to the first frame, the peak memory and the time until the portfolio
    is open behind it (the same, unless Today was drawn as it was left: quick_start.py)."""
    elapsed = time.perf_counter() - STARTED
    loading = getattr(window, "loading", None)
    if loading is not None and not loading.done:
        loading.ready.connect(lambda: _opened(app, window, elapsed))
        return
    _opened(app, window, elapsed)


def _opened(app, window, first: float) -> None:
    ready = time.perf_counter() - STARTED
    peak = peak_rss_mb()
    print(f"{first:.4f} {peak:.1f} {ready:.4f}", flush=True)
    if window is not None:  # as the app does once its window closes: Today kept
        from alliance_desk.app import keep_first_frame

        keep_first_frame(window)
    app.quit()


def _type_into_the_dialog(secret: str) -> None:
    """The app asks for the passphrase with its own dialog, as at any start: here it is
    answered the moment it opens, so the start is timed along the app's own path (the key
    derived while the window's code loads). Imported in the app's own order: store, then Qt,
    and as `app.start` imports them: with the cycle collector off (`start` turns it back on
    once the window is up). With it on, it scanned every new module's objects here: ≈ 30 ms
    the app never pays, counted against the encrypted start alone."""
    gc.disable()
    from alliance_desk.app import import_data_layer

    import_data_layer()
    from PySide6.QtWidgets import QDialog

    from alliance_desk.ui.passphrase import PassphraseDialog

    def typed(dialog: PassphraseDialog) -> QDialog.DialogCode:
        dialog.entry.setText(secret)
        return QDialog.DialogCode.Accepted

    PassphraseDialog.exec = typed  # type: ignore[method-assign,assignment]


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    if mode.startswith("bare"):
        # "bare" is the stack as issue 9 and DESIGN.md §5 measured it: PySide6, then SQLAlchemy
        # (≈ 0.37 s there). PySide6's import hook makes every module imported after it dearer,
        # so the app imports SQLAlchemy first; "bare-sa-first" shows that order's floor too.
        if mode == "bare-sa-first":
            import sqlalchemy.orm  # noqa: F401
        from PySide6.QtWidgets import QApplication, QMainWindow
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import Session

        app = QApplication([])
        url = path if "://" in path else f"sqlite:///{path}"
        with Session(create_engine(url)) as session:
            session.execute(text("SELECT 1")).all()
        window = QMainWindow()
        window.show()
        shown = None
    else:
        # Exactly what `alliance-desk --db PATH` does before its event loop, with the
        # user's settings kept beside the database so runs do not touch real preferences.
        import atexit
        import shutil
        import tempfile

        # "app-reopened": no store named, the one the settings (XDG_CONFIG_HOME, as the
        # benchmark wrote them) remember is reopened, as most starts do.
        reopened = mode == "app-reopened"
        if not reopened:
            # not bench.timing's `scratch`: its imports (statistics, subprocess) would be timed
            settings = tempfile.mkdtemp(prefix="alliance-desk-bench-")
            atexit.register(shutil.rmtree, settings, True)  # hundreds of runs left them
            os.environ["XDG_CONFIG_HOME"] = settings
        from alliance_desk.app import start

        secret = os.environ.pop("ALLIANCE_DESK_PASSPHRASE", None)
        if secret is not None:  # an encrypted portfolio (bench.encrypted): typed at once
            _type_into_the_dialog(secret)
        app, window, error = start(None if reopened else path)
        if error:
            raise SystemExit(error)
        shown = window
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, lambda: report(app, shown))
    app.exec()


if __name__ == "__main__":
    main()

"""Started in a fresh process by the benchmark: time to an interactive window, and memory.

    python -m bench.probe app PATH      Alliance Desk on PATH, showing Today
    python -m bench.probe bare PATH     the bare stack: PySide6 + SQLAlchemy session + QMainWindow
Prints "seconds peak_rss_mb" once the window is shown and the event loop is idle.
"""

from __future__ import annotations

import os
import resource
import sys
import time

STARTED = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def report(app) -> None:
    elapsed = time.perf_counter() - STARTED
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.4f} {peak:.1f}", flush=True)
    app.quit()


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    from PySide6.QtCore import QTimer

    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow
        from sqlalchemy import create_engine, text
        from sqlalchemy.orm import Session

        app = QApplication([])
        with Session(create_engine(f"sqlite:///{path}")) as session:
            session.execute(text("SELECT 1")).all()
        window = QMainWindow()
        window.show()
    else:
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication

        from alliance_desk.app import build_window
        from alliance_desk.ui.theme import apply_theme

        app = QApplication([])
        apply_theme(app)
        settings = QSettings(f"{path}.bench.ini", QSettings.Format.IniFormat)
        window, error = build_window(path, False, settings)
        if error:
            raise SystemExit(error)
        window.show()
    QTimer.singleShot(0, lambda: report(app))
    app.exec()


if __name__ == "__main__":
    main()

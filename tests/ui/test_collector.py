"""Cycles are collected on the window's thread only: work on another core (a pack laid out,
the start-up backup) never runs the collector there, where it could free the window's Qt
objects — the cause of an occasional crash."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

from alliance_desk.ui.collector import MainThreadCollector
from tests.helpers import start_demo_in_fresh_process


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_work_on_another_thread_never_collects_there_and_the_window_thread_does(qtbot) -> None:
    gc.enable()  # as outside the suite (tests/conftest.py turns it off): the collector must
    seen: list[int] = []

    def record(phase: str, _info: dict) -> None:
        if phase == "start":
            seen.append(threading.get_ident())

    collector = MainThreadCollector()
    gc.callbacks.append(record)
    collector.start()
    try:

        def busy() -> None:  # crosses the youngest generation's threshold many times over
            for _ in range(50_000):
                Node()

        worker = threading.Thread(target=busy)
        worker.start()
        worker.join()
        assert worker.ident not in seen, "the collector ran on the worker's thread"
        assert not gc.isenabled()
        garbage = Node()
        gone = weakref.ref(garbage)
        del garbage
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)  # the timer collected it
        assert threading.get_ident() in seen
    finally:
        collector.stop()
        gc.callbacks.remove(record)
    assert gc.isenabled()


def test_the_started_window_hands_collection_to_its_own_thread(tmp_path: Path, data_home) -> None:
    script = (
        "import gc, os, sys\n"
        "from alliance_desk.app import start\n"
        "app, window, error = start(sys.argv[1])\n"
        "assert error is None, error\n"
        "app.processEvents()\n"
        "print(gc.isenabled(), flush=True)\n"
        "os._exit(0)\n"
    )
    assert start_demo_in_fresh_process(script, tmp_path / "config", data_home) == "False"

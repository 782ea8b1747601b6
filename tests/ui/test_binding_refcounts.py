"""The Qt binding keeps Python's books straight. PySide6 6.12.0 lost a reference to `None` on
every Qt call that returns nothing (`QLabel.setText`, `QPainter.drawLine`, …); Python 3.11
still counts `None`'s references, so after a few hundred switches between sections the count
reached zero and the app aborted (`Fatal Python error: none_dealloc`), losing whatever was being
typed. pyproject.toml keeps that release out; this test fails on any binding that leaks so."""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QLabel

CALLS = 200  # few: on a leaking binding each call brings the abort nearer

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to lose"
)


def _lost(call) -> int:
    """References to None gone after CALLS calls (0 when the binding keeps count). The cycle
    collector is held meanwhile: freeing earlier tests' garbage drops references too."""
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            call()
        return before - sys.getrefcount(None)
    finally:
        gc.enable()


def test_calls_that_return_nothing_do_not_lose_references_to_none(qapp) -> None:
    label = QLabel()
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        calls = {
            "QLabel.setText": lambda: label.setText("x"),
            "QWidget.setVisible": lambda: label.setVisible(False),
            "QPainter.setPen": lambda: painter.setPen(QColor("red")),
            "QPainter.drawLine": lambda: painter.drawLine(0, 0, 5, 5),
            "QPainter.drawEllipse": lambda: painter.drawEllipse(QPointF(1, 1), 2.0, 2.0),
        }
        # A handful of None references may come and go with caches; a leak loses one a call.
        lost = {name: _lost(call) for name, call in calls.items()}
    finally:
        painter.end()
    assert all(n < CALLS // 10 for n in lost.values()), lost

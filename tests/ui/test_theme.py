"""The dark palette: coloured text in every table stays legible on the dark background."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QTableView

from alliance_desk.store import portfolio
from alliance_desk.ui.sections import SECTIONS


def luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )


def contrast(first: QColor, second: QColor) -> float:
    """The WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def themed(qapp, request, monkeypatch):
    """The light or the dark palette, as the desktop would ask for it."""
    from alliance_desk.ui.theme import THEME_VARIABLE, apply_theme

    qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # restyle only this test's window
    monkeypatch.setenv(THEME_VARIABLE, "dark" if request.param else "light")
    apply_theme(qapp)
    yield request.param
    monkeypatch.delenv(THEME_VARIABLE)
    apply_theme(qapp)


def test_coloured_cells_are_legible(themed, make_window) -> None:
    """Overdue, tier, side and on-target colours read at 4.5:1 or better (WCAG AA)."""
    window, _error = make_window(demo=True)
    window.desk.select_alliance(portfolio.list_alliances(window.desk.store)[0].id)
    base = QApplication.palette().color(QPalette.ColorRole.Base)
    assert (base.lightness() < 128) == themed
    coloured = []
    for section in SECTIONS:
        window.show_section(section.key)
        for table in window.view(section.key).findChildren(QTableView):
            model = table.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    colour = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
                    if colour is not None:
                        coloured.append((contrast(colour, base), colour.name(), section.key))
    assert len({name for _ratio, name, _where in coloured}) >= 3, "the demo colours cells"
    faint = {(name, where, round(ratio, 1)) for ratio, name, where in coloured if ratio < 4.5}
    assert faint == set()

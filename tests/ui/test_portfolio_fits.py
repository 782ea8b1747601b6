"""The portfolio on a laptop: every alliance's name reads whole (it is what the list is of),
beside its partner and its tier, at 1024×700 and at 1440×900."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_fits import SIZES, show_at


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_alliance_is_named_whole_beside_its_partner_and_tier(demo_window, size) -> None:
    """ "Asia licensing of Halcyon immunology port…" at 1024×700: 16 px short."""
    table = show_at(demo_window, "portfolio", size).table
    model = table.model()
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for title in ("Alliance", "Partner", "Tier"):
        assert not table.isColumnHidden(titles.index(title)), f"{title} stepped aside"
    assert table.horizontalScrollBar().maximum() == 0, "no sideways scroll"
    assert model.rowCount() >= 7
    for row in range(model.rowCount()):
        name = model.index(row, 0)
        assert table.sizeHintForIndex(name).width() <= table.columnWidth(0), name.data()

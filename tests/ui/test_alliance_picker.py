"""Which alliance? — asked when a record is added on "All alliances"."""

from __future__ import annotations

from alliance_desk.store import portfolio
from alliance_desk.ui.alliance_picker import AlliancePicker


def test_every_alliance_shows_whole_when_the_picker_opens(demo_store, qtbot) -> None:
    """At 560 × 380 the picker showed five and a half of the demo's seven alliances and cut
    the first name ("Asia licensing of Halcyon immunology portf…")."""
    alliances = portfolio.list_alliances(demo_store)
    assert len(alliances) == 7
    dialog = AlliancePicker(alliances, "An escalation belongs to one alliance.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.search.table
    model = table.model()
    last = table.visualRect(model.index(model.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height(), (last, table.viewport().height())
    # the widest name with the cell's own margins, as Qt measures a column to fit it
    assert table.sizeHintForColumn(0) <= table.columnWidth(0)
    right = table.columnViewportPosition(2) + table.columnWidth(2)
    assert right <= table.viewport().width()  # the tier column too, without scrolling

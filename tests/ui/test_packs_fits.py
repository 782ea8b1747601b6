"""The Packs section uses the window: under the form, what the pack will contain — its
sections and what each holds for the chosen alliance and meeting, and the marking on every
page — instead of an empty lower half."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from alliance_desk.core.packs import Audience
from alliance_desk.store import portfolio
from tests.ui.test_fits import SIZES, settle


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_preview_fills_the_window_and_matches_the_pack(demo_window, size) -> None:
    demo_window.resize(*size)
    demo_window.show()
    demo_window.show_section("packs")
    view = demo_window.packs
    settle()
    preview = view.preview
    assert preview.isVisible() and not preview.table.isVisible()
    assert "Choose the alliance" in preview.marking.text()  # "All alliances": nothing yet
    # The line sits under its title (a tall label centres its text far below it).
    assert preview.marking.height() <= 3 * preview.marking.fontMetrics().height()
    halo = next(
        a for a in portfolio.list_alliances(demo_window.desk.store) if a.name.startswith("HALO")
    )
    view.alliance.setCurrentIndex(view.alliance.findData(halo.id))
    settle()
    pack = view.compose()
    model = preview.table.model()
    assert [model.row_at(r).title for r in range(model.rowCount())] == [
        s.title for s in pack.sections
    ]
    assert len(pack.sections) >= 8 and "internal only" in preview.marking.text()
    # The lower half is used: the preview reaches down to the bottom of the section.
    bottom = preview.mapTo(view, preview.rect().bottomLeft()).y()
    assert bottom >= view.height() - 40, (bottom, view.height())
    assert preview.table.height() >= 3 * preview.table.verticalHeader().defaultSectionSize()
    table = preview.table
    for column in range(model.columnCount()):
        assert not table.isColumnHidden(column)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= table.viewport().width()
    view.audience.setCurrentIndex(view.audience.findData(Audience.PARTNER))
    settle()
    assert "partner version" in preview.marking.text()
    first = model.index(0, 1).data(Qt.ItemDataRole.DisplayRole)
    assert first and first != "", "each section says what it holds"


def test_on_all_alliances_the_coming_meetings_lead_to_their_packs(demo_window, qtbot) -> None:
    """Before an alliance is chosen the lower half lists every alliance's coming meetings;
    a double-click on one fills in its alliance and meeting, and its pack is shown."""
    demo_window.resize(1024, 681)
    demo_window.show()
    demo_window.show_section("packs")
    view = demo_window.packs
    settle()
    preview = view.preview
    model = preview.meetings.model()
    assert preview.meetings.isVisible() and model.rowCount() >= 2
    assert preview.meetings.height() >= 3 * preview.meetings.verticalHeader().defaultSectionSize()
    for column in range(model.columnCount()):
        assert not preview.meetings.isColumnHidden(column)
    chosen = model.row_at(1)
    rect = preview.meetings.visualRect(model.index(1, 0))
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a view opens what was pressed
        click(preview.meetings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    settle()
    assert view.alliance.currentData() == chosen.alliance_id
    assert view.meeting.currentData() == chosen.meeting_id
    assert preview.table.isVisible() and not preview.meetings.isVisible()

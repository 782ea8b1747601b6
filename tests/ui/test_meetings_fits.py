"""Committees & meetings on a laptop: every attendee and every agenda line is shown whole
(the first attendee's check box was clipped, the agenda stopped mid-line at 1024×700), and
each meeting's time in the list says its time zone, as the meeting's heading does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from alliance_desk.core.dates import shown_moment
from tests.ui.test_fits import SIZES, settle
from tests.ui.test_today_fits import assert_rows_whole


def _meetings(window, size):
    window.resize(*size)
    window.show_section("risks")
    window.risks.tabs.setCurrentWidget(window.risks.meetings)
    settle()
    return window.risks.meetings


def _scrolled_to(widget) -> None:
    """The meeting panel scrolled so `widget` is in view, as a user would."""
    from alliance_desk.ui.widgets import FittingScroll

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, FittingScroll):
        parent = parent.parentWidget()
    assert parent is not None, "the meeting's details scroll"
    parent.ensureWidgetVisible(widget, 0, 0)
    settle()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_attendee_and_agenda_line_is_shown_whole(demo_window, size) -> None:
    tab = _meetings(demo_window, size)
    panel = tab.panel
    assert panel.meeting is not None and panel.meeting.agenda, "a meeting with an agenda"
    check = panel.attendees.style().pixelMetric(
        panel.attendees.style().PixelMetric.PM_IndicatorHeight
    )
    for listed in (panel.attendees, panel.agenda):
        assert listed.count() >= 3
        _scrolled_to(listed)
        # Room for an attendee's check box and a little more.
        assert_rows_whole(listed, check + 4 if listed is panel.attendees else 0)
    metrics = panel.agenda.fontMetrics()
    for row in range(panel.agenda.count()):  # each line's wrapped text fits its row
        item = panel.agenda.item(row)
        rect = panel.agenda.visualItemRect(item)
        needed = metrics.boundingRect(
            rect.adjusted(4, 0, -4, 0), Qt.TextFlag.TextWordWrap, item.text()
        ).height()
        assert needed <= rect.height(), f"{item.text()!r} needs {needed} px, has {rect.height()}"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_each_meetings_time_says_its_zone(demo_window, size) -> None:
    tab = _meetings(demo_window, size)
    model, table = tab.model, tab.table
    zones = set()
    for row in range(model.rowCount()):
        tab.table.selectRow(row)
        settle()
        meeting = tab.panel.meeting
        shown = model.index(row, 0).data()
        abbreviation = meeting.draft.starts_at.replace(tzinfo=meeting.draft.zone).tzname()
        # with its weekday, as Today and the Packs preview show a meeting
        assert shown == f"{shown_moment(meeting.draft.starts_at, weekday=True)} {abbreviation}"
        heading = tab.panel.title.text()
        assert meeting.draft.zone.key in heading.replace("\u2060", "")  # the same zone
        assert "/\u2060" in heading  # which a narrow panel never wraps after its "/"
        assert meeting.draft.zone.key in model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
        zones.add(meeting.draft.zone.key)
    assert len(zones) >= 2, "the demo's meetings are in more than one zone"
    committee = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Committee"
    )
    assert not table.isColumnHidden(committee), "with the zone, the committee still shows"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_committee_takes_the_room_the_time_leaves(demo_window, size) -> None:
    """ "HALO-7 Joint Steering …" was cut beside a When column stretched to 215 px at
    1024×700: each time and each committee now reads whole."""
    tab = _meetings(demo_window, size)
    model, table = tab.model, tab.table
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    when, committee = titles.index("When"), titles.index("Committee")
    assert model.rowCount() >= 2
    for row in range(model.rowCount()):
        for column in (when, committee):
            needed = table.sizeHintForIndex(model.index(row, column)).width()
            assert needed <= table.columnWidth(column), model.index(row, column).data()
    assert table.columnWidth(committee) > table.columnWidth(when)

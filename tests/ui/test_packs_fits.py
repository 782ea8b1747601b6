"""The Packs section uses the window: under the form, what the pack will contain — its
sections and what each holds for the chosen alliance and meeting, and the marking on every
page — instead of an empty lower half."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from alliance_desk.core.packs import Audience
from alliance_desk.store import portfolio
from tests.ui.test_fits import SIZES, settle
from tests.ui.test_onboarding_fits import _cut_cells


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
    assert preview.title.text() == "Coming meetings"  # not "What the pack will contain"
    assert "Choose the alliance first" in view.export_button.toolTip()
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
    assert preview.title.text() == "What the pack will contain"


def _halo_pack(window):
    view = window.packs
    window.resize(1024, 681)
    window.show()
    window.show_section("packs")
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name.startswith("HALO"))
    view.alliance.setCurrentIndex(view.alliance.findData(halo.id))
    settle()
    return view


def test_the_preview_says_what_each_section_holds_in_words(demo_window) -> None:
    """No "rows" or "charts": each section's line names what it holds and how many (the
    escalations: how many open and the oldest's age; the milestones whole, not elided)."""
    view = _halo_pack(demo_window)
    model = view.preview.table.model()
    said = {
        model.row_at(r).title: model.index(r, 1).data(Qt.ItemDataRole.DisplayRole)
        for r in range(model.rowCount())
    }
    for title, text in said.items():
        words = set(text.lower().replace(",", " ").replace(";", " ").split())
        assert not words & {"row", "rows", "chart", "charts"}, (title, text)
        assert "…”" not in text, (title, text)  # nothing quoted and cut off
    pack = view.compose()
    escalations = next(s for s in pack.sections if s.title == "Open escalations")
    table = escalations.blocks[0]
    oldest = max(int(row[3]) for row in table.rows)
    assert said["Open escalations"].startswith(f"{len(table.rows)} open, oldest {oldest} days")
    assert "open and slipped" in said["Milestones due and slipped"]
    assert said["Scorecard"].split()[1].rstrip(",") == "KPIs"
    assert said["Agenda"].split()[1].rstrip(",") == "items"
    # A long line wraps inside its row instead of being cut off.
    table_view = view.preview.table
    row = list(said).index("Key figures")
    rect = table_view.visualRect(model.index(row, 1))
    needed = table_view.fontMetrics().boundingRect(
        rect.adjusted(4, 0, -4, 0), Qt.TextFlag.TextWordWrap, said["Key figures"]
    )
    assert needed.height() <= rect.height() + 2, (needed, rect)


def test_open_the_file_waits_for_an_exported_file(demo_window, qtbot, tmp_path) -> None:
    """Before any export "Open the file" is off (and looks off); a failed export leaves it
    off; once a file is written it opens that file."""
    view = _halo_pack(demo_window)
    assert not view.open_button.isEnabled()
    view.export(str(tmp_path / "missing-folder" / "pack.pdf"))  # cannot be written
    qtbot.waitUntil(lambda: view.progress is None, timeout=20_000)
    assert not view.open_button.isEnabled() and view.last_path is None
    out = tmp_path / "pack.pdf"
    view.export(str(out))
    qtbot.waitUntil(lambda: view.last_path == out, timeout=20_000)
    assert view.open_button.isEnabled() and out.name in view.open_button.toolTip()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_coming_meetings_name_their_alliances_whole(demo_window, size) -> None:
    """Packs on "All alliances": the committee had 445 px and its alliance 160, cut."""
    demo_window.resize(*size)
    demo_window.show_section("packs")
    settle()
    table = demo_window.packs.preview.meetings
    assert table.isVisible() and table.model().rowCount() >= 2
    assert _cut_cells(table) == []


def test_every_kind_s_preview_reads_as_words_not_headers_and_zeroes(demo_window) -> None:
    """The portfolio report's preview said "a map of 7 people" (of alliances), "Alliance: 7",
    "Quadrant: 4"; the briefing's "tier 1.; North Star: …"; a quiet alliance's governance
    pack "the top 0 risks (0 high or critical)". Every line of every kind now reads as words."""
    import re

    from alliance_desk.core.packs import PackKind

    view = _halo_pack(demo_window)
    quiet = next(
        a for a in portfolio.list_alliances(demo_window.desk.store) if a.name.startswith("Hospital")
    )
    seen = {}
    for kind, alliance_id in (
        (PackKind.PORTFOLIO, None),
        (PackKind.BRIEFING, view.alliance.currentData()),
        (PackKind.GOVERNANCE, view.alliance.currentData()),
        (PackKind.GOVERNANCE, quiet.id),
        (PackKind.BRIEFING, quiet.id),
    ):
        view.kind.setCurrentIndex(view.kind.findData(kind))
        if alliance_id is not None:
            view.alliance.setCurrentIndex(view.alliance.findData(alliance_id))
        settle()
        model = view.preview.table.model()
        for row in range(model.rowCount()):
            seen[(kind, alliance_id, model.row_at(row).title)] = model.index(row, 1).data()
    assert any(kind is PackKind.PORTFOLIO for kind, _a, _t in seen)
    for where, text in seen.items():
        assert ".;" not in text, (where, text)
        assert not re.search(r"map of \d+ people", text) or "interest" in text, (where, text)
        assert not re.search(r"(^|[\s(])0 [a-z]", text), (where, text)  # "no risks", not "0"
        assert not re.fullmatch(r"[A-Z][a-z]+: \d+", text), (where, text)  # a bare header
    assert all(text[:1] == text[:1].upper() for text in seen.values())  # each begun as a line
    quadrant = seen[(PackKind.PORTFOLIO, None, "Value by quadrant")]
    assert quadrant.startswith("7 alliances placed by risk and value"), quadrant


@pytest.mark.parametrize("width", [1024, 1440, 1920])
def test_what_the_pack_holds_takes_the_width_the_form_leaves(demo_window, width) -> None:
    """At 1440 px the form and the preview stopped at 760 px and the right third of the
    window stood empty: the preview now reaches the window's right edge, under the form, and
    beside it where the window is wide enough for the coming meetings to stay whole."""
    demo_window.resize(width, 881)
    demo_window.show()
    demo_window.show_section("packs")
    view = demo_window.packs
    settle()
    form, preview = view.parts.first, view.preview
    form_box = form.geometry().translated(view.parts.mapTo(view, view.parts.rect().topLeft()))
    at = preview.mapTo(view, preview.rect().topLeft())
    assert preview.mapTo(view, preview.rect().topRight()).x() >= view.width() - 40
    if width >= 1920:
        assert at.x() >= form_box.right() and abs(at.y() - form_box.top()) <= 12
    else:
        assert at.y() >= form_box.bottom()
    assert _cut_cells(preview.meetings) == []

"""Every pack writes a date as the window does ("3 Dec 2026", "Thu 17 Dec 2026 14:00" for a
meeting), on its cover, in its prose and in its tables: not "03 December 2026" on the cover
beside "2026-12-03" in a table beside "25 October" in a talking point."""

from __future__ import annotations

from datetime import timedelta

from alliance_desk.core import wall
from alliance_desk.core.dates import shown, shown_moment
from alliance_desk.core.packs import Audience
from alliance_desk.packs.compose import partner_briefing, portfolio_report
from alliance_desk.packs.render import render
from alliance_desk.store import governance, portfolio
from alliance_desk.store import packs as gather
from tests.helpers import dates_another_way
from tests.packs.test_packs import HALO, governance_pdf, text_of


def test_the_governance_pack_for_either_side_writes_dates_one_way(demo_store, tmp_path) -> None:
    halo = next(a for a in portfolio.list_alliances(demo_store) if a.name == HALO)
    meeting = next(
        m
        for m in governance.list_meetings(demo_store, halo.id)
        if m.draft.starts_at.date() > wall.today()
    )
    for audience in (Audience.INTERNAL, Audience.PARTNER):
        text = text_of(governance_pdf(demo_store, halo.id, meeting.id, audience, tmp_path))
        assert f"Prepared {shown(wall.today())}" in text, audience  # the cover
        assert shown_moment(meeting.draft.starts_at, weekday=True) in text, audience
        assert not dates_another_way(text), audience


def test_the_briefing_and_the_portfolio_report_write_dates_one_way(demo_store, tmp_path) -> None:
    halo = next(a for a in portfolio.list_alliances(demo_store) if a.name == HALO)
    inputs = gather.briefing_inputs(demo_store, halo.id, Audience.INTERNAL)
    brief = text_of(render(partner_briefing(inputs), tmp_path / "b.pdf"))
    assert f"Prepared {shown(wall.today())}" in brief
    assert not dates_another_way(brief)
    first, last = wall.today() - timedelta(days=90), wall.today()
    inputs = gather.portfolio_inputs(demo_store, first, last)
    report = text_of(render(portfolio_report(inputs), tmp_path / "r.pdf"))
    assert f"Alliance management report, {shown(first)} – {shown(last)}" in report
    assert not dates_another_way(report)

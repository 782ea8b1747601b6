"""The proof that a pack for the partner carries only what the allow-list names.

Every text column of every row of a portfolio — two alliances, each with a record of every kind
in every sharing state — holds a distinct marker. Every pack is exported for both audiences.
A marker appears in a partner pack only if its column is on the allow-list (core/audience.py)
and its row is shared with that alliance's partner; we look for it in the extracted text, the
outline, the raw file and every decompressed stream. Internal packs print what they should.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

from alliance_desk.core import wall
from alliance_desk.core.audience import ALLOW_LIST
from alliance_desk.core.packs import Audience
from alliance_desk.core.shared_facts import SHARED_FACTS, check_fields_are_listed
from alliance_desk.core.shared_minutes import SHARED_MINUTES
from alliance_desk.packs.compose import governance_pack, partner_briefing, portfolio_report
from alliance_desk.packs.minutes import minutes_pack
from alliance_desk.packs.render import render
from alliance_desk.store import packs as gather
from alliance_desk.store.errors import StoreError
from alliance_desk.store.minutes import minutes_document as gather_minutes
from tests.packs.marked_portfolio import build_alliance, mark_everything, owners

# Allowed columns the partner's governance pack (with a meeting) prints for every shared row.
PARTNER_PRINTS = {
    "alliances.name",
    "alliances.partner",
    "alliances.north_star",
    "people.name",
    "people.title",
    "people.organisation",
    "stakeholders.role",
    "governance_bodies.name",
    "agenda_items.title",
    "action_items.title",
    "decisions.title",
    "decisions.forum",
    "escalations.title",
    "risks.title",
    "risks.mitigation",
    "obligations.title",
    "milestones.title",
    "kpis.name",
    "kpis.unit",
}
# Columns the internal packs of an alliance (governance, briefing, portfolio) print, every row.
INTERNAL_PRINTS = {
    "alliances.name",
    "alliances.partner",
    "alliances.north_star",
    "people.name",
    "people.title",
    "stakeholders.role",
    "interactions.note",
    "insights.title",
    "insights.detail",
    "insights.source",
    "escalations.title",
    "risks.title",
    "risks.mitigation",
    "decisions.title",
    "decisions.forum",
    "obligations.title",
    "governance_bodies.name",
    "agenda_items.title",
    "action_items.title",
    "onboarding_plans.role",
    "milestones.title",
    "kpis.name",
    "kpis.unit",
}
ALWAYS_SHARED = {"agenda_items"}  # a committee's agenda goes to both sides


class Evidence:
    """Everywhere a marker could hide in a PDF."""

    def __init__(self, path: Path) -> None:
        reader = PdfReader(str(path))
        self.text = "".join("".join(page.extract_text() for page in reader.pages).split())
        self.outline = " ".join(item.title for item in _flat(reader.outline))
        self.raw = path.read_bytes() + b"".join(_streams(reader))
        self.metadata = " ".join(str(value) for value in (reader.metadata or {}).values())

    def has(self, marker: str) -> bool:
        return (
            marker in self.text
            or marker in self.outline
            or marker in self.metadata
            or marker.encode() in self.raw
            or marker.encode("utf-16-be") in self.raw
        )


def _flat(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flat(item)
        else:
            yield item


def _streams(reader: PdfReader):
    """Every stream of the file, decompressed."""
    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:  # a free entry in the cross-reference table
            continue
        if isinstance(obj, StreamObject):
            yield obj.get_data()


def _allowed_columns() -> set[str]:
    return {a.source for a in ALLOW_LIST if "." in a.source}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Two marked alliances, every pack exported for both audiences."""
    from alliance_desk.store.database import open_store

    folder = tmp_path_factory.mktemp("audience")
    store = open_store(folder / "marked.sqlite3")
    today = wall.today()
    try:
        alliances = [build_alliance(store, tag, today) for tag in ("first", "second")]
        belongs = owners(store)
        markers = mark_everything(store)
        packs: dict[tuple[int, str], Evidence] = {}
        for alliance in alliances:
            for audience in Audience:
                for name, meeting in (("meeting", alliance.next_meeting), ("today", None)):
                    inputs = gather.governance_inputs(store, alliance.id, meeting, audience)
                    path = folder / f"{alliance.id}-{audience}-{name}.pdf"
                    render(governance_pack(inputs), path)
                    packs[(alliance.id, f"{audience}-{name}")] = Evidence(path)
            for audience in Audience:  # the minutes of the meeting, run and approved
                facts, name = gather_minutes(store, alliance.next_meeting, audience)
                path = folder / f"{alliance.id}-{audience}-minutes.pdf"
                render(minutes_pack(facts, name, audience, today), path)
                packs[(alliance.id, f"{audience}-minutes")] = Evidence(path)
            path = folder / f"{alliance.id}-briefing.pdf"
            render(partner_briefing(gather.briefing_inputs(store, alliance.id)), path)
            packs[(alliance.id, "internal-briefing")] = Evidence(path)
            with pytest.raises(StoreError, match="no partner version"):
                gather.briefing_inputs(store, alliance.id, Audience.PARTNER)
        first, last = gather.last_days(30)
        path = folder / "portfolio.pdf"
        render(portfolio_report(gather.portfolio_inputs(store, first, last)), path)
        report = Evidence(path)
        with pytest.raises(StoreError, match="no partner version"):
            gather.portfolio_inputs(store, first, last, Audience.PARTNER)
        yield alliances, belongs, markers, packs, report
    finally:
        store.close()


def _shared(alliance, belongs, marker) -> bool:
    row = (marker.table, marker.row_id)
    if marker.table in ALWAYS_SHARED:
        return belongs.get(row) == alliance.id
    return marker.row_id in alliance.shared.get(marker.table, set())


def test_every_marker_in_a_partner_pack_is_allowed_and_shared(exported) -> None:
    """No marker reaches a partner pack unless the allow-list names its column and its row is
    shared with that partner: not our assessments, not internal-only records, not records
    never raised with them, not anything of the other alliance."""
    alliances, belongs, markers, packs, _ = exported
    allowed = _allowed_columns()
    leaks = []
    for alliance in alliances:
        for name in ("partner-meeting", "partner-today", "partner-minutes"):
            evidence = packs[(alliance.id, name)]
            for marker, where in markers.items():
                column = f"{where.table}.{where.column}"
                ok = column in allowed and _shared(alliance, belongs, where)
                if not ok and evidence.has(marker):
                    leaks.append(f"{name} of alliance {alliance.id}: {column} row {where.row_id}")
    assert leaks == []
    assert len(markers) > 200  # every text column of every row, both alliances


def test_shared_facts_do_reach_the_partner(exported) -> None:
    """The partner pack is not safe by being empty: each shared fact it prints is there."""
    alliances, belongs, markers, packs, _ = exported
    missing = []
    for alliance in alliances:
        evidence = packs[(alliance.id, "partner-meeting")]
        for marker, where in markers.items():
            column = f"{where.table}.{where.column}"
            printed = column in PARTNER_PRINTS and _shared(alliance, belongs, where)
            if printed and not evidence.has(marker):
                missing.append(f"{column} row {where.row_id}")
    assert missing == []


def test_the_partner_minutes_carry_what_both_sides_approved(exported) -> None:
    """Approved minutes reach the partner: each item's minutes, the delegates of people they
    may see, the amendments — and nothing of people flagged internal-only."""
    alliances, belongs, markers, packs, _ = exported
    printed = {"agenda_items.record", "meeting_attendees.delegate", "minutes_amendments.text"}
    missing, seen = [], set()
    for alliance in alliances:
        evidence = packs[(alliance.id, "partner-minutes")]
        for marker, where in markers.items():
            column = f"{where.table}.{where.column}"
            if column in printed and _shared(alliance, belongs, where):
                seen.add(column)
                if not evidence.has(marker):
                    missing.append(f"{column} row {where.row_id}")
    assert missing == [] and seen == printed


def test_internal_packs_print_everything_they_should(exported) -> None:
    """Each marker of an alliance in a column the internal packs print is in one of them —
    internal-only records and our assessments included — and in no pack of the other."""
    alliances, belongs, markers, packs, report = exported
    missing, strays = [], []
    for alliance in alliances:
        internal = [
            e for (aid, name), e in packs.items() if aid == alliance.id and "internal" in name
        ]
        other = next(a for a in alliances if a is not alliance)
        for marker, where in markers.items():
            column = f"{where.table}.{where.column}"
            owner = belongs.get((where.table, where.row_id))
            printed = column in INTERNAL_PRINTS and owner == alliance.id
            if printed and not any(e.has(marker) for e in [*internal, report]):
                missing.append(f"{column} row {where.row_id}")
            if owner == other.id and any(e.has(marker) for e in internal):
                strays.append(f"{column} row {where.row_id} in alliance {alliance.id}")
    assert missing == []
    assert strays == []


def test_the_allow_list_and_the_shared_facts_are_the_same_list() -> None:
    """A field added to a shared fact without a reason on the allow-list fails here; so does
    a listed field that nothing carries."""
    assert check_fields_are_listed() == []
    assert check_fields_are_listed(SHARED_MINUTES) == []
    assert all(a.reason.strip() for a in ALLOW_LIST)
    for cls in (*SHARED_FACTS, *SHARED_MINUTES):
        assert {f.name for f in fields(cls)}  # each kind shares something


def test_our_assessments_are_not_on_the_allow_list() -> None:
    """The columns DESIGN.md names as ours never appear as a source of a shared fact."""
    ours = {
        "stakeholders.stance",
        "stakeholders.power",
        "stakeholders.interest",
        "stakeholders.notes",
        "interactions.note",
        "interactions.sentiment",
        "insights.title",
        "insights.source",
        "insights.detail",
        "escalations.delay_days",
        "escalations.value_at_stake",
        "escalations.description",
        "alliances.financial_value",
        "alliances.strategic_value",
        "health_checks.note",
        "agenda_items.notes",
        "milestones.value",
        "practice_baselines.note",
    }
    assert ours.isdisjoint(a.source for a in ALLOW_LIST)

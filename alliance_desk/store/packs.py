"""Gathering what a pack prints, and remembering each export (it credits 'publish your work').

Internal packs get the alliance's records as they are (`PackInputs`). The partner's version of
the governance pack gets only `core.audience.partner_facts()` of them: the allow-list decides
what is copied, so nothing else reaches the composer. Every id named for a pack must belong to
the alliance it is for: a meeting of another alliance is refused, naming both.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from alliance_desk.core import wall
from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.dates import shown
from alliance_desk.core.packs import Audience, PackInputs, PackKind
from alliance_desk.store import (
    contact_log,
    escalations,
    governance,
    health_checks,
    insights,
    obligations,
    onboarding,
    portfolio,
    risks,
    stakeholders,
    value,
)
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import PackExportRow, PersonRow, table
from alliance_desk.store.policy import load_policy
from alliance_desk.store.retry import retried

# What only the partner's version or the portfolio report needs is imported by them alone
# (a cold `export-pack governance` pays for its own modules only).
if TYPE_CHECKING:
    from alliance_desk.core.audience import Withheld
    from alliance_desk.core.shared_facts import PartnerFacts


def _names(store: Store) -> dict[int, str]:
    with store.read() as session:
        people = table(PersonRow).c
        return dict(session.execute(select(people.id, people.name)).all())


def _refuse_partner(kind: PackKind, audience: Audience) -> None:
    if audience is Audience.PARTNER and not kind.has_partner_version:
        raise StoreError(kind.why_internal)


def _alliance(store: Store, alliance_id: int, audience: Audience):
    alliance = portfolio.get_alliance(store, alliance_id)
    if audience is Audience.PARTNER and alliance.internal_only:
        raise StoreError(
            f"“{alliance.name}” is marked internal-only, so there is no version for the partner."
        )
    return alliance


def meeting_of(store: Store, alliance, meeting_id: int):
    """The meeting, refused unless it is one of `alliance`'s committees' meetings."""
    try:
        meeting = governance.get_meeting(store, meeting_id)
    except StoreError:
        raise StoreError(f"There is no meeting {meeting_id}.") from None
    if meeting.alliance_id != alliance.id:
        other = portfolio.get_alliance(store, meeting.alliance_id)
        raise StoreError(
            f"Meeting {meeting_id} ({meeting.body_name}, {shown(meeting.draft.starts_at)}) "
            f"belongs to “{other.name}”, not to “{alliance.name}”."
        )
    return meeting


def _inputs(
    store: Store,
    alliance,
    meeting_id: int | None,
    policy: SlaPolicy | None,
    today: date,
) -> PackInputs:
    """Every record of one alliance a governance pack or its partner version may look at."""
    alliance_id = alliance.id
    meeting = meeting_of(store, alliance, meeting_id) if meeting_id else None
    previous = (
        governance.previous_meeting(store, meeting.draft.body_id, meeting.draft.starts_at)
        if meeting
        else None
    )
    people = tuple(stakeholders.list_stakeholders(store, alliance_id, today))
    # The names of the people on the alliance, from their own records: reading every name of
    # a team store's tens of thousands of people to keep these took most of the pack's time.
    names = {s.person.id: s.person.name for s in people}
    return PackInputs(
        audience=Audience.INTERNAL,
        today=today,
        alliances=(alliance,),
        names=names,
        meeting=meeting,
        previous_meeting=previous,
        decisions=tuple(risks.list_decisions(store, alliance_id)),
        escalations=tuple(escalations.list_escalations(store, alliance_id)),
        risks=tuple(risks.list_risks(store, alliance_id)),
        obligations=tuple(obligations.list_obligations(store, alliance_id)),
        checks=tuple(health_checks.list_checks(store, alliance_id)),
        insights=tuple(insights.list_insights(store, alliance_id)),
        stakeholders=people,
        plans=tuple(onboarding.list_plans(store, alliance_id)),
        sla=policy or load_policy(store).sla,
        milestones=tuple(value.list_milestones(store, alliance_id)),
        kpis=tuple(value.list_kpis(store, alliance_id)),
    )


def governance_inputs(
    store: Store,
    alliance_id: int,
    meeting_id: int | None,
    audience: Audience = Audience.INTERNAL,
    policy: SlaPolicy | None = None,
    today: date | None = None,
) -> PackInputs | PartnerFacts:
    """What the governance pack draws on: for the partner, only the shared facts."""
    today = today or wall.today()
    alliance = _alliance(store, alliance_id, audience)
    inputs = _inputs(store, alliance, meeting_id, policy, today)
    if audience is Audience.PARTNER:
        from alliance_desk.core.shared_facts import partner_facts

        return partner_facts(inputs)
    return inputs


def withheld_from_partner(
    store: Store, alliance_id: int, meeting_id: int | None = None, today: date | None = None
) -> tuple[Withheld, ...]:
    """What the partner's governance pack of this alliance leaves out, per kind, and why."""
    from alliance_desk.core.audience import withheld

    today = today or wall.today()
    alliance = _alliance(store, alliance_id, Audience.PARTNER)
    inputs = _inputs(store, alliance, meeting_id, None, today)
    notes = contact_log.interactions(store, alliance_id, limit=1_000_000)
    return withheld(replace(inputs, interactions=tuple(notes)))


def briefing_inputs(
    store: Store,
    alliance_id: int,
    audience: Audience = Audience.INTERNAL,
    today: date | None = None,
    policy: SlaPolicy | None = None,
) -> PackInputs:
    """The partner briefing is for our executive: it has no version for the partner."""
    _refuse_partner(PackKind.BRIEFING, audience)
    today = today or wall.today()
    inputs = _inputs(store, portfolio.get_alliance(store, alliance_id), None, policy, today)
    recent = contact_log.interactions(store, alliance_id, limit=40)
    return replace(inputs, interactions=tuple(recent))


def portfolio_inputs(
    store: Store, first: date, last: date, audience: Audience = Audience.INTERNAL
) -> PackInputs:
    """Every alliance and our own practice over a period: internal only."""
    from alliance_desk.core.habits import summarise, week_start
    from alliance_desk.store import baseline, habits

    _refuse_partner(PackKind.PORTFOLIO, audience)
    alliances = tuple(portfolio.list_alliances(store))
    kept = {a.id for a in alliances}
    start_weekday = load_policy(store).week_start
    first_week, last_week = week_start(first, start_weekday), week_start(last, start_weekday)
    summaries = summarise(
        habits.habits(store),
        habits.checkins(store, first_week, last),
        last_week,
        first_week=first_week,
        start_weekday=start_weekday,
        period=(first, last),
    )
    lines = [(s.habit.name, s.done, s.weeks_met, s.strength, s.streak) for s in summaries]
    return PackInputs(
        audience=audience,
        today=wall.today(),
        alliances=alliances,
        names=_names(store),
        escalations=tuple(e for e in escalations.list_escalations(store) if e.alliance_id in kept),
        risks=tuple(r for r in risks.list_risks(store) if r.alliance_id in kept),
        decisions=tuple(d for d in risks.list_decisions(store) if d.alliance_id in kept),
        plans=tuple(p for p in onboarding.list_plans(store) if p.alliance_id in kept),
        interactions=tuple(
            i
            for a in alliances
            for i in contact_log.interactions(store, a.id, limit=10_000)
            if first <= i.occurred_on <= last
        ),
        habit_lines=tuple(lines),
        period=(first, last),
        milestones=tuple(value.list_milestones(store)),
        kpis=tuple(value.list_kpis(store)),
        baselines=tuple(baseline.list_baselines(store)),
        checks=tuple(c for c in health_checks.list_checks(store) if c.alliance_id in kept),
        sla=load_policy(store).sla,
    )


@retried
def record_export(
    store: Store, kind: str, alliance_id: int | None, audience: Audience, file_name: str
) -> int:
    """Remember an export; it counts toward 'publish your work' on the day it happened."""
    # a plain Core insert: the command that exported configures no mapper for this one row
    exports = table(PackExportRow)
    with store.write() as session:
        found = session.scalar(
            insert(exports)
            .values(
                kind=kind,
                alliance_id=alliance_id,
                audience=audience.value,
                exported_on=wall.today(),
                file_name=file_name,
            )
            .returning(exports.c.id)
        )
        return int(found)


def last_days(days: int, today: date | None = None) -> tuple[date, date]:
    today = today or wall.today()
    return today - timedelta(days=days), today

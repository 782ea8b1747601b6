"""Gathering what a pack prints, and remembering each export (it credits 'publish your work').

For a partner audience every record flagged internal-only is left out here, before anything
reaches the document: the alliance itself, people, interactions, escalations, risks,
decisions and obligations.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from alliance_desk.core.escalations import SlaPolicy
from alliance_desk.core.habits import summarise, week_start
from alliance_desk.core.packs import Audience, PackInputs
from alliance_desk.core.stakeholders import Stakeholder
from alliance_desk.store import (
    escalations,
    governance,
    habits,
    onboarding,
    portfolio,
    risks,
    stakeholders,
)
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import PackExportRow, PersonRow
from alliance_desk.store.policy import load_policy


def _shareable(items, audience: Audience):
    if audience is Audience.INTERNAL:
        return tuple(items)
    return tuple(item for item in items if not _internal(item))


def _internal(item) -> bool:
    """Whether a record is flagged internal-only (for people: on this alliance or overall)."""
    if isinstance(item, Stakeholder):
        return item.details.internal_only or item.person.internal_only
    draft = getattr(item, "draft", None)
    if draft is not None and getattr(draft, "internal_only", False):
        return True
    return bool(getattr(item, "internal_only", False))


def _names(store: Store) -> dict[int, str]:
    with store.read() as session:
        return dict(session.execute(select(PersonRow.id, PersonRow.name)).all())


def _alliance(store: Store, alliance_id: int, audience: Audience):
    alliance = portfolio.get_alliance(store, alliance_id)
    if audience is Audience.PARTNER and alliance.internal_only:
        raise StoreError(
            f"“{alliance.name}” is marked internal-only, so there is no version for the partner."
        )
    return alliance


def governance_inputs(
    store: Store,
    alliance_id: int,
    meeting_id: int | None,
    audience: Audience,
    policy: SlaPolicy | None = None,
    today: date | None = None,
) -> PackInputs:
    today = today or date.today()
    alliance = _alliance(store, alliance_id, audience)
    meeting = governance.get_meeting(store, meeting_id) if meeting_id else None
    previous = (
        governance.previous_meeting(store, meeting.draft.body_id, meeting.draft.starts_at)
        if meeting
        else None
    )
    people = _shareable(stakeholders.list_stakeholders(store, alliance_id, today), audience)
    shared_people = {s.person.id for s in people}
    names = {pid: name for pid, name in _names(store).items() if pid in shared_people}
    return PackInputs(
        audience=audience,
        today=today,
        alliances=(alliance,),
        names=names,
        meeting=meeting,
        previous_meeting=previous,
        decisions=_shareable(risks.list_decisions(store, alliance_id), audience),
        escalations=_shareable(escalations.list_escalations(store, alliance_id), audience),
        risks=_shareable(risks.list_risks(store, alliance_id), audience),
        obligations=_shareable(risks.list_obligations(store, alliance_id), audience),
        checks=tuple(governance.list_checks(store, alliance_id)),
        insights=_shareable(risks.list_insights(store, alliance_id), audience),
        stakeholders=people,
        plans=tuple(
            plan
            for plan in onboarding.list_plans(store, alliance_id)
            if any(s.id == plan.stakeholder_id for s in people)
        ),
        sla=policy or load_policy(store).sla,
    )


def briefing_inputs(
    store: Store, alliance_id: int, audience: Audience, today: date | None = None
) -> PackInputs:
    inputs = governance_inputs(store, alliance_id, None, audience, today=today)
    interactions = _shareable(stakeholders.interactions(store, alliance_id, limit=40), audience)
    shared = set(inputs.names)
    kept = tuple(
        replace(
            i,
            people_names=tuple(
                name
                for pid, name in zip(i.person_ids, i.people_names, strict=True)
                if pid in shared
            ),
        )
        for i in interactions
    )
    return replace(inputs, interactions=kept)


def portfolio_inputs(
    store: Store, first: date, last: date, audience: Audience = Audience.INTERNAL
) -> PackInputs:
    alliances = _shareable(portfolio.list_alliances(store), audience)
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
        today=date.today(),
        alliances=alliances,
        names=_names(store),
        escalations=tuple(
            e
            for e in _shareable(escalations.list_escalations(store), audience)
            if e.alliance_id in kept
        ),
        risks=tuple(
            r for r in _shareable(risks.list_risks(store), audience) if r.alliance_id in kept
        ),
        decisions=tuple(
            d for d in _shareable(risks.list_decisions(store), audience) if d.alliance_id in kept
        ),
        plans=tuple(p for p in onboarding.list_plans(store) if p.alliance_id in kept),
        interactions=tuple(
            i
            for a in alliances
            for i in _shareable(stakeholders.interactions(store, a.id, limit=10_000), audience)
            if first <= i.occurred_on <= last
        ),
        habit_lines=tuple(lines),
        period=(first, last),
    )


def record_export(
    store: Store, kind: str, alliance_id: int | None, audience: Audience, file_name: str
) -> int:
    """Remember an export; it counts toward 'publish your work' on the day it happened."""
    with store.write() as session:
        row = PackExportRow(
            kind=kind,
            alliance_id=alliance_id,
            audience=audience.value,
            exported_on=date.today(),
            file_name=file_name,
        )
        session.add(row)
        session.flush()
        return row.id


def last_days(days: int, today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return today - timedelta(days=days), today

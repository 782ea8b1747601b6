"""Queries and commands for stakeholder mapping: people on an alliance, their details and
communication plans. Ratings are store/stakeholder_ratings.py, counterparts
store/counterparts.py, the calls falling due store/calls_due.py, taking people off
store/stakeholder_removal.py, the interaction log store/contact_log.py, bulk imports
store/people_import.py."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence
from alliance_desk.core.people import PersonDraft, Side
from alliance_desk.core.stakeholders import (
    HEALTH_WINDOW_DAYS,
    Channel,
    Stakeholder,
    StakeholderDraft,
    Stance,
)
from alliance_desk.store import fence, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.last_contacts import last_contact_of
from alliance_desk.store.models import (
    AllianceRow,
    CounterpartRow,
    InteractionPersonRow,
    InteractionRow,
    PersonRow,
    RatingRow,
    StakeholderRow,
    table,
)
from alliance_desk.store.people import person_from_row, split_place
from alliance_desk.store.retry import retried


def _details(row: StakeholderRow) -> StakeholderDraft:
    return StakeholderDraft(
        roles=row.role,
        power=row.power,
        interest=row.interest,
        stance=Stance(row.stance),
        notes=row.notes,
        internal_only=row.internal_only,
        channel=Channel(row.channel),
        cadence=Cadence(row.cadence),
        cadence_rule=row.cadence_rule,
        formal=row.formal,
    )


def detail_columns(details: StakeholderDraft) -> dict[str, object]:
    return {
        "role": details.roles,
        "power": details.power,
        "interest": details.interest,
        "stance": details.stance.value,
        "notes": details.notes,
        "internal_only": details.internal_only,
        "channel": details.channel.value,
        "cadence": details.cadence.value,
        "cadence_rule": details.cadence_rule,
        "formal": details.formal,
    }


def person_columns(person: PersonDraft) -> dict[str, object]:
    return {
        "name": person.name,
        "side": person.side.value,
        "title": person.title,
        "organisation": person.organisation,
        "function": person.function,
        "email": person.email,
        "phone": person.phone,
        "internal_only": person.internal_only,
    }


def live_stakeholder(session: Session, stakeholder_id: int) -> StakeholderRow:
    row = session.get(StakeholderRow, stakeholder_id)
    if row is None:
        raise StoreError("That person is no longer on this alliance.")
    return row


# -- reading -----------------------------------------------------------------------------------


def list_stakeholders(
    store: Store,
    alliance_id: int | None,
    today: date | None = None,
    *,
    ids: Collection[int] | None = None,
) -> list[Stakeholder]:
    """Everyone on an alliance (or, with None, on every live alliance) with their last contact,
    recent contacts and counterparts (`ids`: only those stakeholders).

    Four set-based queries whatever the number of people, so the list stays instant.
    """
    with store.read() as session:
        return _stakeholders(session, alliance_id, today or wall.today(), ids)


def _stakeholders(
    session: Session, alliance_id: int | None, today: date, ids: Collection[int] | None
) -> list[Stakeholder]:
    window_start = today - timedelta(days=HEALTH_WINDOW_DAYS)
    # Plain Core columns (the rows keep the models' names): a pack only reads, and a statement
    # naming a mapped class would configure every mapper first.
    placed, person, alliances = table(StakeholderRow), table(PersonRow), table(AllianceRow)
    said, present = table(InteractionRow), table(InteractionPersonRow)
    ratings, pairs_of = table(RatingRow).c, table(CounterpartRow).c

    def scoped(query: Any, column: Any) -> Any:
        if ids is not None:
            query = query.where(placed.c.id.in_(list(ids)))
        if alliance_id is None:
            return query.join(alliances, alliances.c.id == column).where(
                alliances.c.deleted_at.is_(None)
            )
        return query.where(column == alliance_id)

    contact = (
        select(said.c.alliance_id, present.c.person_id)
        .join_from(present, said, said.c.id == present.c.interaction_id)
        .where(said.c.occurred_on <= today)
    )
    if ids is not None:
        contact = contact.join(
            placed,
            (placed.c.person_id == present.c.person_id)
            & (placed.c.alliance_id == said.c.alliance_id),
        )
    last = last_contact_of(today)
    people = scoped(
        last.joined(
            select(placed, person, last.day).join_from(
                placed, person, person.c.id == placed.c.person_id
            )
        ),
        placed.c.alliance_id,
    )
    rows = session.execute(
        people.order_by(placed.c.alliance_id, person.c.side, func.lower(person.c.name))
    ).all()
    recent_rows = session.execute(
        scoped(
            contact.add_columns(said.c.occurred_on, said.c.sentiment).where(
                said.c.occurred_on > window_start
            ),
            said.c.alliance_id,
        )
    ).all()
    rated = {
        sid: (first, last)
        for sid, first, last in session.execute(
            scoped(
                select(
                    ratings.stakeholder_id,
                    func.min(ratings.rated_on),
                    func.max(ratings.rated_on),
                ).join_from(table(RatingRow), placed, placed.c.id == ratings.stakeholder_id),
                placed.c.alliance_id,
            ).group_by(ratings.stakeholder_id)
        ).all()
    }
    side = placed.c.id == pairs_of.internal_id  # both sides share the alliance
    if ids is not None:  # but only some people are asked for: they may be on either side
        side = side | (placed.c.id == pairs_of.partner_id)
    pairs = session.execute(
        scoped(
            select(pairs_of.internal_id, pairs_of.partner_id)
            .join_from(table(CounterpartRow), placed, side)
            .distinct(),
            placed.c.alliance_id,
        )
    ).all()
    recent: dict[tuple[int, int], list[tuple[date, int]]] = defaultdict(list)
    for aid, pid, when, sentiment in recent_rows:
        recent[(aid, pid)].append((when, sentiment))
    counterparts: dict[int, list[int]] = defaultdict(list)
    for internal_id, partner_id in pairs:
        counterparts[internal_id].append(partner_id)
        counterparts[partner_id].append(internal_id)
    return [
        Stakeholder(
            id=row.id,
            alliance_id=row.alliance_id,
            person=person_from_row(person),
            details=_details(row),
            last_contact=last,
            contacts_90d=tuple(recent.get((row.alliance_id, person.id), ())),
            counterpart_ids=tuple(sorted(counterparts.get(row.id, ()))),
            planned_from=row.planned_from,
            version=row.version,
            first_rated=rated.get(row.id, (None, None))[0],
            last_rated=rated.get(row.id, (None, None))[1],
        )
        for row, person, last in map(split_place, rows)
    ]


def with_current_details(store: Store, known: Sequence[Stakeholder]) -> list[Stakeholder]:
    """`known` with each one's own details read again (the person, their roles, stance, plan
    and both versions) in one query; what is counted from other records (contacts, ratings,
    counterparts) is kept. Those no longer on their alliance are left out."""
    if not known:
        return []
    with store.read() as session:
        placed, people = table(StakeholderRow), table(PersonRow)
        rows = {
            row.id: (row, person)
            for row, person, _ in map(
                split_place,
                session.execute(
                    select(placed, people)
                    .join_from(placed, people, people.c.id == placed.c.person_id)
                    .where(placed.c.id.in_([s.id for s in known]))
                ),
            )
        }
    return [
        replace(
            s,
            person=person_from_row(rows[s.id][1]),
            details=_details(rows[s.id][0]),
            planned_from=rows[s.id][0].planned_from,
            version=rows[s.id][0].version,
        )
        for s in known
        if s.id in rows
    ]


def people_choices(store: Store, alliance_id: int) -> list[tuple[int, str, str]]:
    """(person id, name, side) of everyone on an alliance, for owner and presenter lists."""
    people, placed = table(PersonRow), table(StakeholderRow)
    with store.read() as session:
        rows = session.execute(
            select(people.c.id, people.c.name, people.c.side)
            .join_from(placed, people, people.c.id == placed.c.person_id)
            .where(placed.c.alliance_id == alliance_id)
            .order_by(people.c.side, func.lower(people.c.name))
        ).all()
    return [(pid, name, side) for pid, name, side in rows]


def get_stakeholder(store: Store, stakeholder_id: int, today: date | None = None) -> Stakeholder:
    found = list_stakeholders(store, None, today, ids=[stakeholder_id])
    if not found:
        raise StoreError("That person is no longer on this alliance.")
    return found[0]


def people_not_on(store: Store, alliance_id: int) -> list[tuple[int, str, Side]]:
    """People in the portfolio who are not yet on this alliance: (person id, name, side)."""
    with store.read() as session:
        on_alliance = select(StakeholderRow.person_id).where(
            StakeholderRow.alliance_id == alliance_id
        )
        rows = session.execute(
            select(PersonRow.id, PersonRow.name, PersonRow.side)
            .where(PersonRow.id.not_in(on_alliance))
            .order_by(func.lower(PersonRow.name))
        ).all()
    return [(pid, name, Side(side)) for pid, name, side in rows]


# -- people on an alliance ---------------------------------------------------------------------


def _insert_stakeholder(
    session: Session, alliance_id: int, person_id: int, details: StakeholderDraft, today: date
) -> StakeholderRow:
    row = StakeholderRow(
        alliance_id=alliance_id,
        person_id=person_id,
        planned_from=today if details.cadence is not Cadence.NONE else None,
        **detail_columns(details),
    )
    session.add(row)
    session.flush()
    session.add(
        RatingRow(
            stakeholder_id=row.id,
            power=details.power,
            interest=details.interest,
            rated_on=today,
        )
    )
    return row


@retried
def add_new_person(
    store: Store, alliance_id: int, person: PersonDraft, details: StakeholderDraft
) -> int:
    """Create a person and put them on the alliance; returns the stakeholder id."""
    with store.write() as session:
        if session.get(AllianceRow, alliance_id) is None:
            raise StoreError("That alliance no longer exists.")
        person_row = PersonRow(**person_columns(person))
        session.add(person_row)
        session.flush()
        return _insert_stakeholder(session, alliance_id, person_row.id, details, wall.today()).id


@retried
def add_existing_person(
    store: Store, alliance_id: int, person_id: int, details: StakeholderDraft
) -> int:
    """Put someone already in the portfolio on another alliance; returns the stakeholder id."""
    with store.write() as session:
        exists = session.scalar(
            select(StakeholderRow.id).where(
                StakeholderRow.alliance_id == alliance_id, StakeholderRow.person_id == person_id
            )
        )
        if exists:
            raise StoreError("That person is already on this alliance.")
        return _insert_stakeholder(session, alliance_id, person_id, details, wall.today()).id


def take_back_rating(session: Session, rating: RatingRow, stakeholder: StakeholderRow) -> None:
    """Delete a rating; the person's current rating becomes the latest one left."""
    session.delete(rating)
    session.flush()
    latest = session.execute(
        select(RatingRow.power, RatingRow.interest)
        .where(RatingRow.stakeholder_id == stakeholder.id)
        .order_by(RatingRow.rated_on.desc(), RatingRow.id.desc())
        .limit(fence.limit(1))
    ).first()
    if latest is not None:
        stakeholder.power, stakeholder.interest = latest


def _set_details(
    session: Session, row: StakeholderRow, details: StakeholderDraft, today: date
) -> int | None:
    rating = None
    if (row.power, row.interest) != (details.power, details.interest):
        rating = RatingRow(
            stakeholder_id=row.id, power=details.power, interest=details.interest, rated_on=today
        )
        session.add(rating)
    if row.cadence != details.cadence.value:
        row.planned_from = today if details.cadence is not Cadence.NONE else None
    for name, value in detail_columns(details).items():
        setattr(row, name, value)
    session.flush()
    return rating.id if rating is not None else None


@retried
def update_details(
    store: Store, stakeholder_id: int, details: StakeholderDraft, today: date | None = None
) -> int | None:
    """Change roles, stance, plan or ratings; a change of rating is kept as a dated rating,
    whose id is returned (so `unrate` can take it back)."""
    with store.write() as session:
        row = live_stakeholder(session, stakeholder_id)
        return _set_details(session, row, details, today or wall.today())


@retried
def edit_person(
    store: Store,
    stakeholder_id: int,
    person: PersonDraft,
    details: StakeholderDraft,
    *,
    expected_version: tuple[int, int] | None = None,
    take_back: int | None = None,
    today: date | None = None,
) -> int | None:
    """Save a person's own details (shown on every alliance they sit on) and their place on
    this one together, in one transaction. Returns the id of the rating it recorded, if any.

    `expected_version` is (the person's version, their place's version) when the edit began:
    a newer one saved elsewhere raises ConflictError and nothing is written. `take_back`
    removes a rating first (undoing the edit that recorded it, instead of adding another)."""
    with store.write() as session:
        found = session.execute(
            select(StakeholderRow, PersonRow)
            .join(PersonRow, PersonRow.id == StakeholderRow.person_id)
            .where(StakeholderRow.id == stakeholder_id)
        ).first()
        if found is None:
            raise StoreError("That person is no longer on this alliance.")
        row, person_row = found
        if expected_version is not None:
            versions.check(person_row, expected_version[0], person_row.name)
            versions.check(row, expected_version[1], person_row.name)
        if take_back is not None and (rating := session.get(RatingRow, take_back)) is not None:
            take_back_rating(session, rating, row)
        for name, value in person_columns(person).items():
            setattr(person_row, name, value)
        return _set_details(session, row, details, today or wall.today())

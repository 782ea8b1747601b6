"""Every person or record a write names belongs to the alliance it is written for.

Forms only offer the alliance's own people, but a record of one alliance that names a person or
meeting of another would carry that alliance's facts into this one's packs — and into the
partner's. So the store itself refuses it, for every write, in one place: as a transaction
flushes, each new or changed reference below is checked against the alliance of the row that
holds it (one query per kind of reference), and a stray one stops the whole operation with a
sentence naming the person or meeting and both alliances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    ActionItemRow,
    AgendaItemRow,
    AllianceRow,
    BodyMemberRow,
    CounterpartRow,
    DecisionRow,
    EscalationRow,
    GovernanceBodyRow,
    InteractionPersonRow,
    InteractionRow,
    MeetingAttendeeRow,
    MeetingRow,
    PersonRow,
    RiskRow,
    StakeholderRow,
)

# Row class -> (how its alliance is found, person columns that must be on that alliance).
# "alliance": the row's own alliance_id; "meeting" / "body" / "interaction": through its parent.
PERSON_COLUMNS: dict[type, tuple[str, tuple[tuple[str, str], ...]]] = {
    EscalationRow: (
        "alliance",
        (
            ("raised_by_id", "raise this issue"),
            ("owner_id", "own this issue"),
            ("counterpart_id", "be the partner's owner of this issue"),
        ),
    ),
    RiskRow: ("alliance", (("owner_id", "own this risk"),)),
    MeetingAttendeeRow: ("meeting", (("person_id", "attend this meeting"),)),
    AgendaItemRow: ("meeting", (("presenter_id", "present at this meeting"),)),
    ActionItemRow: ("meeting", (("owner_id", "own an action of this meeting"),)),
    InteractionPersonRow: ("interaction", (("person_id", "take part in this contact"),)),
}


def guard(sessions: sessionmaker) -> None:
    """Check every flush of the store's sessions."""
    event.listen(sessions, "before_flush", _check_flush)


def _changed(row: Any, column: str) -> bool:
    state = inspect(row)
    return state.pending or bool(state.attrs[column].history.added)


def _check_flush(session: Session, _context: Any, _instances: Any) -> None:
    wanted: dict[str, set[int]] = defaultdict(set)  # parent kind -> ids whose alliance we need
    checks: list[tuple[Any, str, str, str, int]] = []  # row, via, column, what, person
    members: list[BodyMemberRow] = []
    pairs: list[CounterpartRow] = []
    decisions: list[DecisionRow] = []
    for row in (*session.new, *session.dirty):
        if isinstance(row, BodyMemberRow):
            members.append(row)
        elif isinstance(row, CounterpartRow):
            pairs.append(row)
        elif isinstance(row, DecisionRow) and row.meeting_id and _changed(row, "meeting_id"):
            decisions.append(row)
        spec = PERSON_COLUMNS.get(type(row))
        if spec is None:
            continue
        via, columns = spec
        for column, what in columns:
            person = getattr(row, column)
            if person is not None and _changed(row, column):
                checks.append((row, via, column, what, person))
                if via != "alliance":
                    wanted[via].add(getattr(row, f"{via}_id"))
    if not (checks or members or pairs or decisions):
        return
    # Places added in this same flush (undo putting a person back with their records).
    joining = [row for row in session.new if isinstance(row, StakeholderRow)]
    with session.no_autoflush:
        _verify(session, checks, wanted, members, pairs, decisions, joining)


def _verify(session, checks, wanted, members, pairs, decisions, joining) -> None:
    meetings = _alliances_of_meetings(
        session, wanted["meeting"] | {d.meeting_id for d in decisions}
    )
    parents = {
        "meeting": meetings,
        "interaction": _alliances_of(session, InteractionRow, wanted["interaction"]),
    }
    needed = []
    for row, via, _column, what, person in checks:
        alliance = (
            row.alliance_id if via == "alliance" else parents[via].get(getattr(row, f"{via}_id"))
        )
        if alliance is not None:
            needed.append((alliance, person, what))
    on = _memberships(session, {person for _, person, _ in needed})
    for place in joining:
        on[place.person_id].add(place.alliance_id)
    for alliance, person, what in needed:
        if alliance not in on.get(person, ()):
            raise StoreError(_stray_person(session, person, alliance, on.get(person, ()), what))
    for decision in decisions:
        held_in = meetings.get(decision.meeting_id)
        if held_in is not None and held_in != decision.alliance_id:
            raise StoreError(
                f"That meeting belongs to {_names(session, [held_in])}, not to "
                f"{_names(session, [decision.alliance_id])}: a decision of one alliance cannot "
                "be taken in another's meeting."
            )
    _verify_places(session, members, pairs, joining)


def _verify_places(session, members, pairs, joining) -> None:
    """Committee members and counterpart pairs are places on alliances (stakeholder rows)."""
    ids = {m.stakeholder_id for m in members} | {p.internal_id for p in pairs}
    ids |= {p.partner_id for p in pairs}
    if not ids:
        return
    places = dict(
        session.execute(
            select(StakeholderRow.id, StakeholderRow.alliance_id).where(StakeholderRow.id.in_(ids))
        ).all()
    )
    places.update({p.id: p.alliance_id for p in joining if p.id is not None})
    bodies = _alliances_of(session, GovernanceBodyRow, {m.body_id for m in members})
    for member in members:
        body, place = bodies.get(member.body_id), places.get(member.stakeholder_id)
        if body is not None and place is not None and body != place:
            raise StoreError(
                f"{_person_of_place(session, member.stakeholder_id)} is on "
                f"{_names(session, [place])}, not on {_names(session, [body])}, so cannot sit "
                "on its committee."
            )
    for pair in pairs:
        ours, theirs = places.get(pair.internal_id), places.get(pair.partner_id)
        if ours is not None and theirs is not None and ours != theirs:
            raise StoreError(apart(session, (pair.internal_id, ours), (pair.partner_id, theirs)))


def apart(session: Session, first: tuple[int, int], second: tuple[int, int]) -> str:
    """Why two places (stakeholder id, alliance id) on different alliances cannot be paired."""
    return (
        f"Counterparts work on the same alliance: {_person_of_place(session, first[0])} is on "
        f"{_names(session, [first[1]])} and {_person_of_place(session, second[0])} on "
        f"{_names(session, [second[1]])}."
    )


def _alliances_of(
    session: Session,
    model: type[InteractionRow] | type[GovernanceBodyRow],
    ids: Iterable[int | None],
) -> dict[int, int]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(
        session.execute(select(model.id, model.alliance_id).where(model.id.in_(wanted))).all()
    )


def _alliances_of_meetings(session: Session, ids: Iterable[int | None]) -> dict[int, int]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(
        session.execute(
            select(MeetingRow.id, GovernanceBodyRow.alliance_id)
            .join(GovernanceBodyRow, GovernanceBodyRow.id == MeetingRow.body_id)
            .where(MeetingRow.id.in_(ids))
        ).all()
    )


def _memberships(session: Session, people: set[int]) -> dict[int, set[int]]:
    on: dict[int, set[int]] = defaultdict(set)
    if people:
        for person, alliance in session.execute(
            select(StakeholderRow.person_id, StakeholderRow.alliance_id).where(
                StakeholderRow.person_id.in_(people)
            )
        ):
            on[person].add(alliance)
    return on


def _names(session: Session, alliance_ids: Iterable[int]) -> str:
    ids = sorted(set(alliance_ids))
    found = dict(
        session.execute(
            select(AllianceRow.id, AllianceRow.name).where(AllianceRow.id.in_(ids))
        ).all()
    )
    return " and ".join(f"“{found.get(i, f'#{i}')}”" for i in ids) or "no alliance"


def _person_of_place(session: Session, stakeholder_id: int) -> str:
    name = session.scalar(
        select(PersonRow.name)
        .join(StakeholderRow, StakeholderRow.person_id == PersonRow.id)
        .where(StakeholderRow.id == stakeholder_id)
    )
    return name or f"Person #{stakeholder_id}"


def _stray_person(
    session: Session, person: int, alliance: int, elsewhere: Iterable[int], what: str
) -> str:
    name = session.scalar(select(PersonRow.name).where(PersonRow.id == person)) or f"#{person}"
    where = f"is on {_names(session, elsewhere)}" if elsewhere else "is on no alliance"
    return f"{name} {where}, not on {_names(session, [alliance])}, so cannot {what}."

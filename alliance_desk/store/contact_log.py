"""The interaction log: contacts with one or more people of an alliance, logged, listed and
deleted."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select

from alliance_desk.core.stakeholders import Interaction, InteractionDraft, InteractionKind
from alliance_desk.store import fence
from alliance_desk.store.database import Store
from alliance_desk.store.models import InteractionPersonRow, InteractionRow, PersonRow
from alliance_desk.store.retry import retried


@retried
def log_interaction(store: Store, alliance_id: int, draft: InteractionDraft) -> int:
    """Record an interaction with one or more people; returns its id."""
    with store.write() as session:
        row = InteractionRow(
            alliance_id=alliance_id,
            occurred_on=draft.occurred_on,
            kind=draft.kind.value,
            sentiment=draft.sentiment,
            note=draft.note,
            internal_only=draft.internal_only,
            private=draft.private,
        )
        session.add(row)
        session.flush()
        for person_id in dict.fromkeys(draft.person_ids):
            session.add(InteractionPersonRow(interaction_id=row.id, person_id=person_id))
        return row.id


@retried
def delete_interaction(store: Store, interaction_id: int) -> None:
    with store.write() as session:
        session.execute(
            delete(InteractionPersonRow).where(
                InteractionPersonRow.interaction_id == interaction_id
            )
        )
        session.execute(delete(InteractionRow).where(InteractionRow.id == interaction_id))


def interactions(
    store: Store, alliance_id: int, person_id: int | None = None, limit: int = 200
) -> list[Interaction]:
    """The newest interactions on an alliance (optionally only those with one person)."""
    with store.read() as session:
        query = select(InteractionRow).where(InteractionRow.alliance_id == alliance_id)
        if person_id is not None:
            query = query.where(
                InteractionRow.id.in_(
                    select(InteractionPersonRow.interaction_id).where(
                        InteractionPersonRow.person_id == person_id
                    )
                )
            )
        rows = session.scalars(
            query.order_by(InteractionRow.occurred_on.desc(), InteractionRow.id.desc()).limit(
                fence.limit(limit)
            )
        ).all()
        people = session.execute(
            select(InteractionPersonRow.interaction_id, PersonRow.id, PersonRow.name)
            .join(PersonRow, PersonRow.id == InteractionPersonRow.person_id)
            .where(InteractionPersonRow.interaction_id.in_([row.id for row in rows]))
            .order_by(PersonRow.name)
        ).all()
    by_interaction: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for interaction_id, pid, name in people:
        by_interaction[interaction_id].append((pid, name))
    return [
        Interaction(
            id=row.id,
            alliance_id=row.alliance_id,
            occurred_on=row.occurred_on,
            kind=InteractionKind(row.kind),
            sentiment=row.sentiment,
            note=row.note,
            internal_only=row.internal_only,
            private=row.private,
            person_ids=tuple(pid for pid, _ in by_interaction[row.id]),
            people_names=tuple(name for _, name in by_interaction[row.id]),
        )
        for row in rows
    ]

"""Counterparts: a person on our side paired with one on the partner's, on the same alliance."""

from __future__ import annotations

from sqlalchemy import delete, select

from alliance_desk.core.people import Side
from alliance_desk.store import membership
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import CounterpartRow, PersonRow
from alliance_desk.store.retry import retried
from alliance_desk.store.stakeholders import live_stakeholder


@retried
def pair(store: Store, first_id: int, second_id: int) -> None:
    """Pair two people on the same alliance, one from each side (order does not matter)."""
    with store.write() as session:
        first = live_stakeholder(session, first_id)
        second = live_stakeholder(session, second_id)
        if first.alliance_id != second.alliance_id:
            raise StoreError(
                membership.apart(
                    session, (first.id, first.alliance_id), (second.id, second.alliance_id)
                )
            )
        sides = {
            session.get_one(PersonRow, first.person_id).side: first.id,
            session.get_one(PersonRow, second.person_id).side: second.id,
        }
        if set(sides) != {Side.INTERNAL.value, Side.PARTNER.value}:
            raise StoreError("A counterpart pair needs one person from each company.")
        internal_id, partner_id = sides[Side.INTERNAL.value], sides[Side.PARTNER.value]
        exists = session.scalar(
            select(CounterpartRow.id).where(
                CounterpartRow.internal_id == internal_id, CounterpartRow.partner_id == partner_id
            )
        )
        if not exists:
            session.add(CounterpartRow(internal_id=internal_id, partner_id=partner_id))


@retried
def unpair(store: Store, first_id: int, second_id: int) -> None:
    with store.write() as session:
        session.execute(
            delete(CounterpartRow).where(
                (
                    (CounterpartRow.internal_id == first_id)
                    & (CounterpartRow.partner_id == second_id)
                )
                | (
                    (CounterpartRow.internal_id == second_id)
                    & (CounterpartRow.partner_id == first_id)
                )
            )
        )

"""Taking people off an alliance and putting them back exactly as they were (undo): their
ratings, counterpart pairs and communication plans kept aside."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from alliance_desk.store.database import Store
from alliance_desk.store.models import (
    CounterpartRow,
    PlanItemRow,
    PlanRow,
    RatingRow,
    StakeholderRow,
)
from alliance_desk.store.retry import retried
from alliance_desk.store.stakeholders import live_stakeholder


@dataclass(frozen=True, slots=True)
class RemovedStakeholder:
    """Everything needed to put a removed person back on an alliance exactly as they were."""

    columns: dict
    ratings: tuple[tuple[int, int, date], ...]
    pairs: tuple[tuple[int, int], ...]
    plans: tuple[dict, ...] = ()
    plan_items: tuple[dict, ...] = ()


def _as_dict(row) -> dict:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


@retried
def remove_from_alliance(store: Store, stakeholder_id: int) -> RemovedStakeholder:
    """Take a person off an alliance (they stay in the portfolio and in past interactions)."""
    with store.write() as session:
        return _remove(session, stakeholder_id)


@retried
def remove_many(store: Store, stakeholder_ids: Sequence[int]) -> list[RemovedStakeholder]:
    """Take several people off their alliances in one transaction (undoing an import)."""
    with store.write() as session:
        return [_remove(session, stakeholder_id) for stakeholder_id in stakeholder_ids]


def _remove(session: Session, stakeholder_id: int) -> RemovedStakeholder:
    row = live_stakeholder(session, stakeholder_id)
    columns = {column.key: getattr(row, column.key) for column in StakeholderRow.__table__.columns}
    ratings = tuple(
        (power, interest, rated_on)
        for power, interest, rated_on in session.execute(
            select(RatingRow.power, RatingRow.interest, RatingRow.rated_on)
            .where(RatingRow.stakeholder_id == row.id)
            .order_by(RatingRow.id)
        ).all()
    )
    pairs = tuple(
        (internal_id, partner_id)
        for internal_id, partner_id in session.execute(
            select(CounterpartRow.internal_id, CounterpartRow.partner_id).where(
                (CounterpartRow.internal_id == row.id) | (CounterpartRow.partner_id == row.id)
            )
        ).all()
    )
    plans = session.scalars(select(PlanRow).where(PlanRow.stakeholder_id == row.id)).all()
    plan_items = session.scalars(
        select(PlanItemRow).where(PlanItemRow.plan_id.in_([plan.id for plan in plans]))
    ).all()
    kept_plans = tuple(_as_dict(plan) for plan in plans)
    kept_items = tuple(_as_dict(item) for item in plan_items)
    session.execute(
        delete(PlanItemRow).where(PlanItemRow.plan_id.in_([plan["id"] for plan in kept_plans]))
    )
    session.execute(delete(PlanRow).where(PlanRow.stakeholder_id == row.id))
    session.delete(row)
    session.flush()
    session.execute(delete(RatingRow).where(RatingRow.stakeholder_id == stakeholder_id))
    session.execute(
        delete(CounterpartRow).where(
            (CounterpartRow.internal_id == stakeholder_id)
            | (CounterpartRow.partner_id == stakeholder_id)
        )
    )
    return RemovedStakeholder(columns, ratings, pairs, kept_plans, kept_items)


@retried
def restore_to_alliance(store: Store, removed: RemovedStakeholder) -> None:
    """Undo `remove_from_alliance`."""
    with store.write() as session:
        _restore(session, removed)


@retried
def restore_many(store: Store, removed: Sequence[RemovedStakeholder]) -> None:
    """Undo `remove_many`, in one transaction."""
    with store.write() as session:
        for each in removed:
            _restore(session, each)


def _restore(session: Session, removed: RemovedStakeholder) -> None:
    session.add(StakeholderRow(**removed.columns))
    session.flush()
    stakeholder_id = removed.columns["id"]
    for power, interest, rated_on in removed.ratings:
        session.add(
            RatingRow(
                stakeholder_id=stakeholder_id, power=power, interest=interest, rated_on=rated_on
            )
        )
    for internal_id, partner_id in removed.pairs:
        if session.get(StakeholderRow, internal_id) and session.get(StakeholderRow, partner_id):
            session.add(CounterpartRow(internal_id=internal_id, partner_id=partner_id))
    for plan in removed.plans:
        session.add(PlanRow(**plan))
    session.flush()
    for item in removed.plan_items:
        session.add(PlanItemRow(**item))

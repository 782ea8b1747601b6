"""Queries and commands for onboarding: plans and their items (the checklists plans start
from, built-in and the user's own, are store/checklists.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from alliance_desk.core import wall
from alliance_desk.core.onboarding import (
    DueItem,
    ItemStatus,
    OwnerRole,
    Plan,
    PlanItem,
    PlanStart,
    Progress,
    Template,
    due_date,
    progress,
)
from alliance_desk.store import batch, versions
from alliance_desk.store.checklists import item_columns
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import (
    AllianceRow,
    PersonRow,
    PlanItemRow,
    PlanRow,
    StakeholderRow,
    table,
)
from alliance_desk.store.retry import retried


class DuplicatePlanError(StoreError):
    """This person already has an onboarding plan for this role on this alliance."""


# -- plans ---------------------------------------------------------------------------------------


@retried
def start_plan(store: Store, start: PlanStart, template: Template) -> int:
    """Make a plan from a template for someone starting on `start.start_date`."""
    key = start.role.casefold()
    with store.write() as session:
        stakeholder = session.get(StakeholderRow, start.stakeholder_id)
        if stakeholder is None or stakeholder.alliance_id != start.alliance_id:
            raise StoreError("That person is not on this alliance.")
        existing = session.scalar(
            select(PlanRow.role).where(
                PlanRow.stakeholder_id == start.stakeholder_id, PlanRow.role_key == key
            )
        )
        name = session.get_one(PersonRow, stakeholder.person_id).name
        if existing:
            raise DuplicatePlanError(
                f"{name} already has an onboarding plan as {existing} on this alliance."
            )
        plan = PlanRow(
            stakeholder_id=start.stakeholder_id,
            role=start.role,
            role_key=key,
            template_name=template.name,
            start_date=start.start_date,
            keep_off_weekends=start.keep_off_weekends,
            note="",
        )
        session.add(plan)
        try:
            session.flush()
        except IntegrityError:
            raise DuplicatePlanError(
                f"{name} already has an onboarding plan as {start.role} on this alliance."
            ) from None
        for position, item in enumerate(template.items):
            session.add(
                PlanItemRow(
                    plan_id=plan.id,
                    position=position,
                    **item_columns(item),
                    due_date=due_date(start.start_date, item.offset_days, start.keep_off_weekends),
                    status=ItemStatus.OPEN.value,
                    adhoc=False,
                )
            )
        return plan.id


@retried
def delete_plan(store: Store, plan_id: int) -> None:
    with store.write() as session:
        session.execute(delete(PlanItemRow).where(PlanItemRow.plan_id == plan_id))
        session.execute(delete(PlanRow).where(PlanRow.id == plan_id))


def _item(row) -> PlanItem:
    return PlanItem(
        id=row.id,
        title=row.title,
        offset_days=row.offset_days,
        due=row.due_date,
        owner=OwnerRole(row.owner),
        detail=row.detail,
        optional=row.optional,
        status=ItemStatus(row.status),
        done_on=row.done_on,
        adhoc=row.adhoc,
        version=row.version,
    )


def list_plans(
    store: Store, alliance_id: int | None = None, plan_id: int | None = None
) -> list[Plan]:
    """Plans on live alliances (one alliance, or all), newest start first, with their items."""
    plans, placed = table(PlanRow), table(StakeholderRow).c
    alliances, people, items_of = table(AllianceRow).c, table(PersonRow).c, table(PlanItemRow).c
    # plain Core columns, as every read of a pack: no mapper is configured for a read
    with store.read() as session:
        query = (
            select(plans, placed.alliance_id.label("of"), alliances.name.label("alliance_name"))
            .add_columns(people.name.label("person_name"))
            .join_from(plans, table(StakeholderRow), placed.id == plans.c.stakeholder_id)
            .join(table(AllianceRow), alliances.id == placed.alliance_id)
            .join(table(PersonRow), people.id == placed.person_id)
            .where(alliances.deleted_at.is_(None))
        )
        if alliance_id is not None:
            query = query.where(placed.alliance_id == alliance_id)
        if plan_id is not None:
            query = query.where(plans.c.id == plan_id)
        rows = session.execute(query.order_by(plans.c.start_date.desc(), plans.c.id)).all()
        ids = [plan.id for plan in rows]
        items = session.execute(
            select(table(PlanItemRow))
            .where(items_of.plan_id.in_(ids))
            .order_by(items_of.plan_id, items_of.due_date, items_of.position)
        ).all()
    by_plan: dict[int, list[PlanItem]] = defaultdict(list)
    for item in items:
        by_plan[item.plan_id].append(_item(item))
    return [
        Plan(
            id=plan.id,
            alliance_id=plan.of,
            alliance_name=plan.alliance_name,
            stakeholder_id=plan.stakeholder_id,
            person_name=plan.person_name,
            role=plan.role,
            template_name=plan.template_name,
            start_date=plan.start_date,
            keep_off_weekends=plan.keep_off_weekends,
            note=plan.note,
            items=tuple(by_plan[plan.id]),
            version=plan.version,
        )
        for plan in rows
    ]


def get_plan(store: Store, plan_id: int) -> Plan:
    plans = list_plans(store, plan_id=plan_id)
    if not plans:
        raise StoreError("That onboarding plan no longer exists.")
    return plans[0]


@dataclass(frozen=True, slots=True)
class ItemState:
    status: ItemStatus
    done_on: date | None


def _live_item(session, item_id: int, expected_version: int | None) -> PlanItemRow:
    row = session.get(PlanItemRow, item_id)
    if row is None:
        raise StoreError("That onboarding item no longer exists.")
    versions.check(row, expected_version, row.title, versions.SHOWN_NOW)
    return row


def _plan_title(session, plan: PlanRow) -> str:
    person = session.scalar(
        select(PersonRow.name)
        .join(StakeholderRow, StakeholderRow.person_id == PersonRow.id)
        .where(StakeholderRow.id == plan.stakeholder_id)
    )
    return f"The onboarding plan of {person} as {plan.role}"


def _live_plan(session, plan_id: int, expected_version: int | None) -> PlanRow:
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise StoreError("That onboarding plan no longer exists.")
    versions.check(plan, expected_version, lambda: _plan_title(session, plan))
    return plan


@retried
def set_item_status(
    store: Store,
    item_id: int,
    status: ItemStatus,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> ItemState:
    """Tick, set aside (not applicable) or reopen an item; the day it was done is kept.
    Returns the state before, for undo. With `expected_version`, a change saved elsewhere
    since (a teammate ticked it) raises ConflictError instead."""
    with store.write() as session:
        row = _live_item(session, item_id, expected_version)
        before = ItemState(ItemStatus(row.status), row.done_on)
        row.status = status.value
        row.done_on = (today or wall.today()) if status is ItemStatus.DONE else None
        return before


@retried
def restore_item_state(
    store: Store, item_id: int, state: ItemState, *, expected_version: int | None = None
) -> None:
    with store.write() as session:
        row = _live_item(session, item_id, expected_version)
        row.status, row.done_on = state.status.value, state.done_on


@retried
def add_item(
    store: Store,
    plan_id: int,
    title: str,
    due: date,
    owner: OwnerRole = OwnerRole.ME,
    detail: str = "",
) -> int:
    """An ad-hoc item, due on a given day (its offset is kept from the plan's start)."""
    with store.write() as session:
        plan = session.get(PlanRow, plan_id)
        if plan is None:
            raise StoreError("That onboarding plan no longer exists.")
        position = session.scalar(
            select(func.coalesce(func.max(PlanItemRow.position), -1) + 1).where(
                PlanItemRow.plan_id == plan_id
            )
        )
        row = PlanItemRow(
            plan_id=plan_id,
            position=position,
            title=title,
            detail=detail,
            offset_days=(due - plan.start_date).days,
            owner=owner.value,
            optional=False,
            due_date=due,
            status=ItemStatus.OPEN.value,
            adhoc=True,
        )
        session.add(row)
        session.flush()
        return row.id


@retried
def delete_item(store: Store, item_id: int) -> None:
    with store.write() as session:
        session.execute(delete(PlanItemRow).where(PlanItemRow.id == item_id))


@retried
def set_start_date(
    store: Store, plan_id: int, start: date, *, expected_version: int | None = None
) -> date:
    """Move the start date; open items move with it, done and set-aside items keep their dates.
    Returns the previous start date."""
    with store.write() as session:
        plan = _live_plan(session, plan_id, expected_version)
        previous = plan.start_date
        plan.start_date = start
        for row in session.scalars(
            select(PlanItemRow).where(
                PlanItemRow.plan_id == plan_id, PlanItemRow.status == ItemStatus.OPEN.value
            )
        ):
            row.due_date = due_date(start, row.offset_days, plan.keep_off_weekends)
        return previous


@retried
def set_note(store: Store, plan_id: int, note: str, *, expected_version: int | None = None) -> None:
    with store.write() as session:
        _live_plan(session, plan_id, expected_version).note = note


# -- across the portfolio -----------------------------------------------------------------------


def status_by_stakeholder(
    store: Store, alliance_id: int, today: date | None = None
) -> dict[int, Progress]:
    """Each onboarded person's progress over all their plans on an alliance."""
    merged: dict[int, list[PlanItem]] = defaultdict(list)
    for plan in list_plans(store, alliance_id):
        merged[plan.stakeholder_id].extend(plan.items)
    return {sid: progress(items, today or wall.today()) for sid, items in merged.items()}


def items_due(store: Store, today: date | None = None, days: int = 7) -> list[DueItem]:
    """Open items due by `today + days` (overdue ones included) across live alliances."""
    return batch.run(store, items_due_query(today or wall.today(), days))


def items_due_query(today: date, days: int = 7) -> batch.Query[list[DueItem]]:
    items, plans, placed = table(PlanItemRow), table(PlanRow), table(StakeholderRow)
    alliances, people = table(AllianceRow), table(PersonRow)
    return batch.Query(
        (  # plain Core: Today asks at start
            select(
                items,
                placed.c.alliance_id.label("alliance_of_plan"),
                alliances.c.name.label("alliance_name"),
                people.c.name.label("person_name"),
            )
            .join_from(items, plans, plans.c.id == items.c.plan_id)
            .join(placed, placed.c.id == plans.c.stakeholder_id)
            .join(alliances, alliances.c.id == placed.c.alliance_id)
            .join(people, people.c.id == placed.c.person_id)
            .where(alliances.c.deleted_at.is_(None))
            .where(items.c.status == ItemStatus.OPEN.value)
            .where(items.c.due_date <= today + timedelta(days=days))
            .order_by(items.c.due_date, people.c.name)
        ),
        lambda rows: [
            DueItem(
                row.plan_id, row.alliance_of_plan, row.alliance_name, row.person_name, _item(row)
            )
            for row in rows
        ],
    )


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    """A deleted plan, kept whole so undo can put it back."""

    plan: dict
    items: tuple[dict, ...]


def _as_dict(row) -> dict:
    return {column.key: getattr(row, column.key) for column in row.__table__.columns}


@retried
def remove_plan(store: Store, plan_id: int) -> PlanSnapshot:
    """Delete a plan and its items; returns what is needed to `restore_plan` it."""
    with store.write() as session:
        plan = session.get(PlanRow, plan_id)
        if plan is None:
            raise StoreError("That onboarding plan no longer exists.")
        items = session.scalars(select(PlanItemRow).where(PlanItemRow.plan_id == plan_id)).all()
        snapshot = PlanSnapshot(_as_dict(plan), tuple(_as_dict(item) for item in items))
        session.execute(delete(PlanItemRow).where(PlanItemRow.plan_id == plan_id))
        session.delete(plan)
        return snapshot


@retried
def restore_plan(store: Store, snapshot: PlanSnapshot) -> None:
    with store.write() as session:
        session.add(PlanRow(**snapshot.plan))
        session.flush()
        for item in snapshot.items:
            session.add(PlanItemRow(**item))

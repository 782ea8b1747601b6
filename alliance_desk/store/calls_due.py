"""Calls due: everyone on a live alliance whose next planned contact falls due by a day, read
from only the columns Today shows (a fixed cadence's are ranked in SQL, store/today_rank.py)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, literal_column, or_, select

from alliance_desk.core.cadence import SHORTEST_STEP, Cadence, due_by
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.store import batch
from alliance_desk.store.database import Store
from alliance_desk.store.last_contacts import last_contact_of
from alliance_desk.store.models import AllianceRow, PersonRow, StakeholderRow, table


def calls_due(store: Store, today: date, days: int = 7) -> list[CallDue]:
    """Everyone on a live alliance whose next planned contact is due by `today + days`
    (overdue ones included), soonest first: Today's list, from only the columns it shows."""
    return batch.run(store, calls_due_query(today, days))


_CUSTOM = f"'{Cadence.CUSTOM.value}'"  # a constant, as the partial index names it


def calls_due_query(
    today: date,
    days: int = 7,
    *,
    ids: batch.Ids | None = None,
    cadences: Collection[Cadence] | None = None,
) -> batch.Query[list[CallDue]]:
    """The calls due by `today + days` (`ids`: only those stakeholders'; `cadences`: only
    under those plans — Today ranks the fixed cadences in SQL, store/today_rank.py)."""
    horizon = today + timedelta(days=days)
    chosen: list[Any] = []
    if ids is not None:
        chosen.append(batch.among(table(StakeholderRow).c.id, ids))
    if cadences is not None and set(cadences) == {Cadence.CUSTOM}:
        # Named as the partial index ix_stakeholders_custom names it (migration 0042), so
        # both engines read the few from it, not every stakeholder's row.
        chosen.append(table(StakeholderRow).c.cadence == literal_column(_CUSTOM))
    elif cadences is not None:
        chosen.append(table(StakeholderRow).c.cadence.in_([c.value for c in cadences]))
    placed, people, alliances = table(StakeholderRow), table(PersonRow), table(AllianceRow)
    last = last_contact_of(today)
    found = (
        select(
            placed.c.id,
            placed.c.alliance_id,
            placed.c.cadence,
            placed.c.cadence_rule,
            placed.c.planned_from,
            people.c.name,
            people.c.title,
            last.day.label("last_contact"),
            people.c.id.label("person_id"),
        )
        .join_from(placed, people, people.c.id == placed.c.person_id)
        .join(alliances, alliances.c.id == placed.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None), placed.c.cadence != Cadence.NONE.value, *chosen)
    )
    planned = (
        last.joined(found)
        .cte("planned")
        .prefix_with("MATERIALIZED")  # each last contact looked up once, not again to filter
    )
    # Left out here rather than in Python (`due_by` skips them too): a contact more recent
    # than the cadence's shortest step cannot fall due by the horizon — most of a portfolio.
    recent_enough = case(
        *((planned.c.cadence == plan.value, horizon - timedelta(days=step))
          for plan, step in SHORTEST_STEP.items()),
    )  # fmt: skip
    statement = select(*planned.c).where(
        or_(
            planned.c.last_contact.is_(None),
            recent_enough.is_(None),
            planned.c.last_contact <= recent_enough,
        )
    )

    def due(rows: Sequence[Any]) -> list[CallDue]:
        found = []
        for sid, aid, cadence, rule, planned_from, name, title, last, person_id in rows:
            plan = Cadence(cadence)
            when = due_by(last, plan, rule, planned_from or today, horizon)
            if when is not None:
                words = plan.label.lower()  # in the user's words, as Today says it
                found.append(CallDue(sid, aid, name, title, last, when, person_id, words))
        found.sort(key=lambda call: (call.due, call.name.casefold()))
        return found

    return batch.Query(statement, due)

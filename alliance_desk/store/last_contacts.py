"""Each stakeholder's last contact on their alliance on or before a day, read from the days
the database keeps rather than looked up among the links.

The kept day (`last_contacts`, migration 0035) is the latest of the person's shared contacts
there; on the team store each member's own private contacts' latest day is kept apart for them
(`private_last_contacts`, 0041: row security shows each member only theirs), and the later of
the two is the last contact, exactly what the look-up among all the links gives. Either day
answers only when it is not after the day asked about; a contact recorded for a later date
sends that person back to the look-up among the links (ix_interaction_people_last), which sees
what the reader may see. On the file every contact is the user's, and the kept day counts
private ones too (0039): nothing else is read.

At ten times the heavy portfolio (20,000 planned stakeholders) Today's planned calls took,
with the look-ups and then with the kept days (medians, old and new in turn in one process):
80 → 48 ms on the file, 117 → 37 ms on the team store as a superuser and 1,363 → 383 ms as a
member (each look-up also checked the links' row security; what is left there is the
stakeholders' own). Gathering the reader's private contacts instead of reading their kept
days cost ≈ 25 ms of Today's ranking on the team store for a member who wrote 6,000 of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Boolean, case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import _TraverseInternalsType

from alliance_desk.store.models import (
    InteractionPersonRow,
    LastContactRow,
    PrivateLastContactRow,
    StakeholderRow,
    table,
)


def looked_up(today: date) -> Any:
    """The last contact among the links themselves, as a correlated subquery: one look-up a
    stakeholder in ix_interaction_people_last (each link carries its interaction's alliance
    and day, migration 0029). Only for those whose kept day is after `today`."""
    present, placed = table(InteractionPersonRow).c, table(StakeholderRow).c
    return (
        select(func.max(present.occurred_on))
        .where(
            present.person_id == placed.person_id,
            present.alliance_id == placed.alliance_id,
            present.occurred_on <= today,
        )
        .scalar_subquery()
    )


class OnTheTeamStore(ColumnElement[bool]):
    """A condition true on the team store and false on the file, whose kept days count the
    private contacts already (migration 0039): SQLite then reads no private day."""

    type = Boolean()
    inherit_cache = True
    _is_implicitly_boolean = True
    # Nothing to tell one from another: SQLAlchemy's cache key is the class alone (without
    # it no statement naming one would be kept compiled: ≈ 50 ms of Today a reading).
    _traverse_internals: _TraverseInternalsType = []  # noqa: RUF012 (SQLAlchemy's cache key)


@compiles(OnTheTeamStore)
def _on_the_file(_element: OnTheTeamStore, _compiler: Any, **_kw: Any) -> str:
    return "0"


@compiles(OnTheTeamStore, "postgresql")
def _on_the_team_store(_element: OnTheTeamStore, _compiler: Any, **_kw: Any) -> str:
    return "true"


@dataclass(frozen=True)
class LastContact:
    """`day`: each stakeholder's last contact on or before the day (None: never met), for a
    select from `stakeholders` that `joined` has given the two outer joins it reads."""

    day: Any
    kept: Any
    mine: Any

    def joined(self, query: Select[Any]) -> Select[Any]:
        placed = table(StakeholderRow)
        for days in (self.kept, self.mine):
            query = query.outerjoin_from(
                placed,
                days,
                (days.c.person_id == placed.c.person_id)
                & (days.c.alliance_id == placed.c.alliance_id),
            )
        return query


def last_contact_of(today: date) -> LastContact:
    """Each stakeholder's last contact on or before `today` (see the module's docstring)."""
    kept = table(LastContactRow).alias("kept")
    private = table(PrivateLastContactRow)
    mine = (  # the reader's own (row security); all of them for a role it does not bind
        select(private.c.person_id, private.c.alliance_id, func.max(private.c.day).label("day"))
        .where(OnTheTeamStore())
        .group_by(private.c.person_id, private.c.alliance_id)
        .subquery("mine")
    )
    day = case(
        ((kept.c.day > today) | (mine.c.day > today), looked_up(today)),
        (mine.c.day.is_(None) | (kept.c.day >= mine.c.day), kept.c.day),
        else_=mine.c.day,
    )
    return LastContact(day, kept, mine)

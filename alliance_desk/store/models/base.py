"""The declarative base, its naming convention and the columns' shared helpers.

Annotations are real objects (no `from __future__ import annotations`): see the package.
"""

from datetime import datetime

from sqlalchemy import (
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.orm import (
    Bundle,
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
)

from alliance_desk.core import wall

# Constraint names must be stable so that later batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no zone, so every stored time is UTC by convention."""
    return wall.utcnow()


def recorded_by(**options):
    """Which database role recorded the row: on the team store PostgreSQL fills in
    current_user (the app never sends it); on a local file there is one user and it stays ''.
    Habits count only one's own work, and one's own check-ins and reviews are one's own."""
    return mapped_column(String(63), server_default="", info={"who": True}, **options)


def table(model: "type[Base]") -> Table:
    """A model's table, for the queries of start-up (Today and the alliance list).

    Selecting its columns runs as plain Core: no ORM compile step, and no configuring of every
    mapper before the first query (≈ 15 ms), both paid on the start-up path otherwise. The rows
    have the same attribute names as the model.
    """
    found = model.__table__
    assert isinstance(found, Table)
    return found


def plain(model: "type[Base]") -> Bundle:
    """Every column of a model as a plain read-only row with the same attribute names.

    For lists of thousands of records: building ORM instances (identity map, change
    tracking) costs several times more than the query, and a list never edits what it shows.
    """
    return Bundle(model.__name__, *model.__table__.columns)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Versioned:
    """Optimistic concurrency (see store/versions.py): every UPDATE checks and bumps the
    version, so two editors of one shared portfolio never overwrite a newer edit unnoticed."""

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

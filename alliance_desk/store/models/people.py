"""Alliances, the people in them and their contacts, and the counts of changes Today reads.

Annotations are real objects (no `from __future__ import annotations`): see the package.
"""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
    relationship,
)

from alliance_desk.store.models.base import Base, Timestamped, Versioned, utcnow


class AllianceRow(Versioned, Timestamped, Base):
    __tablename__ = "alliances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    partner: Mapped[str] = mapped_column(String(200))
    alliance_type: Mapped[str] = mapped_column(String(40))
    phase: Mapped[str] = mapped_column(String(40))
    criticality: Mapped[int] = mapped_column(Integer, default=3)
    complexity: Mapped[int] = mapped_column(Integer, default=3)
    tier_override: Mapped[int | None] = mapped_column(Integer)
    north_star: Mapped[str] = mapped_column(Text, default="")
    strategic_value: Mapped[int] = mapped_column(Integer, default=3)
    financial_value: Mapped[float] = mapped_column(Float, default=0.0)
    start_date: Mapped[date | None] = mapped_column(Date)
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Deleting keeps the row until the user can no longer undo it; queries skip these.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    stakeholders: Mapped[list["StakeholderRow"]] = relationship(
        back_populates="alliance", lazy="raise", cascade="all, delete-orphan"
    )
    north_star_history: Mapped[list["NorthStarRow"]] = relationship(
        back_populates="alliance", lazy="raise", cascade="all, delete-orphan"
    )


class NorthStarRow(Base):
    """Each North Star statement an alliance has had, from the day it was set."""

    __tablename__ = "north_star_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    statement: Mapped[str] = mapped_column(Text)
    set_on: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    alliance: Mapped["AllianceRow"] = relationship(
        back_populates="north_star_history", lazy="raise"
    )

    __table_args__ = (Index("ix_north_star_history_alliance", "alliance_id", "set_on"),)


class PersonRow(Versioned, Timestamped, Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    side: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)

    memberships: Mapped[list["StakeholderRow"]] = relationship(
        back_populates="person", lazy="raise", cascade="all, delete-orphan"
    )


class StakeholderRow(Versioned, Base):
    """A person's place in one alliance (a person may sit on several): their governance roles,
    current ratings (the latest of `ratings`, kept here for fast lists), stance and plan."""

    __tablename__ = "stakeholders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(500), default="")  # governance roles, comma-separated
    power: Mapped[int] = mapped_column(Integer, default=3)
    interest: Mapped[int] = mapped_column(Integer, default=3)
    stance: Mapped[str] = mapped_column(String(20), default="neutral")
    notes: Mapped[str] = mapped_column(Text, default="")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(20), default="video call")
    cadence: Mapped[str] = mapped_column(String(20), default="none")
    cadence_rule: Mapped[str] = mapped_column(String(200), default="")
    formal: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_from: Mapped[date | None] = mapped_column(Date)

    alliance: Mapped["AllianceRow"] = relationship(back_populates="stakeholders", lazy="raise")
    person: Mapped["PersonRow"] = relationship(back_populates="memberships", lazy="raise")

    __table_args__ = (
        UniqueConstraint("alliance_id", "person_id"),
        Index("ix_stakeholders_person", "person_id"),
        # Those planned under a custom cadence, the few Today lists for Python (migration
        # 0042; the same on PostgreSQL, not said here: see ix_interactions_private).
        Index("ix_stakeholders_custom", "alliance_id", sqlite_where=sql_text("cadence = 'custom'")),
    )


class RatingRow(Base):
    """A dated power/interest rating; the history shows how a person's standing moved."""

    __tablename__ = "stakeholder_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    power: Mapped[int] = mapped_column(Integer)
    interest: Mapped[int] = mapped_column(Integer)
    rated_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_stakeholder_ratings_stakeholder", "stakeholder_id", "rated_on"),)


class CounterpartRow(Base):
    """An internal person paired with a partner person on the same alliance."""

    __tablename__ = "counterparts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    internal_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))

    __table_args__ = (
        UniqueConstraint("internal_id", "partner_id"),
        Index("ix_counterparts_partner", "partner_id"),
    )


class InteractionRow(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    occurred_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(20))
    sentiment: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Team store: who wrote it (their database role, filled in by PostgreSQL), and whether only
    # they may read it — enforced by row-level security there, not by the app.
    owner: Mapped[str] = mapped_column(String(63), server_default="", info={"who": True})
    private: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    __table_args__ = (
        Index("ix_interactions_alliance", "alliance_id", "occurred_on"),
        Index("ix_interactions_day", "occurred_on"),  # the week's habit credits, portfolio-wide
        # Made for Habits' year of credits (migration 0028); since its counts leave the deleted
        # alliances' work out by subtracting it, not by joining each credit to its alliance,
        # they read ix_interactions_day and ix_interactions_alliance instead.
        Index("ix_interactions_day_alliance", "occurred_on", "alliance_id"),
        # The reader's own private contacts, which last_contacts leaves out on the team store
        # (migration 0035; on the file it counts them, 0039):
        # by alliance first, so SQLite reads them from it in the order it groups them.
        Index(
            "ix_interactions_private",
            "alliance_id",
            "occurred_on",
            sqlite_where=sql_text("private = 1"),
            # On PostgreSQL migration 0035 makes it `WHERE private`. Not said here: naming a
            # PostgreSQL option loads SQLAlchemy's PostgreSQL dialect to check it (≈ 16 ms of
            # every start on a file); the schema is the migrations', these models map it.
        ),
    )


class InteractionPersonRow(Base):
    __tablename__ = "interaction_people"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    # Copies of the interaction's, kept by the database's triggers (migration 0029): each
    # person's last contact on an alliance is one look-up in ix_interaction_people_last.
    alliance_id: Mapped[int | None] = mapped_column(Integer)
    occurred_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_interaction_people_person", "person_id"),
        Index("ix_interaction_people_last", "person_id", "alliance_id", "occurred_on"),
    )


class LastContactRow(Base):
    """Each person's latest shared (not private) contact day on each alliance, kept by the
    database's triggers from the links (migration 0035) so Today's calls read it by one join.
    Derived (info "derived"): never copied or counted as records; the target's triggers rebuild
    it from the links copied there."""

    __tablename__ = "last_contacts"
    __table_args__ = ({"sqlite_with_rowid": False, "info": {"derived": True}},)

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date)


class PrivateLastContactRow(Base):
    """On the team store, each member's latest private contact day with each person on each
    alliance, kept by the database's triggers (migration 0041) and shown by row security to
    that member alone. Empty on the file, whose last_contacts counts private contacts (0039).
    Derived (info "derived"), as last_contacts."""

    __tablename__ = "private_last_contacts"
    __table_args__ = (
        Index("ix_private_last_contacts_key", "person_id", "alliance_id"),
        {"sqlite_with_rowid": False, "info": {"derived": True}},
    )

    owner: Mapped[str] = mapped_column(String(63), primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    alliance_id: Mapped[int] = mapped_column(
        ForeignKey("alliances.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date)


class ChangeCountRow(Base):
    """How many writes each table Today counts from has seen (on the team store: by each
    login), kept by the database's triggers (migration 0037) so a count is read again only
    when a table it reads has changed (store/change_counts.py). Derived: never copied."""

    __tablename__ = "change_counts"
    __table_args__ = ({"sqlite_with_rowid": False, "info": {"derived": True}},)

    name: Mapped[str] = mapped_column(String(63), primary_key=True)
    member: Mapped[str] = mapped_column(String(63), primary_key=True, server_default="")
    n: Mapped[int] = mapped_column(BigInteger, server_default="0")

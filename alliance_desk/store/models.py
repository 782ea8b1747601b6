"""The tables. Relationships default to `lazy="raise"` so an accidental N+1 query fails loudly.

Annotations are real objects here, not strings (no `from __future__ import annotations`):
SQLAlchemy would otherwise evaluate each of the ~260 `Mapped[...]` strings when the classes
are built, at every start. Only forward references to later classes are quoted.
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
    MetaData,
    String,
    Table,
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
    Bundle,
    DeclarativeBase,
    Mapped,
    declared_attr,
    mapped_column,
    relationship,
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


class TemplateRow(Versioned, Timestamped, Base):
    """An onboarding template the user made or copied (built-in ones live in resources/)."""

    __tablename__ = "onboarding_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")


class TemplateItemRow(Base):
    __tablename__ = "onboarding_template_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_templates.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    offset_days: Mapped[int] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(String(20))
    optional: Mapped[bool] = mapped_column(Boolean, default=False)


class PlanRow(Versioned, Base):
    """Onboarding for one person joining an alliance in one role."""

    __tablename__ = "onboarding_plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(ForeignKey("stakeholders.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(200))
    role_key: Mapped[str] = mapped_column(String(200))  # casefolded: one plan per person and role
    template_name: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date] = mapped_column(Date)
    keep_off_weekends: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("stakeholder_id", "role_key"),)


class PlanItemRow(Versioned, Base):
    __tablename__ = "onboarding_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("onboarding_plans.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    offset_days: Mapped[int] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(String(20))
    optional: Mapped[bool] = mapped_column(Boolean, default=False)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    done_on: Mapped[date | None] = mapped_column(Date)
    adhoc: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_onboarding_items_plan", "plan_id", "position"),
        Index("ix_onboarding_items_due", "status", "due_date"),
    )


class EscalationRow(Versioned, Timestamped, Base):
    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(30))
    severity: Mapped[str] = mapped_column(String(20))
    raised_on: Mapped[date] = mapped_column(Date)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    target_date: Mapped[date | None] = mapped_column(Date)
    delay_days: Mapped[int] = mapped_column(Integer, default=0)
    value_at_stake: Mapped[float] = mapped_column(Float, default=0.0)
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Raised with the partner: None follows the rule (level 1 and up), else the user's call.
    shared_with_partner: Mapped[bool | None] = mapped_column(Boolean)
    level: Mapped[int] = mapped_column(Integer, default=0)
    level_since: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    root_cause: Mapped[str] = mapped_column(Text, default="")
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolution_kind: Mapped[str] = mapped_column(String(30), default="")
    resolved_on: Mapped[date | None] = mapped_column(Date)
    # Who resolved it (their database role on the team store): the "resolve problems" credit.
    resolved_by: Mapped[str] = mapped_column(String(63), server_default="", info={"who": True})
    closed_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_escalations_alliance", "alliance_id", "status"),
        Index("ix_escalations_status", "status", "level_since"),
        Index("ix_escalations_resolved", "resolved_on"),
        # The log's pages, in trigger-date order per status and level (migration 0025).
        Index("ix_escalations_log", "status", "level", "level_since"),
        Index("ix_escalations_alliance_log", "alliance_id", "status", "level", "level_since"),
        # What Value counts per alliance (time past the trigger date), read from the index
        # alone (migration 0028).
        Index(
            "ix_escalations_clock",
            "alliance_id",
            "level",
            "level_since",
            "status",
            "resolved_on",
            "closed_on",
        ),
        # What the log's heading counts and sums of the open issues (migration 0031).
        Index(
            "ix_escalations_open_totals",
            "status",
            "alliance_id",
            "raised_on",
            "level",
            "level_since",
            "delay_days",
            "value_at_stake",
        ),
    )


class EscalationEventRow(Base):
    """The append-only history of an escalation: the database refuses to change or delete an
    event while its escalation exists (see migration 0005)."""

    __tablename__ = "escalation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id", ondelete="CASCADE"))
    occurred_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    from_level: Mapped[int | None] = mapped_column(Integer)
    to_level: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_escalation_events_escalation", "escalation_id", "occurred_at"),)


class RiskRow(Versioned, Timestamped, Base):
    __tablename__ = "risks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(20))
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    mitigation: Mapped[str] = mapped_column(Text, default="")
    mitigation_planned: Mapped[date | None] = mapped_column(Date)
    mitigation_done: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    next_review: Mapped[date | None] = mapped_column(Date)
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    joint: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Its last rating's day, kept by the database's triggers (migration 0032): Today and
    # Value count the risks not reviewed in time from ix_risks_last_rated alone.
    last_rated_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_risks_alliance", "alliance_id", "status"),
        # The register's pages, by score and then id (migration 0045; 0025 held the score).
        Index("ix_risks_score_order", sql_text("(likelihood * impact)"), "id"),
        Index(
            "ix_risks_alliance_score_order", "alliance_id", sql_text("(likelihood * impact)"), "id"
        ),
        # Open high risks and each one's last rating per alliance, from the index (0028).
        Index("ix_risks_open", "alliance_id", "status", "likelihood", "impact"),
        Index(  # 0032
            "ix_risks_last_rated", "alliance_id", "last_rated_on", "status", "likelihood", "impact"
        ),
        # Today's count of reviews due from the index alone (0033).
        Index("ix_risks_due", "alliance_id", "status", "next_review"),
        # The heat map's cells, each alliance's from the index in its order (0044).
        Index("ix_risks_alliance_cells", "alliance_id", "likelihood", "impact", "status"),
    )


class RiskRatingRow(Base):
    """A dated likelihood × impact rating: how a risk moved between meetings."""

    __tablename__ = "risk_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risks.id", ondelete="CASCADE"), index=True)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    rated_on: Mapped[date] = mapped_column(Date, index=True)
    recorded_by: Mapped[str] = recorded_by()

    # Each risk's last rating, read from the index alone (Value's rhythm, migration 0028).
    __table_args__ = (Index("ix_risk_ratings_risk_day", "risk_id", "rated_on"),)


class GovernanceBodyRow(Versioned, Base):
    __tablename__ = "governance_bodies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40), default="other")
    # Members of each side a meeting needs to decide (0: no rule); an RRULE for its series.
    quorum_ours: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    quorum_theirs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    recurrence: Mapped[str] = mapped_column(String(200), default="", server_default="")

    # Each alliance's committees, found by the alliance (0034).
    __table_args__ = (Index("ix_governance_bodies_alliance", "alliance_id"),)


class BodyMemberRow(Base):
    __tablename__ = "governance_body_members"

    body_id: Mapped[int] = mapped_column(
        ForeignKey("governance_bodies.id", ondelete="CASCADE"), primary_key=True
    )
    stakeholder_id: Mapped[int] = mapped_column(
        ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True
    )


class MeetingRow(Versioned, Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("governance_bodies.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # IANA name of the zone its times are in; '' (older meetings) means the machine's zone.
    time_zone: Mapped[str] = mapped_column(String(64), default="", server_default="")
    format: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # Set once the committee approved the minutes: they are locked, changes are amendments.
    minutes_approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    minutes_approved_by: Mapped[str] = mapped_column(String(200), default="", server_default="")

    __table_args__ = (
        Index("ix_meetings_body", "body_id", "starts_at"),
        # Whether a meeting started since a rhythm was read (migration 0043).
        Index("ix_meetings_starts", "starts_at"),
    )


class MeetingAttendeeRow(Base):
    __tablename__ = "meeting_attendees"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    attendance: Mapped[str] = mapped_column(String(20), default="invited", server_default="invited")
    delegate: Mapped[str] = mapped_column(String(200), default="", server_default="")


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", ondelete="SET NULL"))
    minutes: Mapped[int] = mapped_column(Integer, default=15)
    purpose: Mapped[str] = mapped_column(String(20), default="discussion")
    notes: Mapped[str] = mapped_column(Text, default="")
    record: Mapped[str] = mapped_column(Text, default="", server_default="")  # its minutes
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    __table_args__ = (Index("ix_agenda_items_meeting", "meeting_id", "position"),)


class ActionItemRow(Versioned, Base):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    owner_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    side: Mapped[str] = mapped_column(String(20), default="", server_default="")
    # The later meeting whose "Actions from the previous meeting" last updated it.
    reviewed_in: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))

    __table_args__ = (Index("ix_action_items_meeting", "meeting_id"),)


class MinutesAmendmentRow(Base):
    """A dated change to minutes already approved (the approved text stays as it was)."""

    __tablename__ = "minutes_amendments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    made_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    item_title: Mapped[str] = mapped_column(String(300), default="", server_default="")
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_minutes_amendments_meeting", "meeting_id"),)


class DecisionRow(Versioned, Timestamped, Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    decided_on: Mapped[date | None] = mapped_column(Date)  # None: an open question
    forum: Mapped[str] = mapped_column(String(200), default="")
    makers: Mapped[str] = mapped_column(String(500), default="")
    alternatives: Mapped[str] = mapped_column(Text, default="")
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending")
    review_date: Mapped[date | None] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Taken jointly: None follows the rule (taken in a committee), else the user's call.
    shared_with_partner: Mapped[bool | None] = mapped_column(Boolean)
    recorded_by: Mapped[str] = recorded_by()
    raised_on: Mapped[date | None] = mapped_column(Date)  # when the question was put

    __table_args__ = (
        Index("ix_decisions_alliance", "alliance_id", "decided_on"),
        Index("ix_decisions_day", "decided_on"),
        # Time to decision and open questions per alliance (migration 0028).
        Index("ix_decisions_asked", "alliance_id", "raised_on", "decided_on"),
        # Today's count of decisions to review or stalled, from the index alone (0033).
        Index("ix_decisions_due", "alliance_id", "status", "review_date", "decided_on"),
    )


class ObligationRow(Versioned, Timestamped, Base):
    __tablename__ = "obligations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    party: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date] = mapped_column(Date)
    notice_days: Mapped[int] = mapped_column(Integer, default=30)
    status: Mapped[str] = mapped_column(String(20), default="open")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_obligations_alliance", "alliance_id", "due_date"),)


class HealthCheckRow(Base):
    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    checked_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = recorded_by()

    __table_args__ = (Index("ix_health_checks_alliance", "alliance_id", "checked_on"),)


class HealthScoreRow(Base):
    __tablename__ = "health_scores"

    check_id: Mapped[int] = mapped_column(
        ForeignKey("health_checks.id", ondelete="CASCADE"), primary_key=True
    )
    dimension: Mapped[str] = mapped_column(String(40), primary_key=True)
    ours: Mapped[int] = mapped_column(Integer)
    theirs: Mapped[int] = mapped_column(Integer)


class HabitTargetRow(Base):
    """A weekly target the user changed from the habit's default (0 pauses the habit)."""

    __tablename__ = "habit_targets"

    recorded_by: Mapped[str] = recorded_by(primary_key=True)  # each user's own targets
    habit: Mapped[str] = mapped_column(String(20), primary_key=True)
    target: Mapped[int] = mapped_column(Integer)


class CheckInRow(Base):
    __tablename__ = "habit_checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    habit: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    alliance_id: Mapped[int | None] = mapped_column(ForeignKey("alliances.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = recorded_by()

    __table_args__ = (
        Index("ix_habit_checkins_day", "day", "habit"),
        # A year of check-ins counted per day from the index alone (Habits, migration 0028).
        Index("ix_habit_checkins_week", "day", "habit", "minutes"),
    )


class DismissedCreditRow(Base):
    """An automatic credit the user took away (the record behind it stays)."""

    __tablename__ = "habit_dismissed_credits"

    recorded_by: Mapped[str] = recorded_by(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class WeeklyReviewRow(Base):
    __tablename__ = "habit_weekly_reviews"

    recorded_by: Mapped[str] = recorded_by(primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    went_well: Mapped[str] = mapped_column(Text, default="")
    got_in_the_way: Mapped[str] = mapped_column(Text, default="")
    focus: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SnoozeRow(Base):
    """A task of Today put off to a day (core/tasks.py names tasks: "call:12")."""

    __tablename__ = "today_snoozes"

    recorded_by: Mapped[str] = recorded_by(primary_key=True)  # each user's own
    task: Mapped[str] = mapped_column(String(80), primary_key=True)
    until: Mapped[date] = mapped_column(Date)


class PackExportRow(Base):
    """Each pack exported: the proof behind the 'publish your work' credit."""

    __tablename__ = "pack_exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    alliance_id: Mapped[int | None] = mapped_column(ForeignKey("alliances.id", ondelete="SET NULL"))
    audience: Mapped[str] = mapped_column(String(20))
    exported_on: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(500), default="")
    recorded_by: Mapped[str] = recorded_by()


class InsightRow(Versioned, Timestamped, Base):
    """Something learned about the partner: their priorities, pressures, how they decide."""

    __tablename__ = "insights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    noted_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    internal_only: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_by: Mapped[str] = recorded_by()

    __table_args__ = (Index("ix_insights_alliance", "alliance_id", "noted_on"),)


class PolicySettingRow(Base):
    """One business rule of the portfolio (core/policy.py), as the text `settings` shows.

    A row per setting, so teammates changing different rules never overwrite each other; a
    setting without a row has its default."""

    __tablename__ = "portfolio_policy"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class MilestoneRow(Versioned, Timestamped, Base):
    """A milestone an alliance promised (core/value.py)."""

    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    planned_on: Mapped[date] = mapped_column(Date)
    forecast_on: Mapped[date | None] = mapped_column(Date)
    achieved_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    value: Mapped[float] = mapped_column(Float, default=0.0)
    party: Mapped[str] = mapped_column(String(20), default="joint")
    north_star: Mapped[bool] = mapped_column(Boolean, default=False)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_milestones_alliance", "alliance_id", "planned_on"),)


class KpiRow(Versioned, Timestamped, Base):
    """A KPI of an alliance's scorecard (core/value.py)."""

    __tablename__ = "kpis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[str] = mapped_column(String(20), default="higher is better")
    target: Mapped[float] = mapped_column(Float, default=0.0)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_kpis_alliance", "alliance_id"),)


class KpiActualRow(Base):
    """A KPI's value measured on a day (one per day)."""

    __tablename__ = "kpi_actuals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kpi_id: Mapped[int] = mapped_column(ForeignKey("kpis.id", ondelete="CASCADE"))
    # The KPI's alliance again, so the team store's per-alliance rules can see it directly.
    alliance_id: Mapped[int] = mapped_column(ForeignKey("alliances.id", ondelete="CASCADE"))
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)

    __table_args__ = (UniqueConstraint("kpi_id", "measured_on"),)


class BaselineRow(Base):
    """A self-assessment of one's alliance-management practice (core/baseline.py)."""

    __tablename__ = "practice_baselines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    # None: the whole practice; else the alliance the assessment looked at.
    alliance_id: Mapped[int | None] = mapped_column(ForeignKey("alliances.id", ondelete="SET NULL"))
    recorded_by: Mapped[str] = recorded_by()


class BaselineAnswerRow(Base):
    """One question's score (1–5) in a baseline."""

    __tablename__ = "baseline_answers"

    baseline_id: Mapped[int] = mapped_column(
        ForeignKey("practice_baselines.id", ondelete="CASCADE"), primary_key=True
    )
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)

"""Onboarding checklists, escalations and risks.

Annotations are real objects (no `from __future__ import annotations`): see the package.
"""

from datetime import date, datetime

from sqlalchemy import (
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
)

from alliance_desk.store.models.base import Base, Timestamped, Versioned, recorded_by, utcnow


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

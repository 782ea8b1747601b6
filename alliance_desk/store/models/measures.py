"""Health checks, habits, Today's snoozes, packs made, insights, the policy, and the value
story: milestones, KPIs and baselines.

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
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
)

from alliance_desk.store.models.base import Base, Timestamped, Versioned, recorded_by, utcnow


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

"""Committees, their meetings, minutes and what they decide and owe.

Annotations are real objects (no `from __future__ import annotations`): see the package.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import (
    Mapped,
    mapped_column,
)

from alliance_desk.store.models.base import Base, Timestamped, Versioned, recorded_by, utcnow


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

"""The tables. Relationships default to `lazy="raise"` so an accidental N+1 query fails loudly.

Annotations are real objects here, not strings (no `from __future__ import annotations`):
SQLAlchemy would otherwise evaluate each of the ~260 `Mapped[...]` strings when the classes
are built, at every start. Only forward references to later classes are quoted.

The tables live in one module per part of the portfolio; importing this package maps them all
(in the order the migrations made them), as Alembic and `configure_mappers` need.
"""

from alliance_desk.store.models.base import (
    NAMING_CONVENTION,
    Base,
    Timestamped,
    Versioned,
    plain,
    recorded_by,
    table,
    utcnow,
)

# In the order the tables were made: Base.metadata lists them so.
# isort: off
from alliance_desk.store.models.people import (
    AllianceRow,
    ChangeCountRow,
    CounterpartRow,
    InteractionPersonRow,
    InteractionRow,
    LastContactRow,
    NorthStarRow,
    PersonRow,
    PrivateLastContactRow,
    RatingRow,
    StakeholderRow,
)
from alliance_desk.store.models.registers import (
    EscalationEventRow,
    EscalationRow,
    PlanItemRow,
    PlanRow,
    RiskRatingRow,
    RiskRow,
    TemplateItemRow,
    TemplateRow,
)
from alliance_desk.store.models.governance import (
    ActionItemRow,
    AgendaItemRow,
    BodyMemberRow,
    DecisionRow,
    GovernanceBodyRow,
    MeetingAttendeeRow,
    MeetingRow,
    MinutesAmendmentRow,
    ObligationRow,
)
from alliance_desk.store.models.measures import (
    BaselineAnswerRow,
    BaselineRow,
    CheckInRow,
    DismissedCreditRow,
    HabitTargetRow,
    HealthCheckRow,
    HealthScoreRow,
    InsightRow,
    KpiActualRow,
    KpiRow,
    MilestoneRow,
    PackExportRow,
    PolicySettingRow,
    SnoozeRow,
    WeeklyReviewRow,
)
# isort: on

__all__ = [
    "NAMING_CONVENTION",
    "ActionItemRow",
    "AgendaItemRow",
    "AllianceRow",
    "Base",
    "BaselineAnswerRow",
    "BaselineRow",
    "BodyMemberRow",
    "ChangeCountRow",
    "CheckInRow",
    "CounterpartRow",
    "DecisionRow",
    "DismissedCreditRow",
    "EscalationEventRow",
    "EscalationRow",
    "GovernanceBodyRow",
    "HabitTargetRow",
    "HealthCheckRow",
    "HealthScoreRow",
    "InsightRow",
    "InteractionPersonRow",
    "InteractionRow",
    "KpiActualRow",
    "KpiRow",
    "LastContactRow",
    "MeetingAttendeeRow",
    "MeetingRow",
    "MilestoneRow",
    "MinutesAmendmentRow",
    "NorthStarRow",
    "ObligationRow",
    "PackExportRow",
    "PersonRow",
    "PlanItemRow",
    "PlanRow",
    "PolicySettingRow",
    "PrivateLastContactRow",
    "RatingRow",
    "RiskRatingRow",
    "RiskRow",
    "SnoozeRow",
    "StakeholderRow",
    "TemplateItemRow",
    "TemplateRow",
    "Timestamped",
    "Versioned",
    "WeeklyReviewRow",
    "plain",
    "recorded_by",
    "table",
    "utcnow",
]

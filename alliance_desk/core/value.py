"""What an alliance promised and how it measures up: milestones and KPIs (a joint scorecard).

Milestones carry a planned date, a forecast while they are open and the actual date once
achieved. A milestone has *slipped* when its actual or forecast date — or, for one still open
and already overdue, today — is later than planned; the slip is that difference in days.

A KPI has a unit, a direction (is higher or lower better), a target and dated actuals. Its
status compares the latest actual with the target: on target; close (within 10 % of the
target's size on the wrong side); off target; or no data yet. Its trend compares the latest
actual with the one before, in the KPI's direction: improving, worsening or steady.

Milestones and KPIs are *shared* with the partner only when the user marks them so (a joint
scorecard); otherwise they are ours and never reach a partner pack (core/audience.py).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members, translate
from alliance_desk.core.obligations import Party
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    clean_text,
    parse_amount,
    parse_choice,
    parse_date,
    parse_yes_no,
)

# -- milestones ----------------------------------------------------------------------------------

CURRENCY_SIGNS = "$€£¥₹₩₽₺₪"  # a unit that begins with one is written before the figure


class MilestoneStatus(Labelled, enum.StrEnum):
    PLANNED = "planned"
    AT_RISK = "at risk"
    ACHIEVED = "achieved"
    MISSED = "missed"

    @property
    def open(self) -> bool:
        return self in (MilestoneStatus.PLANNED, MilestoneStatus.AT_RISK)


label_members(
    MilestoneStatus,
    {
        MilestoneStatus.PLANNED: QT_TRANSLATE_NOOP("MilestoneStatus", "Planned"),
        MilestoneStatus.AT_RISK: QT_TRANSLATE_NOOP("MilestoneStatus", "At risk"),
        MilestoneStatus.ACHIEVED: QT_TRANSLATE_NOOP("MilestoneStatus", "Achieved"),
        MilestoneStatus.MISSED: QT_TRANSLATE_NOOP("MilestoneStatus", "Missed"),
    },
)


@dataclass(frozen=True, slots=True)
class MilestoneDraft:
    title: str
    planned_on: date
    forecast_on: date | None = None  # while open: when it now looks like happening
    achieved_on: date | None = None  # the actual date
    status: MilestoneStatus = MilestoneStatus.PLANNED
    value: float = 0.0  # value attached (same units as the alliance's financial value)
    party: Party = Party.JOINT  # whose milestone it is: ours, theirs or joint
    north_star: bool = False  # evidence of the North Star
    shared: bool = False  # on the joint scorecard: the partner sees it


def validate_milestone(raw: Mapping[str, object]) -> MilestoneDraft:
    fields = FieldCollector()
    draft = MilestoneDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=300),
        planned_on=fields.take("planned_on", parse_date, raw.get("planned_on"), required=True),
        forecast_on=fields.take("forecast_on", parse_date, raw.get("forecast_on")),
        achieved_on=fields.take("achieved_on", parse_date, raw.get("achieved_on")),
        status=fields.take(
            "status", parse_choice, MilestoneStatus, raw.get("status"), MilestoneStatus.PLANNED
        ),
        value=fields.take("value", parse_amount, raw.get("value")),
        party=fields.take("party", parse_choice, Party, raw.get("party"), Party.JOINT),
        north_star=fields.take("north_star", parse_yes_no, raw.get("north_star")),
        shared=fields.take("shared", parse_yes_no, raw.get("shared")),
    )
    if draft.achieved_on and draft.status is not MilestoneStatus.ACHIEVED:
        if draft.status is MilestoneStatus.PLANNED:
            draft = replace(draft, status=MilestoneStatus.ACHIEVED)  # a date achieved says so
        else:
            fields.errors["achieved_on"] = translate(
                "Value", "Only an achieved milestone has an actual date."
            )
    if draft.status is MilestoneStatus.ACHIEVED and not draft.achieved_on:
        fields.errors["achieved_on"] = translate("Value", "Enter the day it was achieved.")
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Milestone:
    id: int
    alliance_id: int
    draft: MilestoneDraft
    version: int = field(default=1, compare=False)

    @property
    def title(self) -> str:
        return self.draft.title

    def expected_on(self, today: date) -> date:
        """When it happened, or now looks like happening: the actual date once achieved, else
        the forecast (or the plan), but never before today for one still open."""
        draft = self.draft
        if draft.achieved_on is not None:
            return draft.achieved_on
        expected = draft.forecast_on or draft.planned_on
        if draft.status.open and expected < today:
            return today
        return expected

    def slip_days(self, today: date) -> int:
        """Days later than planned (0 when on time or early)."""
        return max(0, (self.expected_on(today) - self.draft.planned_on).days)

    def slipped(self, today: date) -> bool:
        return self.slip_days(today) > 0 or self.draft.status is MilestoneStatus.MISSED

    def due_within(self, today: date, days: int) -> bool:
        """Open and expected within `days` from today (or already overdue)."""
        return self.draft.status.open and (self.expected_on(today) - today).days <= days


def slipped(milestones: Iterable[Milestone], today: date) -> list[Milestone]:
    """Slipped milestones, the longest slip first."""
    found = [m for m in milestones if m.slipped(today)]
    return sorted(found, key=lambda m: (-m.slip_days(today), m.draft.planned_on))


def due_soon(milestones: Iterable[Milestone], today: date, days: int = 30) -> list[Milestone]:
    """Open milestones expected within `days`, soonest first."""
    found = [m for m in milestones if m.due_within(today, days)]
    return sorted(found, key=lambda m: m.expected_on(today))


# -- KPIs ----------------------------------------------------------------------------------------


class Direction(Labelled, enum.StrEnum):
    HIGHER = "higher is better"
    LOWER = "lower is better"


label_members(
    Direction,
    {
        Direction.HIGHER: QT_TRANSLATE_NOOP("Direction", "Higher is better"),
        Direction.LOWER: QT_TRANSLATE_NOOP("Direction", "Lower is better"),
    },
)


class KpiStatus(Labelled, enum.StrEnum):
    ON_TARGET = "on target"
    CLOSE = "close"
    OFF_TARGET = "off target"
    NO_DATA = "no data"


label_members(
    KpiStatus,
    {
        KpiStatus.ON_TARGET: QT_TRANSLATE_NOOP("KpiStatus", "On target"),
        KpiStatus.CLOSE: QT_TRANSLATE_NOOP("KpiStatus", "Close"),
        KpiStatus.OFF_TARGET: QT_TRANSLATE_NOOP("KpiStatus", "Off target"),
        KpiStatus.NO_DATA: QT_TRANSLATE_NOOP("KpiStatus", "No data"),
    },
)


class Trend(Labelled, enum.StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    STEADY = "steady"
    UNKNOWN = "—"

    @property
    def mark(self) -> str:
        return {"improving": "▲", "worsening": "▼", "steady": "▶", "—": "—"}[self.value]


label_members(
    Trend,
    {
        Trend.IMPROVING: QT_TRANSLATE_NOOP("Trend", "Improving"),
        Trend.WORSENING: QT_TRANSLATE_NOOP("Trend", "Worsening"),
        Trend.STEADY: QT_TRANSLATE_NOOP("Trend", "Steady"),
        Trend.UNKNOWN: QT_TRANSLATE_NOOP("Trend", "—"),
    },
)


CLOSE_WITHIN = 0.10  # "close": within 10 % of the target's size on the wrong side


@dataclass(frozen=True, slots=True)
class KpiDraft:
    name: str
    unit: str = ""
    direction: Direction = Direction.HIGHER
    target: float = 0.0
    shared: bool = False  # on the joint scorecard: the partner sees it

    @property
    def title(self) -> str:
        return self.name


def _number(value: object) -> float:
    """Any finite number, negative included (a KPI may be a margin or a change)."""
    if isinstance(value, bool):
        raise FieldError(translate("Value", "Enter a number such as 12.5."))
    text = ("" if value is None else str(value)).strip().replace(",", "").replace(" ", "")
    if not text:
        raise FieldError(translate("Value", "Enter a number such as 12.5."))
    try:
        number = float(text)
    except ValueError:
        raise FieldError(translate("Value", "Enter a number such as 12.5.")) from None
    if number != number or abs(number) > 1e15:
        raise FieldError(translate("Value", "Enter a number such as 12.5."))
    return number


def validate_kpi(raw: Mapping[str, object]) -> KpiDraft:
    fields = FieldCollector()
    draft = KpiDraft(
        name=fields.take("name", clean_text, raw.get("name"), required=True, max_length=200),
        unit=fields.take("unit", clean_text, raw.get("unit"), max_length=40) or "",
        direction=fields.take(
            "direction", parse_choice, Direction, raw.get("direction"), Direction.HIGHER
        ),
        target=fields.take("target", _number, raw.get("target")),
        shared=fields.take("shared", parse_yes_no, raw.get("shared")),
    )
    fields.raise_if_any()
    return draft


def validate_actual(raw: Mapping[str, object]) -> tuple[date, float]:
    """A dated actual of a KPI."""
    fields = FieldCollector()
    day = fields.take("measured_on", parse_date, raw.get("measured_on"), required=True)
    value = fields.take("value", _number, raw.get("value"))
    fields.raise_if_any()
    return day, value


def kpi_status(direction: Direction, target: float, actual: float | None) -> KpiStatus:
    """The latest actual against the target (see the module's docstring)."""
    if actual is None:
        return KpiStatus.NO_DATA
    short = target - actual if direction is Direction.HIGHER else actual - target
    if short <= 0:
        return KpiStatus.ON_TARGET
    if short <= CLOSE_WITHIN * abs(target):
        return KpiStatus.CLOSE
    return KpiStatus.OFF_TARGET


def kpi_trend(direction: Direction, values: list[float]) -> Trend:
    """The last actual against the one before it, in the KPI's direction."""
    if len(values) < 2:
        return Trend.UNKNOWN
    change = values[-1] - values[-2]
    if change == 0:
        return Trend.STEADY
    better = change > 0 if direction is Direction.HIGHER else change < 0
    return Trend.IMPROVING if better else Trend.WORSENING


@dataclass(frozen=True, slots=True)
class Kpi:
    id: int
    alliance_id: int
    draft: KpiDraft
    actuals: tuple[tuple[date, float], ...] = ()  # oldest first
    version: int = field(default=1, compare=False)

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def latest(self) -> float | None:
        return self.actuals[-1][1] if self.actuals else None

    @property
    def status(self) -> KpiStatus:
        return kpi_status(self.draft.direction, self.draft.target, self.latest)

    @property
    def trend(self) -> Trend:
        return kpi_trend(self.draft.direction, [value for _, value in self.actuals])

    def show(self, value: float | None) -> str:
        if value is None:
            return "—"
        unit = self.draft.unit
        text = f"{value:,.1f}".removesuffix(".0")
        if unit and unit[0] in CURRENCY_SIGNS:  # "$M": $40M, as money is written, not "40 $M"
            sign = "-" if text.startswith("-") else ""
            return f"{sign}{unit[0]}{text.removeprefix('-')}{unit[1:]}"
        return f"{text} {unit}".strip() if unit and unit != "%" else f"{text}{unit}"

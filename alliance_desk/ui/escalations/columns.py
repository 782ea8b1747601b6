"""The escalation log's rows and columns: what each line shows of an issue (how late first,
then whose it is), computed once per load, and the store's sort for each column."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from alliance_desk.core.business_days import SlaPolicy, business_days_between
from alliance_desk.core.dates import shown
from alliance_desk.core.escalations import Escalation, level_label
from alliance_desk.store import escalation_log
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import OVERDUE


@dataclass(frozen=True, slots=True)
class Line:
    """An escalation with what the log shows about it, computed once per load."""

    escalation: Escalation
    days_open: int
    days_at_level: int
    trigger: date
    sla: str  # in words, as the detail says it ("Past by 7 business days")
    past: bool
    days: int  # business days past the trigger, or left before it


def lines_for(items: list[Escalation], today: date, policy: SlaPolicy) -> list[Line]:
    lines = []
    for e in items:
        trigger, sla, past = e.sla(today, policy)
        early, late = min(today, trigger), max(today, trigger)
        days = business_days_between(early, late, policy.holidays)
        lines.append(Line(e, e.days_open(today), e.days_at_level(today), trigger, sla, past, days))
    return lines


def _sla_short(row: Line) -> str:
    """How late, in as few words as the log's column has room for: "7 d late", "3 d left"
    (the whole sentence, in business days, is its tooltip)."""
    if not row.escalation.status.active:
        return "—"
    if row.past:
        return translate("Column", "{days} d late").format(days=row.days)
    if row.days == 0:
        return translate("Column", "Due today")
    return translate("Column", "{days} d left").format(days=row.days)


COLUMNS: tuple[Column[Line], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Title"), lambda row: row.escalation.title),
    Column(
        QT_TRANSLATE_NOOP("Column", "SLA"),
        _sla_short,
        tooltip=lambda row: row.sla,
        colour=lambda row: OVERDUE if row.past else None,
        priority=0,  # how late it is: the log's first fact, before even whose it is
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Level"),
        lambda row: level_label(row.escalation.level),
        priority=2,  # after whose it is (its detail says it too)
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Days open"),
        lambda row: str(row.days_open),
        align_right=True,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Alliance"),
        lambda row: row.escalation.alliance_name,
        priority=1,
        names_alliance=True,  # on "All alliances" only
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Severity"),
        lambda row: row.escalation.draft.severity.label,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Category"),
        lambda row: row.escalation.draft.category.label,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Status"), lambda row: row.escalation.status.label, priority=2
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Raised"),
        lambda row: shown(row.escalation.raised_on),
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "At level"),
        lambda row: translate("Column", "{days} d").format(days=row.days_at_level),
        align_right=True,
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Trigger"),
        lambda row: shown(row.trigger) if row.escalation.status.active else "—",
        tooltip=lambda row: translate(
            "Column", "When it should move up a level if still unresolved"
        ),
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Owner"),
        lambda row: row.escalation.person(row.escalation.draft.owner_id),
        priority=3,
    ),
)


ALLIANCE = next(i for i, column in enumerate(COLUMNS) if column.names_alliance)


def line_id(line: Line) -> int:
    return line.escalation.id


def counted(item: Escalation) -> tuple:
    """What the log's totals and age chart count of an escalation."""
    return (
        item.status,
        item.level,
        item.level_since,
        item.raised_on,
        item.resolved_on,
        item.closed_on,
        item.draft.delay_days,
        item.draft.value_at_stake,
    )


# The store's sort for each column, in the same order (`escalation_log.COLUMNS`).
SORTS = escalation_log.COLUMNS

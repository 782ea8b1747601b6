"""What goes into a briefing pack, independent of how it is drawn.

A pack is a cover and a list of sections; each section holds blocks — text, a table, key
figures, a chart. The composers (alliance_desk/packs) decide what each pack says: internal
packs from the plain values the store hands over (`PackInputs`), the partner's version of the
governance pack only from `core.audience.PartnerFacts`. The partner briefing and the portfolio
report are internal by nature and have no partner version. An empty section says "Nothing
recorded" rather than vanishing.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, Words, label_members

if TYPE_CHECKING:  # the annotations only; importing them here would cost every start
    from alliance_desk.core.business_days import SlaPolicy
    from alliance_desk.core.governance import Meeting


class Audience(Labelled, enum.StrEnum):
    INTERNAL = "internal"
    PARTNER = "partner"


label_members(
    Audience,
    {
        Audience.INTERNAL: QT_TRANSLATE_NOOP(
            "Audience", "Internal — do not forward to the partner"
        ),
        Audience.PARTNER: QT_TRANSLATE_NOOP("Audience", "Partner version — shared facts only"),
    },
)


class PackKind(Labelled, enum.StrEnum):
    GOVERNANCE = "governance"
    BRIEFING = "briefing"
    PORTFOLIO = "portfolio"
    MINUTES = "minutes"  # of one meeting (packs/minutes.py), exported from the meeting itself

    @property
    def has_partner_version(self) -> bool:
        return self in (PackKind.GOVERNANCE, PackKind.MINUTES)

    @property
    def why_internal(self) -> str:
        """Why a pack has no version for the partner (empty for the one that has)."""
        return _WHY_INTERNAL.get(self.value, "")


label_members(
    PackKind,
    {
        PackKind.GOVERNANCE: QT_TRANSLATE_NOOP("PackKind", "Governance meeting pack"),
        PackKind.BRIEFING: QT_TRANSLATE_NOOP("PackKind", "Partner briefing"),
        PackKind.PORTFOLIO: QT_TRANSLATE_NOOP("PackKind", "Portfolio report"),
        PackKind.MINUTES: QT_TRANSLATE_NOOP("PackKind", "Minutes"),
    },
)


_WHY_INTERNAL = Words(
    "PackKind",
    {
        "briefing": QT_TRANSLATE_NOOP(
            "PackKind",
            "The partner briefing prepares our executive with our own read of their people, "
            "our notes and insights, so it has no partner version: for the partner, export "
            "the governance pack.",
        ),
        "portfolio": QT_TRANSLATE_NOOP(
            "PackKind",
            "The portfolio report covers every alliance and our own practice, so it has no "
            "partner version: for the partner, export the governance pack.",
        ),
    },
)

NOTHING = "Nothing recorded."


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    style: str = "body"  # body, muted, quote


@dataclass(frozen=True, slots=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths


@dataclass(frozen=True, slots=True)
class Kpis:
    figures: tuple[tuple[str, str, str], ...]  # label, value, trend ("▲ 2", "▼", "—")


@dataclass(frozen=True, slots=True)
class BarChart:
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, values per category)


@dataclass(frozen=True, slots=True)
class LineChart:
    title: str
    points: tuple[tuple[str, float], ...]  # (label, value)
    low: float = 0
    high: float = 5


@dataclass(frozen=True, slots=True)
class Grid:
    """Named points on a 5 × 5 grid with quadrant lines between 3 and 4: people by power and
    interest, or alliances by risk and value. Each point: (name, row 1–5, column 1–5, group)."""

    title: str
    people: tuple[tuple[str, int, int, str], ...]
    up: str = "Power"
    across: str = "Interest →"


@dataclass(frozen=True, slots=True)
class SmallCharts:
    """A small line chart per measure, side by side: (name, values oldest first, target)."""

    charts: tuple[tuple[str, tuple[float, ...], float | None], ...]


Block = Text | Table | Kpis | BarChart | LineChart | Grid | SmallCharts


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    blocks: tuple[Block, ...] = ()
    new_page: bool = False  # starts on a page of its own (after a page of headlines)
    # What it holds in the reader's words ("3 open, oldest 12 days"), for the preview before
    # exporting; not printed. Empty: the preview describes the blocks.
    summary: str = ""

    @classmethod
    def of(
        cls, title: str, *blocks: Block | None, empty: str = NOTHING, summary: str = ""
    ) -> Section:
        kept = tuple(b for b in blocks if b is not None and not _blank(b))
        if not kept:
            return cls(title, (Text(empty, "muted"),))
        return cls(title, kept, summary=summary)


def _blank(block: Block) -> bool:
    if isinstance(block, Table):
        return not block.rows
    if isinstance(block, Text):
        return not block.text.strip()
    if isinstance(block, Kpis):
        return not block.figures
    if isinstance(block, BarChart):
        return not block.categories
    if isinstance(block, LineChart):
        return len(block.points) < 2
    if isinstance(block, Grid):
        return not block.people
    if isinstance(block, SmallCharts):
        return not block.charts
    return False


@dataclass(frozen=True, slots=True)
class Pack:
    kind: PackKind
    title: str
    subtitle: str
    audience: Audience
    prepared_on: date
    cover_lines: tuple[tuple[str, str], ...]  # (label, value) on the cover
    sections: tuple[Section, ...] = field(default_factory=tuple)
    status: str = ""  # on every page before the marking, e.g. "DRAFT — version 3"

    @property
    def marking(self) -> str:
        lead = f"{self.status} · " if self.status else ""
        if self.audience is Audience.PARTNER:
            return (
                f"{lead}Confidential — partner version: shared facts only, under the "
                "alliance agreement"
            )
        return f"{lead}Confidential — internal only, do not forward to the partner"


def counted(count: int, one: str, many: str, none: str | None = None) -> str:
    """`one` or `many` with the count filled in: counted(3, "one risk", "{n} risks"); for
    nothing, `none`, else `many` with "no" ("no risks", not "0 risks")."""
    if count == 0:
        return none if none is not None else many.format(n="no")
    return (one if count == 1 else many).format(n=count)


def trend_mark(now: float, before: float | None) -> str:
    """▲ / ▼ with the difference, or — when unchanged or unknown."""
    if before is None or now == before:
        return "—"
    difference = now - before
    text = f"{abs(difference):g}"
    return f"▲ {text}" if difference > 0 else f"▼ {text}"


def rows(items: Sequence, *columns) -> tuple[tuple[str, ...], ...]:
    """Table rows from items, each column a function of the item."""
    return tuple(tuple(str(column(item)) for column in columns) for item in items)


def _default_sla() -> SlaPolicy:
    from alliance_desk.core.business_days import SlaPolicy

    return SlaPolicy()


@dataclass(frozen=True)
class PackInputs:
    """Everything an internal pack may draw on, as plain values from the store (a partner's
    pack is built from `core.audience.PartnerFacts` instead)."""

    audience: Audience
    today: date
    alliances: tuple = ()  # core.portfolio.Alliance
    names: dict = field(default_factory=dict)  # person id -> name
    meeting: Meeting | None = None
    previous_meeting: Meeting | None = None
    decisions: tuple = ()
    escalations: tuple = ()
    risks: tuple = ()
    obligations: tuple = ()
    checks: tuple = ()
    stakeholders: tuple = ()
    interactions: tuple = ()
    plans: tuple = ()
    insights: tuple = ()
    habit_lines: tuple = ()  # (habit name, check-ins, weeks on target, strength)
    milestones: tuple = ()  # core.value.Milestone
    kpis: tuple = ()  # core.value.Kpi
    baselines: tuple = ()  # core.baseline.Baseline
    sla: SlaPolicy = field(default_factory=lambda: _default_sla())
    period: tuple[date, date] | None = None

"""The alliance portfolio: what an alliance is, how it is tiered, and how its fields are checked."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, Words, label_members
from alliance_desk.core.validation import (
    FieldCollector,
    clean_text,
    parse_amount,
    parse_choice,
    parse_date,
    parse_rating,
    parse_yes_no,
)


class AllianceType(Labelled, enum.StrEnum):
    CO_DEVELOPMENT = "co-development"
    LICENSING = "licensing"
    RESEARCH = "research collaboration"
    TECHNOLOGY = "technology"
    CHANNEL = "channel / commercial"
    JOINT_VENTURE = "joint venture"


label_members(
    AllianceType,
    {
        AllianceType.CO_DEVELOPMENT: QT_TRANSLATE_NOOP("AllianceType", "Co-development"),
        AllianceType.LICENSING: QT_TRANSLATE_NOOP("AllianceType", "Licensing"),
        AllianceType.RESEARCH: QT_TRANSLATE_NOOP("AllianceType", "Research collaboration"),
        AllianceType.TECHNOLOGY: QT_TRANSLATE_NOOP("AllianceType", "Technology"),
        AllianceType.CHANNEL: QT_TRANSLATE_NOOP("AllianceType", "Channel / commercial"),
        AllianceType.JOINT_VENTURE: QT_TRANSLATE_NOOP("AllianceType", "Joint venture"),
    },
)


class Phase(Labelled, enum.StrEnum):
    """The life cycle, in order, from the first conversations to the exit."""

    EXPLORATION = "exploration"
    START_UP = "start-up"
    EXECUTION = "execution"
    EXPANSION = "expansion / renewal"
    EXIT = "exit"


label_members(
    Phase,
    {
        Phase.EXPLORATION: QT_TRANSLATE_NOOP("Phase", "Exploration"),
        Phase.START_UP: QT_TRANSLATE_NOOP("Phase", "Start-up"),
        Phase.EXECUTION: QT_TRANSLATE_NOOP("Phase", "Execution"),
        Phase.EXPANSION: QT_TRANSLATE_NOOP("Phase", "Expansion / renewal"),
        Phase.EXIT: QT_TRANSLATE_NOOP("Phase", "Exit"),
    },
)


TIER_LABELS = Words(
    "Tier",
    {
        1: QT_TRANSLATE_NOOP("Tier", "Tier 1 — strategic, high touch"),
        2: QT_TRANSLATE_NOOP("Tier", "Tier 2 — moderate engagement"),
        3: QT_TRANSLATE_NOOP("Tier", "Tier 3 — light touch"),
    },
)


def suggest_tier(criticality: int, complexity: int) -> int:
    """Suggest a management tier (1 = most attention) from criticality and complexity (1–5 each).

    Tiering follows how essential the partnership is to strategy and how many parts of both
    organisations it involves. The product of the two ratings places an alliance:
    15 or more (e.g. critical *and* fairly complex) is tier 1; 6 or more is tier 2; below that
    tier 3 — except that anything rated 4 or 5 on criticality is never left at tier 3, because a
    critical deal that looks simple still needs someone watching it.
    """
    score = criticality * complexity
    if score >= 15:
        return 1
    if score >= 6 or criticality >= 4:
        return 2
    return 3


@dataclass(frozen=True, slots=True)
class AllianceDraft:
    """Checked values for creating or changing an alliance (everything but identity and times)."""

    name: str
    partner: str
    alliance_type: AllianceType = AllianceType.CO_DEVELOPMENT
    phase: Phase = Phase.EXPLORATION
    criticality: int = 3
    complexity: int = 3
    tier_override: int | None = None
    north_star: str = ""
    strategic_value: int = 3
    financial_value: float = 0.0
    start_date: date | None = None
    internal_only: bool = False

    @property
    def suggested_tier(self) -> int:
        return suggest_tier(self.criticality, self.complexity)

    @property
    def value_shown(self) -> str:
        """The financial value in millions as lists and packs show it: "—" when none is
        recorded (0, as its field leaves it empty), where they printed "0.0"."""
        return f"{self.financial_value:,.1f}" if self.financial_value else "—"

    @property
    def tier(self) -> int:
        return self.tier_override or self.suggested_tier


@dataclass(frozen=True, slots=True)
class Alliance(AllianceDraft):
    """An alliance as stored."""

    id: int = 0
    created_at: datetime | None = field(default=None, compare=False)
    updated_at: datetime | None = field(default=None, compare=False)
    version: int = field(default=1, compare=False)  # bumped by every saved edit

    def draft(self) -> AllianceDraft:
        return AllianceDraft(**{name: getattr(self, name) for name in DRAFT_FIELDS})


DRAFT_FIELDS = tuple(AllianceDraft.__dataclass_fields__)


def _tier(value) -> int | None:
    if value in (None, "", 0, "0", "auto", "suggested"):
        return None
    return parse_rating(value, low=1, high=3)


def validate_alliance(raw: Mapping[str, object]) -> AllianceDraft:
    """Check a form's or a file's values for an alliance; raise `ValidationError` listing every
    field that is wrong, so the user can fix them all in one pass."""
    fields = FieldCollector()
    draft = AllianceDraft(
        name=fields.take("name", clean_text, raw.get("name"), required=True, max_length=200),
        partner=fields.take(
            "partner", clean_text, raw.get("partner"), required=True, max_length=200
        ),
        alliance_type=fields.take(
            "alliance_type",
            parse_choice,
            AllianceType,
            raw.get("alliance_type", AllianceType.CO_DEVELOPMENT),
        ),
        phase=fields.take("phase", parse_choice, Phase, raw.get("phase", Phase.EXPLORATION)),
        criticality=fields.take("criticality", parse_rating, raw.get("criticality", 3)),
        complexity=fields.take("complexity", parse_rating, raw.get("complexity", 3)),
        tier_override=fields.take("tier_override", _tier, raw.get("tier_override")),
        north_star=fields.take("north_star", clean_text, raw.get("north_star"), max_length=2000),
        strategic_value=fields.take("strategic_value", parse_rating, raw.get("strategic_value", 3)),
        financial_value=fields.take("financial_value", parse_amount, raw.get("financial_value")),
        start_date=fields.take("start_date", parse_date, raw.get("start_date")),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
    )
    fields.raise_if_any()
    return draft

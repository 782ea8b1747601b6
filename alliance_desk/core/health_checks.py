"""The two-sided health check: its dimensions, both companies' scores, and their trend.

Health checks: on each dimension both companies score the alliance 1–5. The *perception gap*
is our score minus theirs (positive: we think it is going better than they do). The overall
score of a check is the mean of all its scores, both sides together; its trend is that figure
over successive checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.core.validation import FieldCollector, clean_text, parse_date, parse_rating


@dataclass(frozen=True, slots=True)
class Dimension:
    """A dimension of the two-sided health check; its name and question in the user's
    language (marked under HealthDimension where they are written)."""

    key: str
    name: str
    asks: str

    @property
    def label(self) -> str:
        return translate("HealthDimension", self.name)

    @property
    def question(self) -> str:
        return translate("HealthDimension", self.asks)


DIMENSIONS = (
    Dimension(
        "trust",
        QT_TRANSLATE_NOOP("HealthDimension", "Trust"),
        QT_TRANSLATE_NOOP("HealthDimension", "Do people keep their word and assume good intent?"),
    ),
    Dimension(
        "communication",
        QT_TRANSLATE_NOOP("HealthDimension", "Communication"),
        QT_TRANSLATE_NOOP("HealthDimension", "Does information reach the right people in time?"),
    ),
    Dimension(
        "decisions",
        QT_TRANSLATE_NOOP("HealthDimension", "Decision making"),
        QT_TRANSLATE_NOOP("HealthDimension", "Are decisions taken at the right level, on time?"),
    ),
    Dimension(
        "value",
        QT_TRANSLATE_NOOP("HealthDimension", "Value delivery"),
        QT_TRANSLATE_NOOP("HealthDimension", "Is the alliance producing what it promised?"),
    ),
    Dimension(
        "governance",
        QT_TRANSLATE_NOOP("HealthDimension", "Governance"),
        QT_TRANSLATE_NOOP(
            "HealthDimension", "Do the committees work: agendas, follow-up, attendance?"
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class HealthCheck:
    id: int
    alliance_id: int
    checked_on: date
    scores: dict  # dimension key -> (ours, theirs)
    note: str = ""

    def gap(self, key: str) -> int:
        ours, theirs = self.scores[key]
        return ours - theirs

    @property
    def overall(self) -> float:
        values = [score for pair in self.scores.values() for score in pair]
        return round(sum(values) / len(values), 2) if values else 0.0


def validate_health_check(raw: Mapping[str, object]) -> tuple[date, dict, str]:
    """A date and, for each dimension, both sides' scores 1–5 (keys `trust.ours` …)."""
    fields = FieldCollector()
    checked_on = fields.take("checked_on", parse_date, raw.get("checked_on"), required=True)
    scores = {}
    for dimension in DIMENSIONS:
        ours = fields.take(f"{dimension.key}.ours", parse_rating, raw.get(f"{dimension.key}.ours"))
        theirs = fields.take(
            f"{dimension.key}.theirs", parse_rating, raw.get(f"{dimension.key}.theirs")
        )
        scores[dimension.key] = (ours, theirs)
    note = fields.take("note", clean_text, raw.get("note")) or ""
    fields.raise_if_any()
    return checked_on, scores, note


def trend(checks: Sequence[HealthCheck]) -> list[tuple[date, float]]:
    return [(c.checked_on, c.overall) for c in sorted(checks, key=lambda c: c.checked_on)]

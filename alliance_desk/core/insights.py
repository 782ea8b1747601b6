"""Partner insights: what we learn about the partner — their priorities, people, ways of
working — with where it came from and when."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from alliance_desk.core.validation import FieldCollector, clean_text, parse_date, parse_yes_no


@dataclass(frozen=True, slots=True)
class InsightDraft:
    title: str
    noted_on: date
    source: str = ""
    detail: str = ""
    internal_only: bool = False


def validate_insight(raw: Mapping[str, object]) -> InsightDraft:
    fields = FieldCollector()
    draft = InsightDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=300),
        noted_on=fields.take("noted_on", parse_date, raw.get("noted_on"), required=True),
        source=fields.take("source", clean_text, raw.get("source"), max_length=300) or "",
        detail=fields.take("detail", clean_text, raw.get("detail")) or "",
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
    )
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Insight:
    id: int
    alliance_id: int
    draft: InsightDraft
    version: int = field(default=1, compare=False)

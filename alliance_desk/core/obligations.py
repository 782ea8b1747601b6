"""Obligations: what the agreement binds either side to (us, the partner, or both), by when,
and whether it is met. An obligation enters its *notice window* `notice_days` before it is
due and stays there until it is done or waived."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members
from alliance_desk.core.validation import (
    FieldCollector,
    clean_text,
    parse_choice,
    parse_date,
    parse_rating,
    parse_yes_no,
)


class Party(Labelled, enum.StrEnum):
    OURS = "ours"
    THEIRS = "theirs"
    JOINT = "joint"


label_members(
    Party,
    {
        Party.OURS: QT_TRANSLATE_NOOP("Party", "Ours"),
        Party.THEIRS: QT_TRANSLATE_NOOP("Party", "Theirs"),
        Party.JOINT: QT_TRANSLATE_NOOP("Party", "Joint"),
    },
)


class ObligationStatus(Labelled, enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    WAIVED = "waived"


label_members(
    ObligationStatus,
    {
        ObligationStatus.OPEN: QT_TRANSLATE_NOOP("ObligationStatus", "Open"),
        ObligationStatus.DONE: QT_TRANSLATE_NOOP("ObligationStatus", "Done"),
        ObligationStatus.WAIVED: QT_TRANSLATE_NOOP("ObligationStatus", "Waived"),
    },
)


@dataclass(frozen=True, slots=True)
class ObligationDraft:
    title: str
    party: Party
    due_date: date
    notice_days: int = 30
    status: ObligationStatus = ObligationStatus.OPEN
    internal_only: bool = False

    @property
    def notice_from(self) -> date:
        return self.due_date - timedelta(days=self.notice_days)


def validate_obligation(raw: Mapping[str, object]) -> ObligationDraft:
    fields = FieldCollector()
    draft = ObligationDraft(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=500),
        party=fields.take("party", parse_choice, Party, raw.get("party")),
        due_date=fields.take("due_date", parse_date, raw.get("due_date"), required=True),
        notice_days=fields.take(
            "notice_days", parse_rating, raw.get("notice_days", 30), low=0, high=730
        ),
        status=fields.take(
            "status", parse_choice, ObligationStatus, raw.get("status"), ObligationStatus.OPEN
        ),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
    )
    fields.raise_if_any()
    return draft


@dataclass(frozen=True, slots=True)
class Obligation:
    id: int
    alliance_id: int
    draft: ObligationDraft
    version: int = field(default=1, compare=False)


def coming_due(obligations: Iterable[Obligation], today: date) -> list[Obligation]:
    """Open obligations inside their notice window, or already overdue, soonest first."""
    due = [
        o
        for o in obligations
        if o.draft.status is ObligationStatus.OPEN and o.draft.notice_from <= today
    ]
    return sorted(due, key=lambda o: o.draft.due_date)

"""What one operation changed: the kinds of record, and which ones (after Anki's OpChanges).

Every store operation commits one transaction and reports one `Changes`; the window hands it
to each view, and a view reads again only when it shows one of those kinds — only the rows
named, where it can. `None` as the ids of a kind means "some of them, which is not known" (a
delete by condition, a cascade): a view then reads that kind again whole.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class Kind(enum.StrEnum):
    """A kind of record, as a view shows it (a record's parts count as the record)."""

    ALLIANCE = "alliance"  # with its North Star history
    PERSON = "person"  # a person's own details, shown on every alliance they sit on
    STAKEHOLDER = "stakeholder"  # a person's place on an alliance: roles, stance, plan
    RATING = "rating"  # a dated power/interest rating; ids are the stakeholders'
    COUNTERPART = "counterpart"  # a pairing; ids are the stakeholders' on both sides
    INTERACTION = "interaction"  # with who took part
    TEMPLATE = "template"  # an onboarding checklist of the user's own, with its items
    PLAN = "plan"  # an onboarding plan, with its items
    ESCALATION = "escalation"  # with its history
    RISK = "risk"  # with its rating history
    DECISION = "decision"
    OBLIGATION = "obligation"
    INSIGHT = "insight"
    COMMITTEE = "committee"  # with its members
    MEETING = "meeting"  # with its agenda, attendees and action items
    HEALTH_CHECK = "health check"  # with its scores
    HABIT = "habit"  # targets, check-ins, weekly reviews, credits taken away
    PACK_EXPORT = "pack export"
    POLICY = "policy"  # the portfolio's business rules (core/policy.py)
    SNOOZE = "snooze"  # a task of Today put off to a day
    MILESTONE = "milestone"
    KPI = "kpi"  # with its dated actuals
    BASELINE = "baseline"  # a practice self-assessment, with its answers


# Work that credits a habit by itself (store/habits.py): a view of habits shows these too.
CREDITING = frozenset(
    {
        Kind.INTERACTION,
        Kind.ESCALATION,
        Kind.RISK,
        Kind.DECISION,
        Kind.INSIGHT,
        Kind.HEALTH_CHECK,
        Kind.PACK_EXPORT,
    }
)


@dataclass(frozen=True, eq=True)
class Changes:
    """Kinds changed, each with the ids of the records changed (None: not known which)."""

    ids: Mapping[Kind, frozenset[int] | None] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: Kind, ids: Iterable[int] | None = None) -> Changes:
        return cls({kind: None if ids is None else frozenset(ids)})

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed (another portfolio opened, a refresh after teammates'
        edits): every view reads again."""
        return cls(dict.fromkeys(Kind))

    def __bool__(self) -> bool:
        return bool(self.ids)

    def __or__(self, other: Changes) -> Changes:
        merged: dict[Kind, frozenset[int] | None] = dict(self.ids)
        for kind, ids in other.ids.items():
            if kind not in merged:
                merged[kind] = ids
            else:
                known = merged[kind]
                merged[kind] = None if known is None or ids is None else known | ids
        return Changes(merged)

    @property
    def kinds(self) -> frozenset[Kind]:
        return frozenset(self.ids)

    def touches(self, kinds: Iterable[Kind]) -> bool:
        """Whether any of `kinds` changed."""
        return not self.kinds.isdisjoint(kinds)

    def only(self, kinds: Iterable[Kind]) -> bool:
        """Whether everything that changed is of `kinds` (so rows of them can be re-read alone)."""
        return self.kinds <= frozenset(kinds)

    def ids_of(self, kind: Kind) -> frozenset[int] | None:
        """The ids of `kind` that changed: empty if none did, None if not known which."""
        return self.ids.get(kind, frozenset())

    def __repr__(self) -> str:
        parts = [
            f"{kind.value}: {'?' if ids is None else sorted(ids)}"
            for kind, ids in sorted(self.ids.items())
        ]
        return f"Changes({'; '.join(parts)})"

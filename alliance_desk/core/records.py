"""Which record a line of the app stands for, so any list (Today, the command palette, a
search) can open it the same way, and finding records by name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Words

# What a record is, in the user's words, by the `what` of its Opens.
KINDS = Words(
    "RecordKind",
    {
        "alliance": QT_TRANSLATE_NOOP("RecordKind", "Alliance"),
        "person": QT_TRANSLATE_NOOP("RecordKind", "Person"),
        "interaction": QT_TRANSLATE_NOOP("RecordKind", "Interaction"),
        "plan": QT_TRANSLATE_NOOP("RecordKind", "Onboarding"),
        "escalation": QT_TRANSLATE_NOOP("RecordKind", "Escalation"),
        "risks": QT_TRANSLATE_NOOP("RecordKind", "Risk"),
        "decisions": QT_TRANSLATE_NOOP("RecordKind", "Decision"),
        "obligations": QT_TRANSLATE_NOOP("RecordKind", "Obligation"),
        "insights": QT_TRANSLATE_NOOP("RecordKind", "Partner insight"),
        "meeting": QT_TRANSLATE_NOOP("RecordKind", "Meeting"),
        "milestones": QT_TRANSLATE_NOOP("RecordKind", "Milestone"),
        "kpis": QT_TRANSLATE_NOOP("RecordKind", "KPI"),
    },
)


@dataclass(frozen=True, slots=True)
class Opens:
    """The record a line opens: what it is, on which alliance, and its id."""

    what: str  # alliance, person, plan, escalation, risks, decisions, obligations, meeting…
    alliance_id: int | None = None
    record_id: int | None = None


@dataclass(frozen=True, slots=True)
class Named:
    """A record as the palette lists it: its name and where it belongs (an alliance, a
    committee), and what it opens."""

    name: str
    detail: str
    opens: Opens

    @property
    def kind(self) -> str:
        return KINDS.get(self.opens.what, self.opens.what)


def match(query: str, name: str, detail: str = "") -> int | None:
    """How well `query` names a record, lower is better; None when it does not.

    Every word of the query must appear in the name, its detail or the initials of the
    name's words ("jsc" finds a Joint Steering Committee; with the kind in the detail,
    "halo risk" finds the risks of the HALO-7 alliance). Rank: the whole name, then the
    name's start, then every word starting a word of the name, then every word inside the
    name (or its initials), then with the detail.
    """
    words = query.casefold().split()
    if not words:
        return None
    name_folded, detail_folded = name.casefold(), detail.casefold()
    name_words = _words(name_folded)
    initials = "".join(w[0] for w in name_words)  # "jsc" for Joint Steering Committee
    both = f"{name_folded} {detail_folded} {initials}"
    if any(word not in both for word in words):
        return None
    whole = " ".join(words)
    if name_folded == whole:
        return 0
    if name_folded.startswith(whole):
        return 1
    if all(any(w.startswith(word) for w in name_words) for word in words):
        return 2
    if all(word in name_folded or (len(word) > 1 and word in initials) for word in words):
        return 3
    return 4


def _words(text: str) -> list[str]:
    out, current = [], []
    for char in text:
        if char.isalnum():
            current.append(char)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


def find(query: str, records: Iterable[Named], limit: int = 50) -> list[Named]:
    """The records `query` names, best first (then by name), at most `limit`."""
    scored = []
    for record in records:
        score = match(query, record.name, f"{record.detail} {record.kind}")
        if score is not None:
            scored.append((score, len(record.name), record.name.casefold(), record))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored[:limit]]


# Opens.what of every kind a search finds, in the user's words, in the order lists show them.
SEARCHED = (
    "alliance",
    "person",
    "interaction",
    "escalation",
    "risks",
    "decisions",
    "obligations",
    "meeting",
    "plan",
    "insights",
    "milestones",
    "kpis",
)

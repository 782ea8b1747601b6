"""What the Stakeholders section's tables show: a person's line (worked out once per load)
and the contact log's, with their columns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from alliance_desk.core.dates import shown
from alliance_desk.core.stakeholders import SENTIMENT_LABELS, Interaction, Stakeholder
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import OVERDUE, SIDE_COLOURS


@dataclass(frozen=True, slots=True)
class PersonLine:
    """A stakeholder with what the table shows about them, computed once per load."""

    stakeholder: Stakeholder
    counterparts: str
    due: date | None
    health: int
    overdue: bool
    onboarding: str = "—"


def _due_text(line: PersonLine) -> str:
    if line.due is None:
        return "—"
    return shown(line.due) + ("  overdue" if line.overdue else "")


PEOPLE_COLUMNS: tuple[Column[PersonLine], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda p: p.stakeholder.name),
    Column(
        QT_TRANSLATE_NOOP("Column", "Side"),
        lambda p: p.stakeholder.side.label,
        colour=lambda p: SIDE_COLOURS[p.stakeholder.side.value],
        priority=1,
    ),
    Column(QT_TRANSLATE_NOOP("Column", "Title"), lambda p: p.stakeholder.person.title, priority=2),
    Column(QT_TRANSLATE_NOOP("Column", "Roles"), lambda p: p.stakeholder.details.roles, priority=1),
    Column(
        QT_TRANSLATE_NOOP("Column", "Power"),
        lambda p: str(p.stakeholder.details.power),
        align_right=True,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Interest"),
        lambda p: str(p.stakeholder.details.interest),
        align_right=True,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Stance"),
        lambda p: p.stakeholder.details.stance.label,
        priority=1,
    ),
    Column(QT_TRANSLATE_NOOP("Column", "Counterparts"), lambda p: p.counterparts, priority=3),
    Column(
        QT_TRANSLATE_NOOP("Column", "Last contact"),
        lambda p: shown(p.stakeholder.last_contact),
        key=lambda p: p.stakeholder.last_contact or date.min,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Next due"),
        _due_text,
        key=lambda p: p.due.toordinal() if p.due else 10**7,
        colour=lambda p: OVERDUE if p.overdue else None,
        priority=1,
    ),
    Column(QT_TRANSLATE_NOOP("Column", "Onboarding"), lambda p: p.onboarding, priority=3),
    Column(
        QT_TRANSLATE_NOOP("Column", "Health"),
        lambda p: str(p.health),
        key=lambda p: p.health,
        align_right=True,
        tooltip=lambda p: translate(
            "Column", "0–100 from contact against plan (90 days) and recent sentiment"
        ),
        priority=2,
    ),
)

INTERACTION_COLUMNS: tuple[Column[Interaction], ...] = (
    Column(
        QT_TRANSLATE_NOOP("Column", "Date"),
        lambda i: shown(i.occurred_on),
        key=lambda i: (i.occurred_on, i.id),
        priority=1,
    ),
    Column(QT_TRANSLATE_NOOP("Column", "Kind"), lambda i: i.kind.label, priority=1),
    Column(QT_TRANSLATE_NOOP("Column", "With"), lambda i: ", ".join(i.people_names), priority=1),
    Column(
        QT_TRANSLATE_NOOP("Column", "Sentiment"),
        lambda i: SENTIMENT_LABELS[i.sentiment],
        key=lambda i: i.sentiment,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Note"),
        lambda i: i.note.replace("\n", " "),
        tooltip=lambda i: i.note or None,
        priority=1,
    ),
)


def person_lines(
    people: list[Stakeholder], today: date, onboarding_status: dict | None = None
) -> list[PersonLine]:
    names = {s.id: s.name for s in people}
    onboarding_status = onboarding_status or {}
    lines = []
    for s in people:
        due = s.next_due(today)
        lines.append(
            PersonLine(
                stakeholder=s,
                counterparts=", ".join(names[i] for i in s.counterpart_ids if i in names),
                due=due,
                health=s.health(today),
                overdue=due is not None and due < today,
                onboarding=_onboarding_text(onboarding_status.get(s.id)),
            )
        )
    return lines


def renamed(interaction: Interaction, names: dict[int, str]) -> Interaction:
    """An interaction with the names of those who took part as they are now."""
    pairs = zip(interaction.person_ids, interaction.people_names, strict=True)
    return replace(interaction, people_names=tuple(names.get(pid, n) for pid, n in pairs))


def _onboarding_text(status) -> str:
    if status is None:
        return "—"
    if status.complete:
        return "Complete"
    if not status.overdue:
        return str(status)
    return translate("Column", "{status}, {count} overdue").format(
        status=status, count=status.overdue
    )

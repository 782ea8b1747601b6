"""Coverage gaps: what is missing in an alliance's stakeholder coverage, worst first."""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from alliance_desk.core.cadence import Cadence
from alliance_desk.core.dates import shown
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, by_count, label_members, translate
from alliance_desk.core.onboarding import is_committee_role
from alliance_desk.core.people import Side
from alliance_desk.core.stakeholders import HIGH, Stakeholder


class GapKind(Labelled, enum.StrEnum):
    NO_COUNTERPART = "No counterpart on our side"
    CONTACT_OVERDUE = "Contact overdue"
    NO_PLAN = "High power, no communication plan"
    NOT_ONBOARDED = "Committee member never onboarded"


label_members(
    GapKind,
    {
        GapKind.NO_COUNTERPART: QT_TRANSLATE_NOOP("GapKind", "No counterpart on our side"),
        GapKind.CONTACT_OVERDUE: QT_TRANSLATE_NOOP("GapKind", "Contact overdue"),
        GapKind.NO_PLAN: QT_TRANSLATE_NOOP("GapKind", "High power, no communication plan"),
        GapKind.NOT_ONBOARDED: QT_TRANSLATE_NOOP("GapKind", "Committee member never onboarded"),
    },
)


@dataclass(frozen=True, slots=True)
class Gap:
    kind: GapKind
    stakeholder_id: int
    name: str
    detail: str
    since: date | None = None  # when it began, where known (a contact overdue: its due day)


def coverage_gaps(
    stakeholders: Sequence[Stakeholder], today: date, onboarded: Collection[int] | None = None
) -> list[Gap]:
    """What is missing in an alliance's stakeholder coverage, worst first.

    - a partner person nobody on our side is paired with;
    - anyone whose next planned contact date has passed;
    - anyone rated high on power with no communication plan;
    - when `onboarded` (stakeholder ids with an onboarding plan) is given: anyone whose roles
      put them on a committee but who has no onboarding plan.
    """
    gaps: list[Gap] = []
    for person in stakeholders:
        if person.side is Side.PARTNER and not person.counterpart_ids:
            gaps.append(
                Gap(
                    GapKind.NO_COUNTERPART,
                    person.id,
                    person.name,
                    translate("Gaps", "Pair them with someone"),
                )
            )
        due = person.next_due(today)
        if due is not None and due < today:
            days = (today - due).days
            detail = by_count(
                days,
                translate("Gaps", "due {day} ({days} day ago)"),
                translate("Gaps", "due {day} ({days} days ago)"),
            ).format(day=shown(due), days=days)
            gaps.append(Gap(GapKind.CONTACT_OVERDUE, person.id, person.name, detail, due))
        if person.details.power >= HIGH and person.details.cadence is Cadence.NONE:
            cadence = translate("Gaps", "Set a cadence")
            gaps.append(Gap(GapKind.NO_PLAN, person.id, person.name, cadence))
        if (
            onboarded is not None
            and person.id not in onboarded
            and is_committee_role(person.details.roles)
        ):
            detail = translate("Gaps", "{roles}: start an onboarding plan").format(
                roles=person.details.roles
            )
            gaps.append(Gap(GapKind.NOT_ONBOARDED, person.id, person.name, detail))
    order = {kind: index for index, kind in enumerate(GapKind)}
    return sorted(gaps, key=lambda gap: (order[gap.kind], gap.name.casefold()))

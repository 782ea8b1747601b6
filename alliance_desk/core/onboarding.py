"""Onboarding checklists: templates of items due relative to someone's start date, and the plans
made from them when a person joins a committee or team.

Due dates: an item's due date is the start date plus its offset in days (negative means before
day one). With "keep off weekends" on, an item that lands on a Saturday or Sunday moves to a
working day *on the same side of the start date*: items before day one move earlier to the
Friday (so preparation is never pushed onto the first day), items from day one on move later
to the Monday.

Progress is done ÷ applicable, where applicable means every item not marked "not applicable",
except optional items nobody has done: an optional item helps when done and never holds a plan
back when skipped.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members, translate
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    clean_text,
    parse_date,
    parse_optional_id,
)


class OwnerRole(Labelled, enum.StrEnum):
    ME = "me"
    NEW_MEMBER = "new member"
    COUNTERPART = "my counterpart"
    OTHER = "other"


label_members(
    OwnerRole,
    {
        OwnerRole.ME: QT_TRANSLATE_NOOP("OwnerRole", "Me"),
        OwnerRole.NEW_MEMBER: QT_TRANSLATE_NOOP("OwnerRole", "New member"),
        OwnerRole.COUNTERPART: QT_TRANSLATE_NOOP("OwnerRole", "My counterpart"),
        OwnerRole.OTHER: QT_TRANSLATE_NOOP("OwnerRole", "Other"),
    },
)


class ItemStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    NOT_APPLICABLE = "not applicable"


class Group(Labelled, enum.StrEnum):
    BEFORE = "Before day one"
    FIRST_WEEK = "First week"
    FIRST_MONTH = "First month"
    LATER = "Later"


label_members(
    Group,
    {
        Group.BEFORE: QT_TRANSLATE_NOOP("Group", "Before day one"),
        Group.FIRST_WEEK: QT_TRANSLATE_NOOP("Group", "First week"),
        Group.FIRST_MONTH: QT_TRANSLATE_NOOP("Group", "First month"),
        Group.LATER: QT_TRANSLATE_NOOP("Group", "Later"),
    },
)


@dataclass(frozen=True, slots=True)
class TemplateItem:
    title: str
    offset_days: int
    owner: OwnerRole = OwnerRole.ME
    detail: str = ""
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    purpose: str
    items: tuple[TemplateItem, ...]
    id: int | None = None  # None for a built-in template read from resources/
    source: str = ""  # the file a built-in template came from
    version: int | None = field(default=None, compare=False)  # of one of the user's own


MAX_OFFSET = 3650


def parse_offset(value: object) -> int:
    """Whole days from the start date; negative is before day one."""
    if isinstance(value, bool):
        raise FieldError(translate("Onboarding", "Enter a whole number of days, e.g. -7 or 30."))
    if isinstance(value, int):
        days = value
    else:
        text = ("" if value is None else str(value)).strip().replace("−", "-")
        try:
            days = int(text)
        except ValueError:
            raise FieldError(
                translate(
                    "Onboarding", "“{text}” is not a whole number of days (e.g. -7 or 30)."
                ).format(text=text[:20])
            ) from None
    if abs(days) > MAX_OFFSET:
        raise FieldError(
            translate("Onboarding", "Keep offsets within ±{days} days.").format(days=MAX_OFFSET)
        )
    return days


def _owner(value: object) -> OwnerRole:
    if isinstance(value, OwnerRole):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    for role in OwnerRole:
        if text in (role.value, role.label.lower(), role.name.lower()):
            return role
    if text in ("counterpart",):
        return OwnerRole.COUNTERPART
    if not text:
        return OwnerRole.ME
    raise FieldError(translate("Onboarding", "Choose me, new member, my counterpart or other."))


def validate_template(raw: Mapping[str, object]) -> Template:
    """Check a template from a form or a file. Item problems are keyed `item N.field`."""
    fields = FieldCollector()
    name = fields.take("name", clean_text, raw.get("name"), required=True, max_length=200)
    purpose = fields.take("purpose", clean_text, raw.get("purpose"), max_length=2000)
    items_raw = raw.get("items")
    items: list[TemplateItem] = []
    if not isinstance(items_raw, Sequence) or isinstance(items_raw, str) or not items_raw:
        fields.errors["items"] = translate("Onboarding", "A template needs at least one item.")
    else:
        for number, item in enumerate(items_raw, start=1):
            if not isinstance(item, Mapping):
                fields.errors[f"item {number}"] = translate(
                    "Onboarding", "Each item needs a title and an offset."
                )
                continue
            title = fields.take(
                f"item {number}.title", clean_text, item.get("title"), required=True, max_length=300
            )
            offset = fields.take(
                f"item {number}.offset_days", parse_offset, item.get("offset_days")
            )
            owner = fields.take(f"item {number}.owner", _owner, item.get("owner"))
            detail = fields.take(f"item {number}.detail", clean_text, item.get("detail"))
            if title is not None and offset is not None and owner is not None:
                items.append(
                    TemplateItem(title, offset, owner, detail or "", bool(item.get("optional")))
                )
    fields.raise_if_any()
    return Template(name=name, purpose=purpose or "", items=tuple(items))


def due_date(start: date, offset_days: int, keep_off_weekends: bool = True) -> date:
    """The day an item is due (see the module docstring for the weekend rule)."""
    due = start + relativedelta(days=offset_days)
    if keep_off_weekends and due.weekday() >= 5:
        if offset_days < 0:
            due -= timedelta(days=due.weekday() - 4)  # back to Friday
        else:
            due += timedelta(days=7 - due.weekday())  # on to Monday
    return due


@dataclass(frozen=True, slots=True)
class PlanItem:
    id: int
    title: str
    offset_days: int
    due: date
    owner: OwnerRole = OwnerRole.ME
    detail: str = ""
    optional: bool = False
    status: ItemStatus = ItemStatus.OPEN
    done_on: date | None = None
    adhoc: bool = False
    version: int = field(default=1, compare=False)  # bumped by every saved change

    def overdue(self, today: date) -> bool:
        return self.status is ItemStatus.OPEN and self.due < today


def group_of(item: PlanItem, start: date) -> Group:
    """Where an item belongs on the plan, by its due date against the start date."""
    days = (item.due - start).days
    if days < 0:
        return Group.BEFORE
    if days < 7:
        return Group.FIRST_WEEK
    if days < 31:
        return Group.FIRST_MONTH
    return Group.LATER


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    applicable: int
    overdue: int = 0

    @property
    def ratio(self) -> float:
        return self.done / self.applicable if self.applicable else 1.0

    @property
    def complete(self) -> bool:
        return self.done >= self.applicable

    def __str__(self) -> str:
        return f"{self.done}/{self.applicable}"


def progress(items: Sequence[PlanItem], today: date | None = None) -> Progress:
    """Done ÷ applicable (see the module docstring), and how many open items are overdue."""
    done = sum(1 for i in items if i.status is ItemStatus.DONE)
    applicable = sum(
        1
        for i in items
        if i.status is not ItemStatus.NOT_APPLICABLE
        and not (i.optional and i.status is ItemStatus.OPEN)
    )
    overdue = sum(1 for i in items if today is not None and i.overdue(today))
    return Progress(done, applicable, overdue)


def redate(items: Sequence[PlanItem], start: date, keep_off_weekends: bool) -> list[PlanItem]:
    """New due dates from a new start date, for open items only: what is done or set aside
    keeps the date it had."""
    return [
        replace(item, due=due_date(start, item.offset_days, keep_off_weekends))
        if item.status is ItemStatus.OPEN
        else item
        for item in items
    ]


def next_due(items: Sequence[PlanItem]) -> PlanItem | None:
    open_items = [i for i in items if i.status is ItemStatus.OPEN]
    return min(open_items, key=lambda i: (i.due, i.id), default=None)


@dataclass(frozen=True, slots=True)
class DueItem:
    """An open item due soon, with whose plan it is (what Today lists)."""

    plan_id: int
    alliance_id: int
    alliance_name: str
    person_name: str
    item: PlanItem


@dataclass(frozen=True, slots=True)
class PlanStart:
    """What is needed to start onboarding someone."""

    alliance_id: int
    stakeholder_id: int
    role: str
    start_date: date
    keep_off_weekends: bool = True


def validate_plan_start(raw: Mapping[str, object]) -> PlanStart:
    fields = FieldCollector()
    alliance_id = fields.take("alliance_id", parse_optional_id, raw.get("alliance_id"))
    stakeholder_id = fields.take("stakeholder_id", parse_optional_id, raw.get("stakeholder_id"))
    if alliance_id is None:
        fields.errors["alliance_id"] = translate(
            "Onboarding", "Choose the alliance they are joining."
        )
    if stakeholder_id is None:
        fields.errors["stakeholder_id"] = translate("Onboarding", "Choose who is joining.")
    role = fields.take("role", clean_text, raw.get("role"), required=True, max_length=200)
    start = fields.take("start_date", parse_date, raw.get("start_date"), required=True)
    fields.raise_if_any()
    assert alliance_id is not None and stakeholder_id is not None  # raise_if_any saw to it
    return PlanStart(
        alliance_id, stakeholder_id, role, start, bool(raw.get("keep_off_weekends", True))
    )


@dataclass(frozen=True, slots=True)
class Plan:
    id: int
    alliance_id: int
    alliance_name: str
    stakeholder_id: int
    person_name: str
    role: str
    template_name: str
    start_date: date
    keep_off_weekends: bool
    note: str
    items: tuple[PlanItem, ...]
    version: int = field(default=1, compare=False)  # of the start date and note

    def progress(self, today: date | None = None) -> Progress:
        return progress(self.items, today)


COMMITTEE_WORDS = ("committee", "jsc", "jdc", "jcc", "steering", "board", "governance")


def is_committee_role(roles: str) -> bool:
    """Whether someone's roles put them on a governance body (JSC, JDC, steering committee…)."""
    text = roles.casefold()
    return any(word in text for word in COMMITTEE_WORDS)


# Which checklist suits a role: words of the role, and words of the checklist's name.
CHECKLIST_FOR_ROLE = (
    (COMMITTEE_WORDS, ("committee", "governance")),
    (("alliance manager", "alliance director", "alliance lead", "handover"), ("handover",)),
    (("kick-off", "kickoff", "launch"), ("kick-off", "kickoff")),
    (("project", "team", "working group", "workstream", "member"), ("project", "team")),
)


def checklist_for(role: str, templates: Sequence[Template]) -> int | None:
    """The index of the checklist that suits `role` — a JSC member gets the governance
    committee checklist, never the alliance kick-off — preferring one of the user's own over
    a built-in one of the same kind; None when nothing suits."""
    text = role.casefold()
    for role_words, name_words in CHECKLIST_FOR_ROLE:
        if any(word in text for word in role_words):
            found = _suiting(templates, name_words)
            if found is not None:
                return found
    return None


def joiner_checklist(role: str, templates: Sequence[Template]) -> int | None:
    """The checklist a plan starts from: the one that suits `role`, else (no role yet, or one
    that names nothing we know) the one for someone joining a team — not the first in the
    list, the alliance kick-off, which is for a new alliance rather than a person."""
    found = checklist_for(role, templates)
    return found if found is not None else _suiting(templates, CHECKLIST_FOR_ROLE[-1][1])


def _suiting(templates: Sequence[Template], name_words: Sequence[str]) -> int | None:
    suits = [
        index
        for index, template in enumerate(templates)
        if any(word in template.name.casefold() for word in name_words)
    ]
    return max(suits, key=lambda index: templates[index].id is not None) if suits else None


ONBOARDING_LEAD_DAYS = 7  # with no committee meeting ahead, a plan starts a week out


def suggested_start(today: date, next_meeting: date | None) -> date:
    """Day one of a new plan: the next meeting of the alliance's committees (joining takes
    effect there), else a week from today — never today, which would make every item before
    day one overdue the moment the plan exists."""
    if next_meeting is not None and next_meeting > today:
        return next_meeting
    return today + timedelta(days=ONBOARDING_LEAD_DAYS)

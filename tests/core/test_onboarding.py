"""Onboarding rules: due dates, weekends, grouping, progress, re-dating, template checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from alliance_desk.core.onboarding import (
    Group,
    ItemStatus,
    OwnerRole,
    PlanItem,
    due_date,
    group_of,
    is_committee_role,
    next_due,
    progress,
    redate,
    validate_plan_start,
    validate_template,
)
from alliance_desk.core.validation import ValidationError

MONDAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("offset", "keep_off", "expected"),
    [
        (0, True, date(2026, 3, 2)),  # Monday stays
        (-1, True, date(2026, 2, 27)),  # Sunday before day one -> Friday before
        (-2, True, date(2026, 2, 27)),  # Saturday before day one -> Friday
        (-3, True, date(2026, 2, 27)),  # already a Friday
        (5, True, date(2026, 3, 9)),  # Saturday after -> Monday
        (6, True, date(2026, 3, 9)),  # Sunday after -> Monday
        (5, False, date(2026, 3, 7)),  # preference off: Saturday it is
        (-10, True, date(2026, 2, 20)),  # Friday
        (30, True, date(2026, 4, 1)),  # calendar days, across a month end
    ],
)
def test_due_dates_and_the_weekend_rule(offset: int, keep_off: bool, expected: date) -> None:
    """Before day one moves earlier, from day one on moves later, never onto a weekend."""
    assert due_date(MONDAY, offset, keep_off) == expected


def item(i: int, offset: int, status=ItemStatus.OPEN, optional=False) -> PlanItem:
    return PlanItem(
        id=i,
        title=f"Item {i}",
        offset_days=offset,
        due=due_date(MONDAY, offset),
        status=status,
        optional=optional,
    )


def test_groups_follow_the_due_date() -> None:
    assert [group_of(item(i, o), MONDAY) for i, o in enumerate((-3, 0, 6, 8, 30, 45))] == [
        Group.BEFORE,
        Group.FIRST_WEEK,
        Group.FIRST_MONTH,  # Sunday moved to the next Monday: day 7
        Group.FIRST_MONTH,
        Group.FIRST_MONTH,
        Group.LATER,
    ]


def test_progress_counts_done_over_applicable() -> None:
    """Not-applicable items and skipped optional ones never hold a plan back."""
    items = [
        item(1, -5, ItemStatus.DONE),
        item(2, -1, ItemStatus.NOT_APPLICABLE),
        item(3, 3),
        item(4, 10, optional=True),
        item(5, 20, ItemStatus.DONE, optional=True),
    ]
    result = progress(items, today=date(2026, 3, 10))
    assert (result.done, result.applicable, result.overdue) == (2, 3, 1)
    assert str(result) == "2/3" and not result.complete


def test_redating_moves_open_items_only() -> None:
    done = replace(item(1, -5), status=ItemStatus.DONE, done_on=date(2026, 2, 25))
    open_item = item(2, 3)
    moved = redate([done, open_item], date(2026, 3, 16), keep_off_weekends=True)
    assert moved[0] == done
    assert moved[1].due == date(2026, 3, 19)
    assert next_due(moved) == moved[1]


def test_template_with_no_items_or_bad_offsets_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_template({"name": "Empty", "items": []})
    assert caught.value.errors == {"items": "A template needs at least one item."}
    with pytest.raises(ValidationError) as caught:
        validate_template(
            {
                "name": "Bad",
                "items": [
                    {"title": "Fine", "offset_days": "-7"},
                    {"title": "Half a day", "offset_days": "2.5"},
                    {"title": "", "offset_days": 1, "owner": "the cat"},
                ],
            }
        )
    errors = caught.value.errors
    assert set(errors) == {"item 2.offset_days", "item 3.title", "item 3.owner"}
    assert "whole number" in errors["item 2.offset_days"]


def test_template_accepts_owner_words_and_unicode_minus() -> None:
    template = validate_template(
        {"name": "T", "items": [{"title": "A", "offset_days": "−3", "owner": "counterpart"}]}
    )
    assert template.items[0].offset_days == -3
    assert template.items[0].owner is OwnerRole.COUNTERPART


def test_plan_start_needs_person_role_and_date() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_plan_start({"alliance_id": 1, "role": " ", "start_date": "someday"})
    assert set(caught.value.errors) == {"stakeholder_id", "role", "start_date"}


@pytest.mark.parametrize(
    ("roles", "committee"),
    [("JSC member", True), ("Joint development committee", True), ("CMC working group", False)],
)
def test_committee_roles(roles: str, committee: bool) -> None:
    assert is_committee_role(roles) is committee


def _named(*names: str, mine: str = "") -> list:
    from alliance_desk.core.onboarding import Template

    built_in = [Template(name, "", ()) for name in names]
    return built_in + ([Template(mine, "", (), id=9)] if mine else [])


BUILT_IN = (
    "Alliance kick-off",
    "Alliance-manager handover",
    "Governance committee member",
    "Project team member",
)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("JSC member", "Governance committee member"),
        ("jdc chair", "Governance committee member"),
        ("Steering committee", "Governance committee member"),
        ("Alliance manager (incoming)", "Alliance-manager handover"),
        ("CMC workstream member", "Project team member"),
        ("Project lead", "Project team member"),
        ("", None),
        ("Observer", None),
    ],
)
def test_the_checklist_follows_the_role(role: str, expected: str | None) -> None:
    """A JSC member never gets the alliance kick-off (the first in the list)."""
    from alliance_desk.core.onboarding import checklist_for

    templates = _named(*BUILT_IN)
    found = checklist_for(role, templates)
    assert (templates[found].name if found is not None else None) == expected


@pytest.mark.parametrize("role", ["", "Observer", "Finance lead"])
def test_a_plan_with_no_known_role_starts_from_the_joiner_s_checklist(role: str) -> None:
    """Start onboarding, nobody chosen yet (or a role that names nothing we know): the
    checklist offered is the one for someone joining a team — the first in the list, the
    alliance kick-off, is for a new alliance — and a role that suits still wins."""
    from alliance_desk.core.onboarding import joiner_checklist

    templates = _named(*BUILT_IN)
    assert templates[0].name == "Alliance kick-off"  # what was preselected
    assert templates[joiner_checklist(role, templates)].name == "Project team member"
    found = joiner_checklist("JSC member", templates)
    assert templates[found].name == "Governance committee member"


def test_ones_own_checklist_of_the_kind_comes_before_the_built_in_one() -> None:
    from alliance_desk.core.onboarding import checklist_for

    templates = _named(*BUILT_IN, mine="Our JSC committee onboarding")
    assert templates[checklist_for("JSC member", templates)].id == 9


def test_day_one_is_the_next_committee_meeting_or_a_week_out() -> None:
    from alliance_desk.core.onboarding import suggested_start

    today = date(2026, 12, 3)
    assert suggested_start(today, date(2026, 12, 16)) == date(2026, 12, 16)
    assert suggested_start(today, None) == date(2026, 12, 10)
    assert suggested_start(today, today) == date(2026, 12, 10)  # never today

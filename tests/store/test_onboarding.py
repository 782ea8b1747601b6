"""Onboarding in the store: templates, plans, ticking, re-dating, duplicates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from alliance_desk.core import wall
from alliance_desk.core.coverage import GapKind, coverage_gaps
from alliance_desk.core.onboarding import ItemStatus, OwnerRole, PlanStart, Template, TemplateItem
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_stakeholder
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import checklists, onboarding, portfolio, stakeholder_removal, stakeholders
from alliance_desk.store.onboarding import DuplicatePlanError
from tests.helpers import draft, teammate

MONDAY = date(2026, 3, 2)


@pytest.fixture
def member(store):
    alliance = portfolio.create_alliance(store, draft())
    sid = stakeholders.add_new_person(
        store,
        alliance.id,
        validate_person({"name": "Ana", "side": "partner"}),
        validate_stakeholder({"roles": "JSC member"}),
    )
    return alliance.id, sid


def builtin(name: str) -> Template:
    templates, problems = checklists.load_builtin_templates()
    assert problems == []
    return next(t for t in templates if t.name == name)


def test_the_four_builtin_templates_load() -> None:
    templates, problems = checklists.load_builtin_templates()
    assert problems == []
    assert {t.name for t in templates} == {
        "Governance committee member",
        "Project team member",
        "Alliance-manager handover",
        "Alliance kick-off",
    }
    assert all(t.items and t.purpose for t in templates)
    assert any(i.offset_days < 0 for t in templates for i in t.items)


def test_a_malformed_template_file_is_reported_and_the_rest_load(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(
        json.dumps({"name": "Good", "items": [{"title": "Hello", "offset_days": 0}]})
    )
    (tmp_path / "broken.json").write_text("{ not json")
    (tmp_path / "empty.json").write_text(json.dumps({"name": "Empty", "items": []}))
    templates, problems = checklists.load_builtin_templates(tmp_path)
    assert [t.name for t in templates] == ["Good"]
    assert len(problems) == 2
    assert any(p.startswith("broken.json: cannot be read") for p in problems)
    assert any(p == "empty.json: items: A template needs at least one item." for p in problems)


def test_start_plan_dates_items_and_refuses_a_duplicate(store, member) -> None:
    alliance_id, sid = member
    template = builtin("Governance committee member")
    start = PlanStart(alliance_id, sid, "JSC member", MONDAY)
    plan_id = onboarding.start_plan(store, start, template)
    plan = onboarding.get_plan(store, plan_id)
    assert len(plan.items) == len(template.items)
    assert all(i.due.weekday() < 5 for i in plan.items)
    assert plan.items[0].due < MONDAY  # sorted by due date, preparation first
    with pytest.raises(DuplicatePlanError, match="already has an onboarding plan as JSC member"):
        onboarding.start_plan(store, PlanStart(alliance_id, sid, "jsc MEMBER", MONDAY), template)
    assert len(onboarding.list_plans(store)) == 1  # nothing half-saved
    other_role = PlanStart(alliance_id, sid, "Project team", MONDAY)
    onboarding.start_plan(store, other_role, builtin("Project team member"))
    assert len(onboarding.list_plans(store, alliance_id)) == 2


def test_tick_set_aside_and_progress(store, member) -> None:
    alliance_id, sid = member
    plan_id = onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", MONDAY), builtin("Governance committee member")
    )
    first, second = onboarding.get_plan(store, plan_id).items[:2]
    before = onboarding.set_item_status(store, first.id, ItemStatus.DONE, today=MONDAY)
    onboarding.set_item_status(store, second.id, ItemStatus.NOT_APPLICABLE)
    plan = onboarding.get_plan(store, plan_id)
    ticked = next(i for i in plan.items if i.id == first.id)
    assert ticked.status is ItemStatus.DONE and ticked.done_on == MONDAY
    assert plan.progress().done == 1
    assert plan.progress().applicable == len(plan.items) - 2  # one N/A, one optional open
    onboarding.restore_item_state(store, first.id, before)
    assert onboarding.get_plan(store, plan_id).progress().done == 0
    assert onboarding.status_by_stakeholder(store, alliance_id)[sid].done == 0


def test_moving_the_start_moves_open_items_only(store, member) -> None:
    alliance_id, sid = member
    plan_id = onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", MONDAY), builtin("Governance committee member")
    )
    items = onboarding.get_plan(store, plan_id).items
    onboarding.set_item_status(store, items[0].id, ItemStatus.DONE)
    previous = onboarding.set_start_date(store, plan_id, MONDAY + timedelta(days=14))
    assert previous == MONDAY
    moved = {i.id: i for i in onboarding.get_plan(store, plan_id).items}
    assert moved[items[0].id].due == items[0].due  # done: keeps its date
    assert moved[items[1].id].due == items[1].due + timedelta(days=14)


def test_adhoc_item_and_note(store, member) -> None:
    alliance_id, sid = member
    plan_id = onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", MONDAY), builtin("Project team member")
    )
    item_id = onboarding.add_item(store, plan_id, "Lunch with the team", MONDAY + timedelta(days=3))
    onboarding.set_note(store, plan_id, "Prefers e-mail")
    plan = onboarding.get_plan(store, plan_id)
    extra = next(i for i in plan.items if i.id == item_id)
    assert extra.adhoc and extra.offset_days == 3 and plan.note == "Prefers e-mail"
    onboarding.delete_item(store, item_id)
    assert item_id not in {i.id for i in onboarding.get_plan(store, plan_id).items}


def test_user_templates_round_trip_and_refuse_empty(store) -> None:
    template = Template(
        "Advisory board", "For scientific advisers", (TemplateItem("Send CDA", -10, OwnerRole.ME),)
    )
    template_id = checklists.save_template(store, template)
    (saved,) = checklists.list_templates(store)
    assert saved.id == template_id and saved.items == template.items
    with pytest.raises(ValidationError):
        checklists.save_template(store, Template("Nothing", "", ()))
    assert len(checklists.list_templates(store)) == 1


def test_items_due_this_week_across_the_portfolio(store, member) -> None:
    alliance_id, sid = member
    today = wall.today()
    onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", today), builtin("Governance committee member")
    )
    due = onboarding.items_due(store, today, 7)
    assert due and all(d.item.due <= today + timedelta(days=7) for d in due)
    assert {d.person_name for d in due} == {"Ana"}
    portfolio.delete_alliance(store, alliance_id)
    assert onboarding.items_due(store, today, 7) == []


def test_committee_member_without_a_plan_is_a_gap(store, member) -> None:
    alliance_id, sid = member
    people = stakeholders.list_stakeholders(store, alliance_id)
    gaps = coverage_gaps(people, wall.today(), onboarded=set())
    assert GapKind.NOT_ONBOARDED in {g.kind for g in gaps}
    onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", MONDAY), builtin("Governance committee member")
    )
    onboarded = onboarding.status_by_stakeholder(store, alliance_id)
    assert GapKind.NOT_ONBOARDED not in {
        g.kind for g in coverage_gaps(people, wall.today(), onboarded=onboarded)
    }


def test_removing_a_person_and_undoing_keeps_their_plan(store, member) -> None:
    alliance_id, sid = member
    plan_id = onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC", MONDAY), builtin("Governance committee member")
    )
    first = onboarding.get_plan(store, plan_id).items[0]
    onboarding.set_item_status(store, first.id, ItemStatus.DONE)
    removed = stakeholder_removal.remove_from_alliance(store, sid)
    assert onboarding.list_plans(store) == []
    stakeholder_removal.restore_to_alliance(store, removed)
    plan = onboarding.get_plan(store, plan_id)
    assert plan.progress().done == 1


def test_plan_and_item_edits_from_an_older_version_are_refused(store, member) -> None:
    """A teammate ticks an item and edits the note first: my tick of the same item and my
    note, both begun before theirs, are refused and theirs stay; from the version there now,
    mine land."""
    from alliance_desk.store.errors import ConflictError

    alliance_id, sid = member
    plan_id = onboarding.start_plan(
        store, PlanStart(alliance_id, sid, "JSC member", MONDAY), builtin("Project team member")
    )
    seen = onboarding.get_plan(store, plan_id)
    item = seen.items[0]
    with teammate(store) as other:
        onboarding.set_item_status(other, item.id, ItemStatus.DONE, expected_version=item.version)
        onboarding.set_note(other, plan_id, "Theirs", expected_version=seen.version)
    with pytest.raises(ConflictError, match="Their version is shown now"):
        onboarding.set_item_status(
            store, item.id, ItemStatus.NOT_APPLICABLE, expected_version=item.version
        )
    with pytest.raises(ConflictError, match="onboarding plan of Ana as JSC member"):
        onboarding.set_note(store, plan_id, "Mine", expected_version=seen.version)
    with pytest.raises(ConflictError):
        onboarding.set_start_date(store, plan_id, MONDAY, expected_version=seen.version)
    now = onboarding.get_plan(store, plan_id)
    assert now.note == "Theirs" and now.items[0].status is ItemStatus.DONE
    onboarding.set_note(store, plan_id, "Mine", expected_version=now.version)
    onboarding.restore_item_state(
        store,
        item.id,
        onboarding.ItemState(ItemStatus.OPEN, None),
        expected_version=now.items[0].version,
    )
    again = onboarding.get_plan(store, plan_id)
    assert again.note == "Mine" and again.items[0].status is ItemStatus.OPEN


def test_a_checklist_edited_elsewhere_is_not_replaced_silently(store) -> None:
    from dataclasses import replace

    from alliance_desk.store.errors import ConflictError

    template = Template("Advisers", "", (TemplateItem("Send the CDA", -2),))
    template_id = checklists.save_template(store, template)
    (mine,) = checklists.list_templates(store)
    with teammate(store) as other:
        (theirs,) = checklists.list_templates(other)
        checklists.save_template(
            other, replace(theirs, items=(*theirs.items, TemplateItem("Their item", 3)))
        )
    with pytest.raises(ConflictError, match="“Advisers” was changed elsewhere"):
        checklists.save_template(store, replace(mine, name="Advisers (mine)"))
    (now,) = checklists.list_templates(store)
    assert now.name == "Advisers" and len(now.items) == 2 and now.id == template_id
    checklists.save_template(store, replace(now, name="Advisers (mine)"))
    assert checklists.list_templates(store)[0].name == "Advisers (mine)"

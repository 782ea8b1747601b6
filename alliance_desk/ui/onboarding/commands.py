"""The undoable edits of onboarding: plans started and deleted, items ticked, set aside,
reopened and added, a plan's start date and note — each one store operation, never over a
teammate's newer change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from alliance_desk.core.onboarding import ItemStatus, OwnerRole, Plan, PlanItem, PlanStart, Template
from alliance_desk.store import onboarding
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, Held, StoreCommand, VersionedEditCommand
from alliance_desk.ui.i18n import translate


class StartPlanCommand(StoreCommand):
    def __init__(self, desk: Desk, start: PlanStart, template: Template, name: str) -> None:
        super().__init__(
            desk,
            translate("commands", "Start onboarding {name} as {role}").format(
                name=name, role=start.role
            ),
        )
        self.start, self.template = start, template
        self.plan_id: int | None = None
        self.snapshot: onboarding.PlanSnapshot | None = None

    def apply(self) -> None:
        if self.snapshot is not None:
            onboarding.restore_plan(self.store, self.snapshot)
        else:
            self.plan_id = onboarding.start_plan(self.store, self.start, self.template)

    def revert(self) -> None:
        assert self.plan_id is not None  # set by apply(), which ran first
        self.snapshot = onboarding.remove_plan(self.store, self.plan_id)


class DeletePlanCommand(StoreCommand):
    def __init__(self, desk: Desk, plan: Plan) -> None:
        super().__init__(
            desk,
            translate("commands", "Delete the onboarding plan of {person_name}").format(
                person_name=plan.person_name
            ),
        )
        self.plan_id = plan.id
        self.snapshot: onboarding.PlanSnapshot | None = None

    def apply(self) -> None:
        self.snapshot = onboarding.remove_plan(self.store, self.plan_id)

    def revert(self) -> None:
        assert self.snapshot is not None  # set by apply(), which ran first
        onboarding.restore_plan(self.store, self.snapshot)


class ItemStatusCommand(VersionedEditCommand):
    """Tick, set aside or reopen an item, never over a teammate's newer change to it; undo
    puts back its state (and the day it was done) as it was."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, plan: Plan, item: PlanItem, status: ItemStatus) -> None:
        if status is ItemStatus.DONE:
            text = translate("commands", "Tick “{title}”")
        elif status is ItemStatus.NOT_APPLICABLE:
            text = translate("commands", "Set aside “{title}”")
        else:
            text = translate("commands", "Reopen “{title}”")
        text = text.format(title=item.title)
        super().__init__(desk, text, item.title, item.status, status, item.version)
        self.plan_id, self.item_id = plan.id, item.id
        self.state = onboarding.ItemState(item.status, item.done_on)

    def current(self) -> Held:
        items = onboarding.get_plan(self.store, self.plan_id).items
        now = next((i for i in items if i.id == self.item_id), None)
        if now is None:
            raise StoreError(translate("commands", "That onboarding item no longer exists."))
        return Held(now.status, now.version)

    def save(self, draft: ItemStatus, expected_version: int) -> None:
        store = self.store
        if draft is self.before:
            onboarding.restore_item_state(
                store, self.item_id, self.state, expected_version=expected_version
            )
        else:
            onboarding.set_item_status(
                store, self.item_id, draft, expected_version=expected_version
            )


class AddItemCommand(StoreCommand):
    def __init__(self, desk: Desk, plan_id: int, title: str, due: date, owner: OwnerRole):
        super().__init__(desk, translate("commands", "Add “{title}”").format(title=title))
        self.plan_id, self.values = plan_id, (title, due, owner)
        self.item_id: int | None = None

    def apply(self) -> None:
        self.item_id = onboarding.add_item(self.store, self.plan_id, *self.values)

    def revert(self) -> None:
        assert self.item_id is not None  # set by apply(), which ran first
        onboarding.delete_item(self.store, self.item_id)


PLAN_WRITERS: dict[str, Callable[..., object]] = {
    "start_date": onboarding.set_start_date,
    "note": onboarding.set_note,
}


class PlanEditCommand(VersionedEditCommand):
    """Change a plan's start date or note (`field`), never over a newer version saved
    elsewhere; what was typed stays in the form when refused."""

    def __init__(self, desk: Desk, plan: Plan, text: str, field: str, after: Any) -> None:
        name = translate("commands", "The onboarding plan of {name}").format(name=plan.person_name)
        super().__init__(desk, text, name, getattr(plan, field), after, plan.version)
        self.plan_id, self.field = plan.id, field

    def current(self) -> Held:
        now = onboarding.get_plan(self.store, self.plan_id)
        return Held(getattr(now, self.field), now.version)

    def save(self, draft: Any, expected_version: int) -> None:
        PLAN_WRITERS[self.field](self.store, self.plan_id, draft, expected_version=expected_version)

"""The undoable edits of the Habits section: a weekly target, a check-in added or removed,
an automatic credit set aside, a weekly review saved — each one store operation."""

from __future__ import annotations

from datetime import date

from alliance_desk.core.habits import CheckIn
from alliance_desk.store import habits
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.i18n import translate


class SetTargetCommand(StoreCommand):
    def __init__(self, desk: Desk, habit: str, before: int, after: int) -> None:
        super().__init__(
            desk, translate("commands", "Set the weekly target to {after}").format(after=after)
        )
        self.habit, self.before, self.after = habit, before, after

    def apply(self) -> None:
        habits.set_target(self.store, self.habit, self.after)

    def revert(self) -> None:
        habits.set_target(self.store, self.habit, self.before)


class CheckInCommand(StoreCommand):
    def __init__(self, desk: Desk, checkin: CheckIn) -> None:
        super().__init__(desk, translate("commands", "Check in"))
        self.checkin = checkin
        self.checkin_id: int | None = None

    def apply(self) -> None:
        self.checkin_id = habits.add_checkin(self.store, self.checkin)

    def revert(self) -> None:
        assert self.checkin_id is not None  # set by apply(), which ran first
        habits.delete_checkin(self.store, self.checkin_id)


class RemoveCheckInCommand(StoreCommand):
    """Removes a check-in of the user's; an automatic credit is set aside instead (it comes
    from a record, which stays), and undo brings either back."""

    def __init__(self, desk: Desk, checkin: CheckIn) -> None:
        text = (
            translate("commands", "Remove an automatic credit")
            if checkin.automatic
            else translate("commands", "Remove a check-in")
        )
        super().__init__(desk, text)
        self.checkin, self.checkin_id = checkin, checkin.id

    def apply(self) -> None:
        if self.checkin.source is not None:  # an automatic credit
            habits.dismiss_credit(self.store, *self.checkin.source)
        else:
            habits.delete_checkin(self.store, self.checkin_id)

    def revert(self) -> None:
        if self.checkin.source is not None:  # an automatic credit
            habits.restore_credit(self.store, *self.checkin.source)
        else:
            self.checkin_id = habits.add_checkin(self.store, self.checkin)


class SaveReviewCommand(StoreCommand):
    """Saves a week's review; undo puts back the review it replaced, or none."""

    def __init__(
        self,
        desk: Desk,
        week: date,
        values: tuple[str, str, str],
        before: tuple[str, str, str] | None,
    ) -> None:
        super().__init__(desk, translate("commands", "Save the weekly review"))
        self.week, self.values, self.before = week, values, before

    def apply(self) -> None:
        habits.save_review(self.store, self.week, *self.values)

    def revert(self) -> None:
        if self.before is None:
            habits.delete_review(self.store, self.week)
        else:
            habits.save_review(self.store, self.week, *self.before)

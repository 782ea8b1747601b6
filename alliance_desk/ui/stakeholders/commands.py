"""The undoable edits of the Stakeholders section: people added, removed, edited, re-rated and
paired, interactions logged and deleted, people imported — each one store operation."""

from __future__ import annotations

from alliance_desk.core.dates import shown
from alliance_desk.core.i18n import by_count
from alliance_desk.core.people import PersonDraft
from alliance_desk.core.stakeholders import Interaction, InteractionDraft, Stakeholder
from alliance_desk.store import (
    contact_log,
    counterparts,
    people_import,
    stakeholder_ratings,
    stakeholder_removal,
    stakeholders,
)
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, Held, StoreCommand, VersionedEditCommand
from alliance_desk.ui.i18n import translate

# -- undoable edits ----------------------------------------------------------------------------


class AddPersonCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, name: str, *, new=None, existing=None):
        super().__init__(desk, translate("commands", "Add {name}").format(name=name))
        self.alliance_id, self.new, self.existing = alliance_id, new, existing
        self.stakeholder_id: int | None = None
        self.removed: stakeholder_removal.RemovedStakeholder | None = None

    def apply(self) -> None:
        if self.removed is not None:
            stakeholder_removal.restore_to_alliance(self.store, self.removed)
        elif self.new is not None:
            self.stakeholder_id = stakeholders.add_new_person(
                self.store, self.alliance_id, *self.new
            )
        else:
            self.stakeholder_id = stakeholders.add_existing_person(
                self.store, self.alliance_id, *self.existing
            )

    def revert(self) -> None:
        assert self.stakeholder_id is not None  # set by apply(), which ran first
        self.removed = stakeholder_removal.remove_from_alliance(self.store, self.stakeholder_id)


class RemovePersonCommand(StoreCommand):
    def __init__(self, desk: Desk, stakeholder: Stakeholder) -> None:
        super().__init__(
            desk,
            translate("commands", "Remove {name} from the alliance").format(name=stakeholder.name),
        )
        self.stakeholder_id = stakeholder.id
        self.removed: stakeholder_removal.RemovedStakeholder | None = None

    def apply(self) -> None:
        self.removed = stakeholder_removal.remove_from_alliance(self.store, self.stakeholder_id)

    def revert(self) -> None:
        assert self.removed is not None  # set by apply(), which ran first
        stakeholder_removal.restore_to_alliance(self.store, self.removed)


class EditPersonCommand(VersionedEditCommand):
    """Edits a person's own details and their place on the alliance together, never over a
    newer version of either saved elsewhere."""

    def __init__(self, desk: Desk, stakeholder: Stakeholder, person: PersonDraft, details):
        super().__init__(
            desk,
            translate("commands", "Edit {name}").format(name=person.name),
            stakeholder.name,
            (stakeholder.person.draft(), stakeholder.details),
            (person, details),
            (stakeholder.person.version, stakeholder.version),
        )
        self.stakeholder, self.stakeholder_id = stakeholder, stakeholder.id
        self.rating_id: int | None = None  # the rating this edit recorded, taken back on undo

    def current(self) -> Held:
        """Their details as stored now: one query, not their whole contact history."""
        found = stakeholders.with_current_details(self.store, [self.stakeholder])
        if not found:
            raise StoreError(translate("commands", "That person is no longer on this alliance."))
        now = found[0]
        return Held((now.person.draft(), now.details), (now.person.version, now.version))

    def save(self, draft, expected_version) -> None:
        undoing = draft is self.before
        rating_id = stakeholders.edit_person(
            self.store,
            self.stakeholder_id,
            *draft,
            expected_version=expected_version,
            take_back=self.rating_id if undoing else None,
        )
        self.rating_id = None if undoing else rating_id


class RateCommand(VersionedEditCommand):
    """A drag on the grid: a new dated rating, taken back on undo. Refused when the person was
    re-rated or edited elsewhere since the grid was drawn; the grid then shows that."""

    refresh_on_conflict = True

    def __init__(self, desk: Desk, stakeholder: Stakeholder, power: int, interest: int) -> None:
        details = stakeholder.details
        super().__init__(
            desk,
            translate("commands", "Re-rate {name} to power {power}, interest {interest}").format(
                name=stakeholder.name, power=power, interest=interest
            ),
            stakeholder.name,
            (details.power, details.interest),
            (power, interest),
            stakeholder.version,
        )
        self.stakeholder_id = stakeholder.id
        self.rating_id: int | None = None

    def current(self) -> Held:
        now = stakeholders.get_stakeholder(self.store, self.stakeholder_id)
        return Held((now.details.power, now.details.interest), now.version)

    def save(self, draft, expected_version) -> None:
        store = self.store
        if draft is self.before:
            assert self.rating_id is not None  # the rating this edit saved
            stakeholder_ratings.unrate(store, self.rating_id, expected_version=expected_version)
        else:
            self.rating_id = stakeholder_ratings.rate(
                store, self.stakeholder_id, *draft, expected_version=expected_version
            )


class PairCommand(StoreCommand):
    def __init__(self, desk: Desk, first: Stakeholder, second: Stakeholder, *, unpair=False):
        text = (
            translate("commands", "Unpair {first} and {second}")
            if unpair
            else translate("commands", "Pair {first} and {second}")
        )
        super().__init__(desk, text.format(first=first.name, second=second.name))
        self.ids, self.unpair = (first.id, second.id), unpair

    def apply(self) -> None:
        (counterparts.unpair if self.unpair else counterparts.pair)(self.store, *self.ids)

    def revert(self) -> None:
        (counterparts.pair if self.unpair else counterparts.unpair)(self.store, *self.ids)


class LogInteractionCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, draft: InteractionDraft) -> None:
        super().__init__(
            desk,
            translate("commands", "Log {kind} of {occurred_on}").format(
                kind=draft.kind.label.lower(), occurred_on=shown(draft.occurred_on)
            ),
        )
        self.alliance_id, self.draft = alliance_id, draft
        self.interaction_id: int | None = None

    def apply(self) -> None:
        self.interaction_id = contact_log.log_interaction(self.store, self.alliance_id, self.draft)

    def revert(self) -> None:
        assert self.interaction_id is not None  # set by apply(), which ran first
        contact_log.delete_interaction(self.store, self.interaction_id)


class DeleteInteractionCommand(StoreCommand):
    def __init__(self, desk: Desk, interaction: Interaction) -> None:
        super().__init__(
            desk,
            translate("commands", "Delete the {kind} of {occurred_on}").format(
                kind=interaction.kind.label.lower(), occurred_on=shown(interaction.occurred_on)
            ),
        )
        self.interaction = interaction
        self.interaction_id = interaction.id

    def apply(self) -> None:
        contact_log.delete_interaction(self.store, self.interaction_id)

    def revert(self) -> None:
        self.interaction_id = contact_log.log_interaction(
            self.store, self.interaction.alliance_id, self.interaction
        )


class ImportPeopleCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, rows, source: str) -> None:
        super().__init__(
            desk,
            by_count(
                len(rows),
                translate("commands", "Import {count} person from {source}"),
                translate("commands", "Import {count} people from {source}"),
            ).format(count=len(rows), source=source),
        )
        self.alliance_id, self.rows = alliance_id, rows
        self.ids: list[int] = []
        self.removed: list = []

    def apply(self) -> None:
        if self.removed:
            stakeholder_removal.restore_many(self.store, self.removed)
            self.removed = []
        else:
            self.ids = people_import.import_people(self.store, self.alliance_id, self.rows)

    def revert(self) -> None:
        self.removed = stakeholder_removal.remove_many(self.store, self.ids)

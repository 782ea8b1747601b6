"""The undoable edits of the portfolio: an alliance created, edited (never over a newer
version saved elsewhere) and deleted — each one store operation."""

from __future__ import annotations

from alliance_desk.core.portfolio import Alliance, AllianceDraft
from alliance_desk.store import portfolio
from alliance_desk.ui.desk import Desk, StoreCommand, VersionedEditCommand
from alliance_desk.ui.i18n import translate


class CreateAllianceCommand(StoreCommand):
    def __init__(self, desk: Desk, draft: AllianceDraft) -> None:
        super().__init__(
            desk, translate("commands", "Create alliance “{name}”").format(name=draft.name)
        )
        self.draft = draft
        self.alliance_id: int | None = None

    def apply(self) -> None:
        if self.alliance_id is None:
            self.alliance_id = portfolio.create_alliance(self.store, self.draft).id
        else:
            portfolio.undelete_alliance(self.store, self.alliance_id)

    def revert(self) -> None:
        assert self.alliance_id is not None  # set by apply(), which ran first
        portfolio.delete_alliance(self.store, self.alliance_id)


class EditAllianceCommand(VersionedEditCommand):
    def __init__(self, desk: Desk, alliance: Alliance, after: AllianceDraft):
        super().__init__(
            desk,
            translate("commands", "Edit “{name}”").format(name=after.name),
            alliance.name,
            alliance.draft(),
            after,
            alliance.version,
        )
        self.alliance_id = alliance.id

    def current(self) -> Alliance:
        return portfolio.get_alliance(self.store, self.alliance_id)

    def save(self, draft: AllianceDraft, expected_version: int) -> None:
        portfolio.update_alliance(
            self.store, self.alliance_id, draft, expected_version=expected_version
        )


class DeleteAllianceCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance: Alliance) -> None:
        super().__init__(desk, translate("commands", "Delete “{name}”").format(name=alliance.name))
        self.alliance_id = alliance.id

    def apply(self) -> None:
        portfolio.delete_alliance(self.store, self.alliance_id)

    def revert(self) -> None:
        portfolio.undelete_alliance(self.store, self.alliance_id)

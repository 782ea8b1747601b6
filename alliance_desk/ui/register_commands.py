"""A register's undoable add, edit and delete, and the dialog a new record is typed into."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QComboBox, QDialog, QVBoxLayout, QWidget

from alliance_desk.core.validation import ValidationError
from alliance_desk.ui.desk import Desk, StoreCommand, VersionedEditCommand
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate

if TYPE_CHECKING:
    from alliance_desk.ui.register import RegisterSpec


class AddCommand(StoreCommand):
    def __init__(self, desk: Desk, spec: RegisterSpec, alliance_id: int, draft) -> None:
        super().__init__(
            desk,
            translate("commands", "Add {noun} “{title}”").format(
                noun=spec.word, title=getattr(draft, "title", "")
            ),
        )
        self.spec, self.alliance_id, self.draft = spec, alliance_id, draft
        self.record_id: int | None = None
        self.kept: Any = None  # what `remove` returned, for `restore`

    def apply(self) -> None:
        if self.kept is not None:
            self.spec.restore(self.store, self.kept)
        else:
            self.record_id = self.spec.add(self.store, self.alliance_id, self.draft)

    def revert(self) -> None:
        assert self.record_id is not None  # set by apply(), which ran first
        self.kept = self.spec.remove(self.store, self.record_id)


class RemoveCommand(StoreCommand):
    def __init__(self, desk: Desk, spec: RegisterSpec, record) -> None:
        super().__init__(
            desk,
            translate("commands", "Delete {noun} “{title}”").format(
                noun=spec.word, title=getattr(record.draft, "title", "")
            ),
        )
        self.spec, self.record_id = spec, record.id
        self.kept: Any = None  # what `remove` returned, for `restore`

    def apply(self) -> None:
        self.kept = self.spec.remove(self.store, self.record_id)

    def revert(self) -> None:
        self.spec.restore(self.store, self.kept)


class EditCommand(VersionedEditCommand):
    def __init__(self, desk: Desk, spec: RegisterSpec, record, after) -> None:
        title = getattr(record.draft, "title", spec.word)
        super().__init__(
            desk,
            translate("commands", "Edit {noun} “{title}”").format(
                noun=spec.word, title=getattr(after, "title", "")
            ),
            title,
            record.draft,
            after,
            getattr(record, "version", None),
        )
        self.spec, self.record_id, self.alliance_id = spec, record.id, record.alliance_id
        self.token = None  # what the update returned, for a register's own undo

    def current(self):
        records = self.spec.load(self.store, self.alliance_id, [self.record_id])
        return records[0] if records else None

    def save(self, draft, expected_version: int) -> None:
        store = self.store
        if draft is self.before and self.spec.undo_update is not None:
            self.spec.undo_update(store, self.record_id, draft, self.token, expected_version)
        else:
            self.token = self.spec.update(
                store, self.record_id, draft, expected_version=expected_version
            )


class AddDialog(QDialog):
    def __init__(
        self,
        spec: RegisterSpec,
        people,
        parent: QWidget | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        vowel = spec.word[:1].lower() in "aeiou"  # "Add a insight" read wrong
        title = self.tr("Add an {noun}") if vowel else self.tr("Add a {noun}")
        self.setWindowTitle(title.format(noun=spec.word))
        self.setMinimumWidth(520)
        self.spec = spec
        self.form = FieldForm()
        spec.build_form(self.form, people)
        for key in spec.chosen:
            choice = cast(QComboBox, self.form.fields[key])
            choice.insertItem(0, self.tr("Choose…"), None)
            choice.setCurrentIndex(0)
        if values:
            self.form.set_values(values)
        self.draft = None
        buttons = dialog_buttons(self, self.tr("Add {noun}").format(noun=spec.word))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)

    def accept(self) -> None:
        try:
            self.draft = self.spec.validate(self.form.values())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()

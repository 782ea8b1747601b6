"""The onboarding checklists: built-in ones (read-only, copy to change them) and the user's
own, with an editor for a checklist's name, purpose and items."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.onboarding import (
    OwnerRole,
    Template,
    validate_template,
)
from alliance_desk.core.validation import (
    ValidationError,
)
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.widgets import FieldError, without_mnemonic

ITEM_COLUMNS = (
    QT_TRANSLATE_NOOP("TemplateEditor", "Item"),
    QT_TRANSLATE_NOOP("TemplateEditor", "Days from start"),
    QT_TRANSLATE_NOOP("TemplateEditor", "Owner"),
    QT_TRANSLATE_NOOP("TemplateEditor", "Optional"),
    QT_TRANSLATE_NOOP("TemplateEditor", "Detail"),
)


class TemplateEditor(QDialog):
    """Edit a template's name, purpose and items. Nothing is saved until every item is valid."""

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A copy of a built-in one (Edit… on it) is a new checklist until saved.
        self.setWindowTitle(
            self.tr("Edit checklist template")
            if template.id is not None
            else self.tr("New checklist template")
        )
        self.resize(820, 560)
        self.template_id, self.version = template.id, template.version
        self.name = QLineEdit(template.name)
        self.purpose = QPlainTextEdit(template.purpose)
        self.purpose.setFixedHeight(60)
        self.table = QTableWidget(0, len(ITEM_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(text) for text in ITEM_COLUMNS])
        # The item takes the room; the days, the owner and the tick as wide as their header
        # and their boxes ("ays from star", "My counterp" were cut at the default width); the
        # detail a third of what is left, not half of it, mostly empty.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(4, 200)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for item in template.items:
            self.add_row(item.title, str(item.offset_days), item.owner, item.optional, item.detail)
        self.errors = FieldError()
        add = QPushButton(self.tr("Add item"))
        add.clicked.connect(lambda: self.add_row("", "0", OwnerRole.ME, False, ""))
        remove = QPushButton(self.tr("Remove selected"))
        remove.clicked.connect(self._remove)
        self.result_template: Template | None = None
        layout = QVBoxLayout(self)
        for text, field in (
            (self.tr("&Name"), self.name),
            (self.tr("&Purpose"), self.purpose),
            (
                self.tr("I&tems — days from the start date; negative means before day one"),
                self.table,
            ),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(without_mnemonic(text).split(" — ")[0])
            layout.addWidget(label)
            layout.addWidget(field, 1 if field is self.table else 0)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.errors)
        layout.addWidget(dialog_buttons(self, self.tr("Save template")))

    def add_row(self, title: str, offset: str, owner: OwnerRole, optional: bool, detail: str):
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(title))
        self.table.setItem(row, 1, QTableWidgetItem(offset))
        combo = QComboBox()
        for role in OwnerRole:
            combo.addItem(role.label, role)
        combo.setCurrentIndex(combo.findData(owner))
        self.table.setCellWidget(row, 2, combo)
        box = QCheckBox()
        box.setChecked(optional)
        self.table.setCellWidget(row, 3, box)
        self.table.setItem(row, 4, QTableWidgetItem(detail))

    def _remove(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def raw(self) -> dict:
        items = []
        for row in range(self.table.rowCount()):
            text = lambda column: (self.table.item(row, column) or QTableWidgetItem()).text()  # noqa: E731, B023
            items.append(
                {
                    "title": text(0),
                    "offset_days": text(1),
                    "owner": cast(QComboBox, self.table.cellWidget(row, 2)).currentData(),
                    "optional": cast(QCheckBox, self.table.cellWidget(row, 3)).isChecked(),
                    "detail": text(4),
                }
            )
        return {"name": self.name.text(), "purpose": self.purpose.toPlainText(), "items": items}

    def accept(self) -> None:
        try:
            template = validate_template(self.raw())
        except ValidationError as error:
            lines = [f"{field.capitalize()}: {message}" for field, message in error.errors.items()]
            self.errors.show_message(self.tr("Not saved.\n{items}").format(items="\n".join(lines)))
            return
        self.result_template = Template(
            template.name, template.purpose, template.items, self.template_id, version=self.version
        )
        super().accept()


class TemplatesDialog(QDialog):
    """The checklists: built-in ones (read-only, copy to change them) and the user's own."""

    def __init__(self, view, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setWindowTitle(self.tr("Onboarding checklists"))
        self.resize(560, 420)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Checklist templates"))
        self.list.itemDoubleClicked.connect(lambda _item: self._edit())
        copy = QPushButton(self.tr("Copy…"))
        copy.clicked.connect(self._copy)
        edit = QPushButton(self.tr("Edit…"))
        edit.clicked.connect(self._edit)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(self._delete)
        new = QPushButton(self.tr("New…"))
        new.clicked.connect(self._new)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (new, copy, edit, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        note = QLabel(self.tr("Built-in checklists are read-only: copy one to make it your own."))
        note.setObjectName("muted")
        self.message = QLabel()  # why a command did nothing
        self.message.setObjectName("problem")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for template in self.view.templates():
            label = (
                self.tr("{name}  —  {count} items  (built-in)")
                if template.id is None
                else self.tr("{name}  —  {count} items  (yours)")
            ).format(name=template.name, count=len(template.items))
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, template)
            item.setToolTip(template.purpose)
            self.list.addItem(item)

    def current(self) -> Template | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open_editor(self, template: Template) -> None:
        """Edit until saved or cancelled: a save that fails (a full disk, a teammate's newer
        version) reopens the editor with everything typed; the next save, now warned,
        replaces the other version."""
        while True:
            editor = TemplateEditor(template, self)
            if not editor.exec() or editor.result_template is None:
                return
            edited = editor.result_template
            editor.deleteLater()
            if self.view.save_template(edited):
                self.refresh()
                return
            template = self.view.newer_version_of(edited)

    def _copy(self) -> None:
        template = self.current()
        if template is not None:
            self._open_editor(
                Template(
                    self.tr("{name} (copy)").format(name=template.name),
                    template.purpose,
                    template.items,
                    None,
                )
            )

    def _edit(self) -> None:
        template = self.current()
        if template is None:
            return
        if template.id is None:
            self._copy()  # built-in: edit a copy
        else:
            self._open_editor(template)

    def _new(self) -> None:
        self._open_editor(Template(self.tr("New checklist"), "", ()))

    def _delete(self) -> None:
        """One's own checklist, once confirmed (it went at once, and cannot be undone); a
        built-in one says why it stays (Delete did nothing, silently)."""
        template = self.current()
        self.message.clear()
        if template is None:
            return
        if template.id is None:
            self.message.setText(
                self.tr("“{name}” is built in and stays: copy it to make one of your own.").format(
                    name=template.name
                )
            )
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete this checklist?"),
            self.tr(
                "Delete “{name}”? This cannot be undone; plans already started from it keep "
                "their items."
            ).format(name=template.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.view.delete_template(template)
            self.refresh()

"""A register tab: the records of one kind for the alliance in focus, a form for the selected
one (each field saved when left), and undoable add and delete. Risks, decisions and obligations
are all registers; each one only says what its columns, fields and store calls are."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.policy import Policy
from alliance_desk.core.validation import ValidationError
from alliance_desk.store.change_counts import PEOPLE
from alliance_desk.store.database import Store
from alliance_desk.store.paging import Order, Page
from alliance_desk.store.register_head import Head, register_head
from alliance_desk.ui import widgets
from alliance_desk.ui.alliance_picker import name_the_alliance, pick_alliance
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.into_form import enter_moves_into
from alliance_desk.ui.list_split import ListSplitter
from alliance_desk.ui.paged_model import PagedTableModel
from alliance_desk.ui.register_commands import AddCommand, AddDialog, EditCommand, RemoveCommand
from alliance_desk.ui.table_model import Column, RowTableModel, alliance_column
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.widgets import vertical_scroll


@dataclass(frozen=True)
class RegisterSpec:
    """What a register is made of."""

    noun: str  # "risk", marked QT_TRANSLATE_NOOP("RegisterSpec", …): shown as `word`
    kind: Kind  # of record it lists
    columns: Sequence[Column]
    build_form: Callable[[FieldForm, list[tuple[int, str, str]]], None]  # adds the fields
    validate: Callable[[dict], Any]  # form values -> draft (raises ValidationError)
    # records with .id and .draft: of one alliance or all (None), optionally only some ids
    load: Callable[..., list]
    add: Callable[[Store, int, Any], int]
    # (store, id, draft, *, expected_version): returns a token for `undo_update`, or None
    update: Callable[..., Any]
    remove: Callable[[Store, int], Any]
    restore: Callable[[Store, Any], None]
    # (store, id, before, token, expected_version)
    undo_update: Callable[..., None] | None = None
    sort: tuple[int, bool] = (0, False)  # default sort column, and whether descending
    # What a new record's form starts with, from the portfolio's rules and today's date.
    new_values: Callable[[Policy, date], dict[str, Any]] | None = None
    # The choices a new record's form leaves to the user, preset to none ("Choose…"): the
    # first of the list was taken for every record added in a hurry.
    chosen: tuple[str, ...] = ()
    # A long register reads a page at a time: (store, alliance id, order, *, cursor, limit,
    # until, only) -> Page (None: `until` not listed); `only` is the tab's own filter. And the
    # store's sort for each column (None: that column does not sort), the alliance's last.
    page: Callable[..., Any] | None = None
    sorts: Sequence[str | None] = ()
    plural: str = ""  # "Risks", marked as `noun` is: the list's name, shown as `words`

    @property
    def word(self) -> str:
        """The noun in the user's language."""
        return translate("RegisterSpec", self.noun)

    @property
    def words(self) -> str:
        """The list's name ("Risks") in the user's language."""
        return translate("RegisterSpec", self.plural)

    @property
    def shows(self) -> frozenset[Kind]:
        """The kinds of record a tab of this register shows: its own, the alliances they
        belong to and the people its form offers."""
        return frozenset({self.kind, Kind.ALLIANCE, Kind.PERSON, Kind.STAKEHOLDER})


def _record_id(record: Any) -> int:
    return record.id


def draft_values(draft) -> dict[str, Any]:
    return asdict(draft)


class RegisterTab(QWidget):
    shown = Signal(object)  # the record now shown beside the list (None: none)

    def __init__(
        self,
        desk: Desk,
        spec: RegisterSpec,
        people_of: Callable[[int], list[tuple[int, str, str]]],
        *,
        above: QWidget | None = None,
        above_splits: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.spec, self.people_of = desk, spec, people_of
        self.current = None
        self.only: Any = None  # a paged register's own filter (`set_only`)
        self._people: dict[int, tuple[tuple[int, str, str], ...]] = {}  # kept while `_known`
        self._known: tuple | None = None  # the store, and the counters of people and places
        self.head = Head({}, {})  # the change counters, alliances' names: read at each reload
        self._form_people: tuple | None = None
        # On "All alliances" a column says whose each record is (after the spec's own, so
        # their numbers stay; shown second): its name from `head`.
        columns = (*spec.columns, alliance_column(self._alliance_of))
        assert spec.page is None or len(spec.sorts) == len(columns), "a sort for each column"
        self.model: RowTableModel = (
            PagedTableModel(columns, spec.sorts, self)
            if spec.page is not None
            else RowTableModel(columns, self)
        )
        if isinstance(self.model, PagedTableModel):
            self.model.fetch = self._fetch
        self.table = make_table(self.model, *spec.sort, name=spec.words)
        self.table.horizontalHeader().moveSection(len(spec.columns), 1)
        self.selection = Selection(self.table, self._show, lambda record: record.id)
        enter_moves_into(self.table, lambda: self.form.fields.values() if self.form else ())
        self.add_button = QPushButton(self.tr("Add {noun}…").format(noun=spec.word))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("secondary")
        self.delete_button.clicked.connect(self.delete)
        delete = QAction(self.table)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete)
        self.table.addAction(delete)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.form_box = QVBoxLayout()
        self.form: FieldForm | None = None
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.status)
        detail_layout.addLayout(self.form_box)
        detail_layout.addStretch(1)
        self.detail = vertical_scroll(detail, self.tr("Details"))
        left: QWidget
        if above is not None and above_splits:
            # A drawing above the list: the user sets how much of the height it takes.
            left = widgets.splitter(
                f"{spec.kind.value}AboveSplitter", above, self.table, vertical=True
            )
            left.setStretchFactor(1, 1)
            left.setSizes([180, 420])  # on a laptop the list keeps most of the height
        else:
            left = QWidget()
            left_layout = QVBoxLayout(left)
            left_layout.setContentsMargins(0, 0, 0, 0)
            if above is not None:
                left_layout.addWidget(above)
            left_layout.addWidget(self.table, 1)
        # The list first: on a laptop the form gives way as far as the list's columns need.
        splitter = ListSplitter(f"{spec.kind.value}Splitter", left, self.detail, 0.34, self.table)
        self.buttons = QHBoxLayout()  # a register's own commands go before Delete
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.delete_button)
        self.buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(self.buttons)
        layout.addWidget(splitter, 1)

    @property
    def records(self) -> list:
        """The records listed (of a paged register: those read so far)."""
        return self.model.all_rows()

    def _fetch(self, order: Order, cursor, limit: int, until) -> Page | None:
        store = self.desk.store
        if store is None or self.spec.page is None:
            return Page([])
        return self.spec.page(
            store,
            self.desk.alliance_id,
            order,
            cursor=cursor,
            limit=limit,
            until=until,
            only=self.only,
        )

    def _alliance_of(self, record) -> str:
        return self.head.names.get(record.alliance_id, "")

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        self.head = register_head(store, names=alliance_id is None) if store else Head({}, {})
        known = (weakref.ref(store), self.head.stamp(PEOPLE)) if store is not None else None
        if known is None or known != self._known:  # people or their places changed
            self._people.clear()
        self._known = known
        self.model.set_across(alliance_id is None)
        if isinstance(self.model, PagedTableModel):
            self.model.restart()
        else:
            self.model.set_rows(self.spec.load(store, alliance_id) if store else [])
        self._show_records()

    def refresh_rows(self, changes: Changes) -> bool:
        """After an edit of records already listed, read only those again."""
        ids = changes.ids_of(self.spec.kind)
        if not changes.only({self.spec.kind}) or ids is None or not self.records:
            return False
        if not ids <= {record.id for record in self.records}:
            return False  # one added: its place in the list comes from a full read
        fresh = {r.id: r for r in self.spec.load(self.desk.store, self.desk.alliance_id, ids)}
        if len(fresh) != len(ids):
            return False
        self.model.replace_rows(fresh, _record_id)
        self._show_records()
        return True

    def _show_records(self) -> None:
        alliance_id = self.desk.alliance_id
        keep = self.current.id if self.current is not None else None
        fresh = next((r for r in self.records if r.id == keep), None)
        if fresh is not None and (
            fresh != self.current
            or getattr(fresh, "version", None) != getattr(self.current, "version", None)
        ):
            # Saved here or by a teammate (F5): take the stored version as the base of the
            # next edit, and show it unless the user is in the middle of typing.
            if self.form is not None and not self.form.has_unsaved_typing():
                self._show(fresh)
            else:
                self.current = fresh
        self.add_button.setToolTip(
            ""
            if alliance_id is not None
            else self.tr("Asks which alliance (or choose one: Ctrl+L)")
        )
        self.select(keep)

    def set_only(self, only: Any) -> None:
        """A paged register's own filter (what `RegisterSpec.page` takes as `only`); the
        selected record, if now hidden, is no longer selected."""
        if only == self.only:
            return
        self.only = only
        assert isinstance(self.model, PagedTableModel)
        self.model.restart(keep=False)
        keep = self.current.id if self.current is not None else None
        self.selection.select(keep, or_first=keep is None)

    def set_predicate(self, accept) -> None:
        """Show only the records `accept`s; the selected one, if hidden, is no longer
        selected (Delete must never remove a record the user cannot see)."""
        self.model.set_predicate(accept)
        keep = self.current.id if self.current is not None else None
        self.selection.select(keep, or_first=keep is None)

    def select(self, record_id: int | None) -> None:
        self.selection.select(record_id)

    def _show(self, record) -> None:
        self.current = record
        self.delete_button.setEnabled(record is not None)
        self.detail.setVisible(record is not None)
        self.shown.emit(record)
        if record is None:
            return
        if record.alliance_id not in self._people:  # read once per alliance until people change
            self._people[record.alliance_id] = tuple(self.people_of(record.alliance_id))
        people = self._people[record.alliance_id]
        if self.form is None or self._form_people != people:
            if self.form is not None:
                self.form.setParent(None)
                self.form.deleteLater()
            self.form = FieldForm()
            self.spec.build_form(self.form, list(people))
            self.form.edited.connect(self._save)
            self.form_box.addWidget(self.form)
            self._form_people = people
        self.form.set_values(draft_values(record.draft))

    def _save(self) -> None:
        if self.current is None or self.form is None:
            return
        try:
            draft = self.spec.validate(self.form.values())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            self.status.setText(self.tr("Not saved — fix the highlighted field"))
            return
        self.form.show_errors({})
        if draft == self.current.draft:
            return
        if self.desk.run(EditCommand(self.desk, self.spec, self.current, draft)):
            self.form.mark_saved()
            self.status.setText(self.tr("All changes saved"))
        else:  # changed elsewhere? the next save, now warned, replaces that version
            fresh = self.spec.load(self.desk.store, self.current.alliance_id, [self.current.id])
            if fresh:
                self.current = fresh[0]
            self.status.setText(self.tr("Not saved — see the message; your text is still here"))

    def add(self) -> None:
        values = None
        if self.spec.new_values is not None:
            values = self.spec.new_values(self.desk.policy, wall.today())
        self.add_with(values)

    def add_with(self, values: dict[str, Any] | None, title: str = "") -> None:
        """The add dialog, its form starting from `values` (`title`: the dialog's own)."""
        why = self.tr("Each {noun} belongs to one alliance.").format(noun=self.spec.word)
        shown = self.current.alliance_id if self.current is not None else None
        alliance_id = pick_alliance(self.desk, self, why, shown)
        if self.desk.store is None or alliance_id is None:
            return
        dialog = AddDialog(self.spec, self.people_of(alliance_id), self, values)
        if title:
            dialog.setWindowTitle(title)
        name_the_alliance(dialog, self.desk, alliance_id)
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                AddCommand(self.desk, self.spec, alliance_id, dialog.draft)
                if dialog.draft is not None
                else None
            ),
        )
        if command is not None:
            self.select(command.record_id)

    def delete(self) -> None:
        if self.current is not None:
            record = self.current
            self.current = None
            self.desk.run(RemoveCommand(self.desk, self.spec, record))
            self.desk.status.emit(
                self.tr("Deleted the {noun}. Undo with Ctrl+Z.").format(noun=self.spec.word)
            )

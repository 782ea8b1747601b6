"""The Stakeholders section: an alliance's people on the power × interest grid, in a table, and
one person's details, plan, counterparts and contacts; plus coverage gaps and the contact log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.files import describe_os_error, write_private
from alliance_desk.core.people import PersonDraft, Side
from alliance_desk.core.people_csv import (
    ImportRejected,
    Unreadable,
    parse_people_csv,
    people_to_csv,
    read_people_file,
)
from alliance_desk.core.stakeholders import (
    SENTIMENT_LABELS,
    Interaction,
    InteractionDraft,
    Stakeholder,
    coverage_gaps,
    due_within,
)
from alliance_desk.store import onboarding, portfolio, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, Held, StoreCommand, VersionedEditCommand, follow
from alliance_desk.ui.stakeholder_dialogs import AddPersonDialog, LogInteractionDialog, PersonForm
from alliance_desk.ui.stakeholder_grid import LEGEND, StakeholderGrid
from alliance_desk.ui.table_model import Column, RowTableModel, make_table, select_row
from alliance_desk.ui.theme import OVERDUE, SIDE_COLOURS
from alliance_desk.ui.widgets import EmptyState, heading, vertical_scroll

# -- rows shown in the table -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonLine:
    """A stakeholder with what the table shows about them, computed once per load."""

    stakeholder: Stakeholder
    counterparts: str
    due: date | None
    health: int
    overdue: bool
    onboarding: str = "—"


def _due_text(line: PersonLine) -> str:
    if line.due is None:
        return "—"
    return line.due.isoformat() + ("  overdue" if line.overdue else "")


PEOPLE_COLUMNS = (
    Column("Name", lambda p: p.stakeholder.name),
    Column(
        "Side",
        lambda p: p.stakeholder.side.label,
        colour=lambda p: SIDE_COLOURS[p.stakeholder.side.value],
    ),
    Column("Title", lambda p: p.stakeholder.person.title),
    Column("Roles", lambda p: p.stakeholder.details.roles),
    Column("Power", lambda p: str(p.stakeholder.details.power), align_right=True),
    Column("Interest", lambda p: str(p.stakeholder.details.interest), align_right=True),
    Column("Stance", lambda p: p.stakeholder.details.stance.label),
    Column("Counterparts", lambda p: p.counterparts),
    Column(
        "Last contact",
        lambda p: p.stakeholder.last_contact.isoformat() if p.stakeholder.last_contact else "—",
    ),
    Column(
        "Next due",
        _due_text,
        key=lambda p: p.due.toordinal() if p.due else 10**7,
        colour=lambda p: OVERDUE if p.overdue else None,
    ),
    Column("Onboarding", lambda p: p.onboarding),
    Column(
        "Health",
        lambda p: str(p.health),
        key=lambda p: p.health,
        align_right=True,
        tooltip=lambda p: "0–100 from contact against plan (90 days) and recent sentiment",
    ),
)

INTERACTION_COLUMNS = (
    Column("Date", lambda i: i.occurred_on.isoformat()),
    Column("Kind", lambda i: i.kind.label),
    Column("With", lambda i: ", ".join(i.people_names)),
    Column("Sentiment", lambda i: SENTIMENT_LABELS[i.sentiment], key=lambda i: i.sentiment),
    Column("Note", lambda i: i.note.replace("\n", " "), tooltip=lambda i: i.note or None),
)


def person_lines(
    people: list[Stakeholder], today: date, onboarding_status: dict | None = None
) -> list[PersonLine]:
    names = {s.id: s.name for s in people}
    onboarding_status = onboarding_status or {}
    lines = []
    for s in people:
        due = s.next_due(today)
        lines.append(
            PersonLine(
                stakeholder=s,
                counterparts=", ".join(names[i] for i in s.counterpart_ids if i in names),
                due=due,
                health=s.health(today),
                overdue=due is not None and due < today,
                onboarding=_onboarding_text(onboarding_status.get(s.id)),
            )
        )
    return lines


def _onboarding_text(status) -> str:
    if status is None:
        return "—"
    if status.complete:
        return "Complete"
    late = f", {status.overdue} overdue" if status.overdue else ""
    return f"{status}{late}"


# -- undoable edits ----------------------------------------------------------------------------


class AddPersonCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, name: str, *, new=None, existing=None):
        super().__init__(desk, f"Add {name}")
        self.alliance_id, self.new, self.existing = alliance_id, new, existing
        self.stakeholder_id: int | None = None
        self.removed = None

    def apply(self) -> None:
        if self.removed is not None:
            stakeholders.restore_to_alliance(self.desk.store, self.removed)
        elif self.new is not None:
            self.stakeholder_id = stakeholders.add_new_person(
                self.desk.store, self.alliance_id, *self.new
            )
        else:
            self.stakeholder_id = stakeholders.add_existing_person(
                self.desk.store, self.alliance_id, *self.existing
            )

    def revert(self) -> None:
        self.removed = stakeholders.remove_from_alliance(self.desk.store, self.stakeholder_id)


class RemovePersonCommand(StoreCommand):
    def __init__(self, desk: Desk, stakeholder: Stakeholder) -> None:
        super().__init__(desk, f"Remove {stakeholder.name} from the alliance")
        self.stakeholder_id = stakeholder.id
        self.removed = None

    def apply(self) -> None:
        self.removed = stakeholders.remove_from_alliance(self.desk.store, self.stakeholder_id)

    def revert(self) -> None:
        stakeholders.restore_to_alliance(self.desk.store, self.removed)


class EditPersonCommand(VersionedEditCommand):
    """Edits a person's own details and their place on the alliance together, never over a
    newer version of either saved elsewhere."""

    def __init__(self, desk: Desk, stakeholder: Stakeholder, person: PersonDraft, details):
        super().__init__(
            desk,
            f"Edit {person.name}",
            stakeholder.name,
            (stakeholder.person.draft(), stakeholder.details),
            (person, details),
            (stakeholder.person.version, stakeholder.version),
        )
        self.stakeholder_id = stakeholder.id
        self.rating_id: int | None = None  # the rating this edit recorded, taken back on undo

    def current(self) -> Held:
        now = stakeholders.get_stakeholder(self.desk.store, self.stakeholder_id)
        return Held((now.person.draft(), now.details), (now.person.version, now.version))

    def save(self, draft, expected_version) -> None:
        undoing = draft is self.before
        rating_id = stakeholders.edit_person(
            self.desk.store,
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
            f"Re-rate {stakeholder.name} to power {power}, interest {interest}",
            stakeholder.name,
            (details.power, details.interest),
            (power, interest),
            stakeholder.version,
        )
        self.stakeholder_id = stakeholder.id
        self.rating_id: int | None = None

    def current(self) -> Held:
        now = stakeholders.get_stakeholder(self.desk.store, self.stakeholder_id)
        return Held((now.details.power, now.details.interest), now.version)

    def save(self, draft, expected_version) -> None:
        store = self.desk.store
        if draft is self.before:
            stakeholders.unrate(store, self.rating_id, expected_version=expected_version)
        else:
            self.rating_id = stakeholders.rate(
                store, self.stakeholder_id, *draft, expected_version=expected_version
            )


class PairCommand(StoreCommand):
    def __init__(self, desk: Desk, first: Stakeholder, second: Stakeholder, *, unpair=False):
        verb = "Unpair" if unpair else "Pair"
        super().__init__(desk, f"{verb} {first.name} and {second.name}")
        self.ids, self.unpair = (first.id, second.id), unpair

    def apply(self) -> None:
        (stakeholders.unpair if self.unpair else stakeholders.pair)(self.desk.store, *self.ids)

    def revert(self) -> None:
        (stakeholders.pair if self.unpair else stakeholders.unpair)(self.desk.store, *self.ids)


class LogInteractionCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, draft: InteractionDraft) -> None:
        super().__init__(desk, f"Log {draft.kind.label.lower()} of {draft.occurred_on}")
        self.alliance_id, self.draft = alliance_id, draft
        self.interaction_id: int | None = None

    def apply(self) -> None:
        self.interaction_id = stakeholders.log_interaction(
            self.desk.store, self.alliance_id, self.draft
        )

    def revert(self) -> None:
        stakeholders.delete_interaction(self.desk.store, self.interaction_id)


class DeleteInteractionCommand(StoreCommand):
    def __init__(self, desk: Desk, interaction: Interaction) -> None:
        super().__init__(
            desk, f"Delete the {interaction.kind.label.lower()} of {interaction.occurred_on}"
        )
        self.interaction = interaction
        self.interaction_id = interaction.id

    def apply(self) -> None:
        stakeholders.delete_interaction(self.desk.store, self.interaction_id)

    def revert(self) -> None:
        self.interaction_id = stakeholders.log_interaction(
            self.desk.store, self.interaction.alliance_id, self.interaction
        )


class ImportPeopleCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, rows, source: str) -> None:
        super().__init__(desk, f"Import {len(rows)} people from {source}")
        self.alliance_id, self.rows = alliance_id, rows
        self.ids: list[int] = []
        self.removed: list = []

    def apply(self) -> None:
        if self.removed:
            for removed in self.removed:
                stakeholders.restore_to_alliance(self.desk.store, removed)
            self.removed = []
        else:
            self.ids = stakeholders.import_people(self.desk.store, self.alliance_id, self.rows)

    def revert(self) -> None:
        self.removed = [stakeholders.remove_from_alliance(self.desk.store, i) for i in self.ids]


# -- one person's panel ---------------------------------------------------------------------------


class PersonPanel(QWidget):
    """The selected person: details saved as you leave each field, counterparts, rating history
    and the contacts logged with them."""

    def __init__(self, view: StakeholdersView) -> None:
        super().__init__()
        self.view = view
        self.stakeholder: Stakeholder | None = None
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.form = PersonForm(with_side=False)
        self.form.edited.connect(self.save)
        self.pairs = QListWidget()
        self.pairs.setMaximumHeight(80)
        self.pair_with = QComboBox()
        self.pair_button = QPushButton("Pair")
        self.pair_button.clicked.connect(self._pair)
        self.unpair_button = QPushButton("Unpair selected")
        self.unpair_button.clicked.connect(self._unpair)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setObjectName("muted")
        self.contacts = QListWidget()
        self.contacts.setMaximumHeight(140)
        self.contacts.setWordWrap(True)
        self.log_button = QPushButton("Log interaction…  (Ctrl+I)")
        self.log_button.setObjectName("primary")
        self.log_button.clicked.connect(view.log_interaction)
        self.onboard_button = QPushButton("Start onboarding…")
        self.onboard_button.clicked.connect(
            lambda: (
                view.start_onboarding
                and self.stakeholder
                and view.start_onboarding(self.stakeholder.id)
            )
        )
        self.remove_button = QPushButton("Remove from this alliance")
        self.remove_button.setObjectName("secondary")
        self.remove_button.clicked.connect(view.remove_current)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        self.body = QWidget()
        outer_layout = layout
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        outer_layout.addWidget(self.body)
        outer_layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.onboard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addLayout(buttons)
        layout.addWidget(heading("Counterparts", level=2))
        layout.addWidget(self.pairs)
        pair_row = QHBoxLayout()
        pair_row.addWidget(self.pair_with, 1)
        pair_row.addWidget(self.pair_button)
        pair_row.addWidget(self.unpair_button)
        layout.addLayout(pair_row)
        layout.addWidget(heading("Contacts logged", level=2))
        layout.addWidget(self.contacts)
        layout.addWidget(heading("Details and plan", level=2))
        layout.addWidget(self.form)
        layout.addWidget(heading("Rating history", level=2))
        layout.addWidget(self.history)
        layout.addStretch(1)
        scroll = vertical_scroll(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_person(None, [])

    def show_person(self, stakeholder: Stakeholder | None, everyone: list[Stakeholder]) -> None:
        self.stakeholder = stakeholder
        self.body.setVisible(stakeholder is not None)
        self.pairs.clear()
        self.pair_with.clear()
        self.contacts.clear()
        if stakeholder is None:
            self.title.setText("Select a person on the grid or in the table")
            self.status.setText("")
            self.history.setText("")
            return
        store = self.view.desk.store
        self.title.setText(f"{stakeholder.name} — {stakeholder.side.label}")
        today = date.today()
        due = stakeholder.next_due(today)
        parts = [f"{stakeholder.quadrant.value}", f"health {stakeholder.health(today)}/100"]
        if due is not None:
            parts.append(("overdue since " if due < today else "next contact ") + due.isoformat())
        self.status.setText(" · ".join(parts))
        self.form.set_person(stakeholder.person, stakeholder.details)
        by_id = {s.id: s for s in everyone}
        for other_id in stakeholder.counterpart_ids:
            if other_id in by_id:
                item = QListWidgetItem(f"{by_id[other_id].name} — {by_id[other_id].person.title}")
                item.setData(Qt.ItemDataRole.UserRole, other_id)
                self.pairs.addItem(item)
        if not stakeholder.counterpart_ids:
            self.pairs.addItem("No counterpart yet")
        for other in everyone:
            if other.side is not stakeholder.side and other.id not in stakeholder.counterpart_ids:
                self.pair_with.addItem(f"Pair with {other.name}", other.id)
        self.pair_button.setEnabled(self.pair_with.count() > 0)
        self.unpair_button.setEnabled(bool(stakeholder.counterpart_ids))
        history = stakeholders.rating_history(store, stakeholder.id)
        self.history.setText(
            "  →  ".join(f"{r.rated_on.isoformat()}: P{r.power}/I{r.interest}" for r in history)
        )
        for interaction in stakeholders.interactions(
            store, stakeholder.alliance_id, person_id=stakeholder.person.id, limit=20
        ):
            note = interaction.note.splitlines()[0] if interaction.note else ""
            self.contacts.addItem(
                f"{interaction.occurred_on.isoformat()}  {interaction.kind.label}  "
                f"({SENTIMENT_LABELS[interaction.sentiment].split()[0]})  {note}"
            )
        if not self.contacts.count():
            self.contacts.addItem("Nothing logged yet — Ctrl+I logs a contact.")

    def save(self) -> None:
        if self.stakeholder is None:
            return
        result = self.form.validated(side=self.stakeholder.side)
        if result is None:
            self.status.setText("Not saved — fix the highlighted field")
            return
        person, details = result
        if person == self.stakeholder.person.draft() and details == self.stakeholder.details:
            return
        desk = self.view.desk
        if desk.run(EditPersonCommand(desk, self.stakeholder, person, details)):
            self.form.mark_saved()
        elif desk.store is not None:
            try:  # changed elsewhere? a second save, now warned, replaces their version
                self.stakeholder = stakeholders.get_stakeholder(desk.store, self.stakeholder.id)
            except StoreError:
                return
            self.status.setText("Not saved — see the message; your text is still here")

    def _pair(self) -> None:
        other = self.view.by_id.get(self.pair_with.currentData())
        if self.stakeholder is not None and other is not None:
            self.view.desk.run(PairCommand(self.view.desk, self.stakeholder, other))

    def _unpair(self) -> None:
        item = self.pairs.currentItem() or self.pairs.item(0)
        other = self.view.by_id.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if self.stakeholder is not None and other is not None:
            self.view.desk.run(PairCommand(self.view.desk, self.stakeholder, other, unpair=True))


# -- the section ------------------------------------------------------------------------------


ALL = "__all__"


class StakeholdersView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.people: list[Stakeholder] = []
        self.by_id: dict[int, Stakeholder] = {}
        self.onboarding_status: dict = {}
        self.start_onboarding = None  # set by the main window
        self._syncing = False

        self.title = heading("Stakeholders")
        self.side_filter = QComboBox()
        self.side_filter.addItem("Both sides", ALL)
        for side in Side:
            self.side_filter.addItem(side.label, side)
        self.function_filter = QComboBox()
        self.role_filter = QComboBox()
        for combo in (self.side_filter, self.function_filter, self.role_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.lines_toggle = QCheckBox("Counterpart lines")
        self.lines_toggle.setChecked(True)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filter people   (Ctrl+F)")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._apply_filters)

        self.add_button = QPushButton("Add person…")
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_person)
        more = QToolButton()
        more.setText("More ▾")
        more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(more)
        menu.addAction("Import people from CSV…", self.import_csv)
        menu.addAction("Export people to CSV…", self.export_csv)
        menu.addSeparator()
        menu.addAction("Save the grid as PNG…", self.save_png)
        more.setMenu(menu)

        self.log_action = QAction("Log interaction…", self)
        self.log_action.setShortcut(QKeySequence("Ctrl+I"))
        self.log_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.log_action.triggered.connect(self.log_interaction)
        self.addAction(self.log_action)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self.text_filter.setFocus)
        self.addAction(find)

        self.grid = StakeholderGrid()
        self.grid.rerated.connect(self._rerated)
        self.grid.selected.connect(self._grid_selected)
        self.lines_toggle.toggled.connect(self.grid.show_counterparts)
        legend = QLabel(LEGEND)
        legend.setObjectName("muted")
        legend.setWordWrap(True)

        self.model: RowTableModel[PersonLine] = RowTableModel(PEOPLE_COLUMNS, self)
        self.table = make_table(self.model)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.log_interaction())
        self.panel = PersonPanel(self)
        self.gaps = QListWidget()
        self.gaps.itemActivated.connect(self._gap_activated)
        self.gaps.itemClicked.connect(self._gap_activated)
        self.log_model: RowTableModel[Interaction] = RowTableModel(INTERACTION_COLUMNS, self)
        self.log_table = make_table(self.log_model)
        self.log_table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        delete_interaction = QAction("Delete interaction", self.log_table)
        delete_interaction.setShortcut(QKeySequence.StandardKey.Delete)
        delete_interaction.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_interaction.triggered.connect(self._delete_interaction)
        self.log_table.addAction(delete_interaction)

        people_tab = QSplitter(Qt.Orientation.Vertical)
        people_tab.addWidget(self.table)
        people_tab.addWidget(self.panel)
        people_tab.setSizes([260, 420])
        self.tabs = QTabWidget()
        self.tabs.addTab(people_tab, "People")
        self.tabs.addTab(self.gaps, "Needs attention")
        self.tabs.addTab(self.log_table, "Contact log")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(legend)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([620, 560])

        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(more)
        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        for widget in (self.side_filter, self.function_filter, self.role_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.lines_toggle)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(bar)
        content_layout.addLayout(filters)
        content_layout.addWidget(splitter, 1)

        self.choose = QWidget()
        choose_layout = QVBoxLayout(self.choose)
        self.choose_text = EmptyState("", "")
        choose_layout.addWidget(self.choose_text, 1)
        self.alliance_list = QListWidget()
        self.alliance_list.setMaximumWidth(560)
        self.alliance_list.itemActivated.connect(self._alliance_chosen)
        self.alliance_list.itemClicked.connect(self._alliance_chosen)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.alliance_list, 2)
        centred.addStretch(1)
        choose_layout.addLayout(centred, 2)
        self.nobody = EmptyState(
            "Nobody mapped yet",
            "Add the people who matter on both sides — their power, interest and stance — or "
            "import them from a spreadsheet.",
            [("Add person…", self.add_person), ("Import people from CSV…", self.import_csv)],
        )
        self.pages = QStackedWidget()
        for page in (content, self.choose, self.nobody):
            self.pages.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)
        follow(desk, self, self.reload)

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        if store is None or alliance_id is None:
            self.people, self.by_id = [], {}
            self._fill_alliances()
            self.pages.setCurrentWidget(self.choose)
            return
        try:
            alliance = portfolio.get_alliance(store, alliance_id)
        except StoreError:
            self.pages.setCurrentWidget(self.choose)
            return
        keep = self.panel.stakeholder.id if self.panel.stakeholder else None
        today = date.today()
        self.people = stakeholders.list_stakeholders(store, alliance_id, today)
        self.by_id = {s.id: s for s in self.people}
        self.title.setText(f"Stakeholders — {alliance.name}")
        if not self.people:
            self.pages.setCurrentWidget(self.nobody)
            self.panel.show_person(None, [])
            return
        self.pages.setCurrentIndex(0)
        self._fill_filter(
            self.function_filter, "All functions", {s.person.function for s in self.people}
        )
        roles = {role for s in self.people for role in s.details.role_list}
        self._fill_filter(self.role_filter, "All roles", roles)
        self.onboarding_status = onboarding.status_by_stakeholder(store, alliance_id, today)
        self.model.set_rows(person_lines(self.people, today, self.onboarding_status))
        self.grid.set_people(self.people)
        self._apply_filters()
        self._fill_gaps(today)
        self.log_model.set_rows(stakeholders.interactions(store, alliance_id, limit=500))
        self.select(keep if keep in self.by_id else None)

    def _fill_filter(self, combo: QComboBox, everyone: str, values: set[str]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everyone, ALL)
        for value in sorted(v for v in values if v):
            combo.addItem(value, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    def _fill_gaps(self, today: date) -> None:
        self.gaps.clear()
        due = due_within(self.people, today, 7)
        for s in due:
            when = s.next_due(today)
            label = "overdue since" if when < today else "due"
            item = QListWidgetItem(f"Call this week · {s.name} — {label} {when.isoformat()}")
            item.setData(Qt.ItemDataRole.UserRole, s.id)
            self.gaps.addItem(item)
        for gap in coverage_gaps(self.people, today, onboarded=self.onboarding_status):
            item = QListWidgetItem(f"{gap.kind.value} · {gap.name} — {gap.detail}")
            item.setData(Qt.ItemDataRole.UserRole, gap.stakeholder_id)
            self.gaps.addItem(item)
        if not self.gaps.count():
            self.gaps.addItem("Nothing needs attention: everyone is paired, planned and in touch.")
        count = sum(
            1
            for row in range(self.gaps.count())
            if self.gaps.item(row).data(Qt.ItemDataRole.UserRole)
        )
        self.tabs.setTabText(1, f"Needs attention ({count})" if count else "Needs attention")

    # -- filters and selection -------------------------------------------------------------------

    def matches(self, s: Stakeholder) -> bool:
        side = self.side_filter.currentData()
        function = self.function_filter.currentData()
        role = self.role_filter.currentData()
        text = self.text_filter.text().strip().casefold()
        return (
            (side in (ALL, None) or s.side == side)
            and (function in (ALL, None) or s.person.function == function)
            and (role in (ALL, None) or role in s.details.role_list)
            and (not text or text in f"{s.name} {s.person.title} {s.details.roles}".casefold())
        )

    def _apply_filters(self) -> None:
        self.grid.set_filter(self.matches)
        self.model.set_predicate(lambda line: self.matches(line.stakeholder))
        if self.panel.stakeholder is not None:
            self.select(self.panel.stakeholder.id)

    def select(self, stakeholder_id: int | None) -> None:
        """Show one person in the table, on the grid and in the panel."""
        self._syncing = True
        try:
            row = self.model.find(lambda line: line.stakeholder.id == stakeholder_id)
            if row >= 0:
                select_row(self.table, row)
            else:
                self.table.clearSelection()
            self.grid.select(stakeholder_id)
            self.panel.show_person(self.by_id.get(stakeholder_id), self.people)
        finally:
            self._syncing = False

    def current(self) -> Stakeholder | None:
        return self.panel.stakeholder

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        line = self.model.row_at(current.row())
        if line is not None:
            self.select(line.stakeholder.id)

    def _grid_selected(self, stakeholder_id: int | None) -> None:
        if not self._syncing and stakeholder_id is not None:
            self.select(stakeholder_id)

    def _gap_activated(self, item: QListWidgetItem) -> None:
        stakeholder_id = item.data(Qt.ItemDataRole.UserRole)
        if stakeholder_id:
            self.tabs.setCurrentIndex(0)
            self.select(stakeholder_id)

    def _fill_alliances(self) -> None:
        self.alliance_list.clear()
        for alliance in portfolio.list_alliances(self.desk.store) if self.desk.store else []:
            item = QListWidgetItem(f"{alliance.name} — {alliance.partner}")
            item.setData(Qt.ItemDataRole.UserRole, alliance.id)
            self.alliance_list.addItem(item)
        if self.alliance_list.count():
            self.choose_text.set_text(
                "Choose an alliance",
                "Each alliance has its own stakeholder map. Pick one below, or in the Alliance "
                "selector above (Ctrl+L).",
            )
        else:
            self.choose_text.set_text(
                "No alliances yet",
                "Stakeholder maps belong to alliances. Create your first alliance in the "
                "Portfolio (Ctrl+N), or open the demo portfolio from the File menu.",
            )
        self.alliance_list.setVisible(self.alliance_list.count() > 0)

    def _alliance_chosen(self, item: QListWidgetItem) -> None:
        self.desk.select_alliance(item.data(Qt.ItemDataRole.UserRole))

    # -- actions ---------------------------------------------------------------------------------

    def _rerated(self, stakeholder_id: int, power: int, interest: int) -> None:
        person = self.by_id.get(stakeholder_id)
        if person is not None:
            self.panel.stakeholder = person  # keep them selected after the redraw
            self.desk.run(RateCommand(self.desk, person, power, interest))

    def add_person(self) -> None:
        alliance_id = self.desk.alliance_id
        if self.desk.store is None or alliance_id is None:
            return
        dialog = AddPersonDialog(stakeholders.people_not_on(self.desk.store, alliance_id), self)

        def command_for() -> AddPersonCommand:
            if dialog.result_new is not None:
                name = dialog.result_new[0].name
                return AddPersonCommand(self.desk, alliance_id, name, new=dialog.result_new)
            name = dialog.existing.currentText()
            return AddPersonCommand(self.desk, alliance_id, name, existing=dialog.result_existing)

        command = self.desk.run_dialog(dialog, command_for)
        if command is not None:
            self.select(command.stakeholder_id)

    def remove_current(self) -> None:
        person = self.current()
        if person is not None:
            self.panel.stakeholder = None
            self.desk.run(RemovePersonCommand(self.desk, person))
            self.desk.status.emit(f"Removed {person.name} from this alliance. Undo with Ctrl+Z.")

    def log_interaction(self) -> None:
        alliance_id = self.desk.alliance_id
        if self.desk.store is None or alliance_id is None or not self.people:
            return
        chosen = {self.current().person.id} if self.current() else set()
        people = [(s.person.id, f"{s.name} ({s.side.label})") for s in self.people]
        dialog = LogInteractionDialog(people, chosen, self)
        if self.desk.run_dialog(
            dialog,
            lambda: (
                LogInteractionCommand(self.desk, alliance_id, dialog.draft)
                if dialog.draft is not None
                else None
            ),
        ):
            self.desk.status.emit("Interaction logged.")

    def _delete_interaction(self) -> None:
        interaction = self.log_model.row_at(self.log_table.currentIndex().row())
        if interaction is not None:
            self.desk.run(DeleteInteractionCommand(self.desk, interaction))

    def import_csv(self, path: str | None = None) -> None:
        alliance_id = self.desk.alliance_id
        if self.desk.store is None or alliance_id is None:
            return
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import people", "", "CSV files (*.csv *.txt);;All files (*)"
            )
        if not path:
            return
        try:
            data = read_people_file(path)
            rows = parse_people_csv(data, stakeholders.existing_keys(self.desk.store, alliance_id))
        except ImportRejected as rejected:
            self.desk.report_error(f"{Path(path).name} was not imported.\n\n{rejected.summary()}")
            return
        except Unreadable as error:
            self.desk.report_error(str(error))
            return
        if self.desk.run(ImportPeopleCommand(self.desk, alliance_id, rows, Path(path).name)):
            self.desk.status.emit(f"Imported {len(rows)} people from {Path(path).name}.")

    def export_csv(self, path: str | None = None) -> None:
        if not self.people:
            self.desk.report_error("There is nobody on this alliance to export yet.")
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export people", "people.csv", "CSV (*.csv)"
            )
        if not path:
            return
        try:
            write_private(path, people_to_csv(self.people))
        except OSError as error:
            self.desk.report_error(f"{path} cannot be written: {describe_os_error(error)}.")
            return
        self.desk.status.emit(f"Exported {len(self.people)} people to {path}.")

    def save_png(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Save the grid as a picture", "stakeholder-grid.png", "PNG (*.png)"
            )
        if not path:
            return
        picture = QBuffer()
        picture.open(QIODevice.OpenModeFlag.WriteOnly)
        if not self.grid.to_image().save(picture, "PNG"):
            self.desk.report_error(f"The picture could not be saved to {path}.")
            return
        try:
            write_private(path, bytes(picture.data()))
        except OSError as error:
            self.desk.report_error(f"{path} cannot be written: {describe_os_error(error)}.")
            return
        self.desk.status.emit(f"Saved the grid to {path}.")

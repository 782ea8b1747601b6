"""The Stakeholders section: an alliance's people on the power × interest grid, in a table, and
one person's details, plan, counterparts and contacts; plus coverage gaps and the contact log."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.dates import shown_weekday
from alliance_desk.core.people import Side
from alliance_desk.core.stakeholders import (
    SENTIMENT_LABELS,
    Interaction,
    Stakeholder,
)
from alliance_desk.store import contact_log, onboarding, portfolio, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.alliance_chooser import AllianceChooser
from alliance_desk.ui.alliance_picker import pick_alliance
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.no_match import NoMatch
from alliance_desk.ui.parts_label import PartsLabel
from alliance_desk.ui.section_focus import follow_pages
from alliance_desk.ui.stakeholders import files
from alliance_desk.ui.stakeholders.attention import AttentionList, attention_lines
from alliance_desk.ui.stakeholders.columns import (
    INTERACTION_COLUMNS,
    PEOPLE_COLUMNS,
    PersonLine,
    person_lines,
    renamed,
)
from alliance_desk.ui.stakeholders.commands import (
    DeleteInteractionCommand,
    RateCommand,
    RemovePersonCommand,
)
from alliance_desk.ui.stakeholders.dialogs import add_person, log_interaction
from alliance_desk.ui.stakeholders.grid import LEGEND, StakeholderGrid
from alliance_desk.ui.stakeholders.panel import PersonPanel
from alliance_desk.ui.table_model import RowTableModel
from alliance_desk.ui.table_view import make_table, select_row
from alliance_desk.ui.widgets import (
    EmptyState,
    heading,
    section_tabs,
    splitter,
    unbroken,
    vertical_scroll,
)

SHOWS = frozenset(
    {
        Kind.STAKEHOLDER,
        Kind.PERSON,
        Kind.RATING,
        Kind.COUNTERPART,
        Kind.INTERACTION,
        Kind.PLAN,
        Kind.ALLIANCE,
    }
)

ALL = "__all__"
# Rows of people the list asks for: a dozen and a glimpse of more on a tall screen; on a
# 1024×700 one the details below keep their least and the list gets ten and a half.
LIST_ROWS = 12.5


class ListPane(QWidget):
    """A table that asks for `LIST_ROWS` rows of height, however tall the window."""

    def __init__(self, table: QTableView) -> None:
        super().__init__()
        self.table = table
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)

    def sizeHint(self) -> QSize:
        header = self.table.horizontalHeader().sizeHint().height()
        rows = LIST_ROWS * self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth()
        return QSize(super().sizeHint().width(), int(header + rows + frame))


class StakeholdersView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.people: list[Stakeholder] = []
        self.by_id: dict[int, Stakeholder] = {}
        self.onboarding_status: dict = {}
        self.start_onboarding: Callable[[int], None] | None = None  # set by the main window
        self.alliance_name = ""
        self._syncing = False

        self.title = heading(self.tr("Stakeholders"))
        self.side_filter = QComboBox()
        self.side_filter.addItem(self.tr("Both sides"), ALL)
        for side in Side:
            self.side_filter.addItem(side.label, side)
        self.function_filter = QComboBox()
        self.role_filter = QComboBox()
        for combo, name in (
            (self.side_filter, self.tr("Show side")),
            (self.function_filter, self.tr("Show function")),
            (self.role_filter, self.tr("Show role")),
        ):
            combo.setAccessibleName(name)  # its value alone ("Both sides") is not a name
        for combo in (self.side_filter, self.function_filter, self.role_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.lines_toggle = QCheckBox(self.tr("Counterpart lines"))
        self.lines_toggle.setChecked(True)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Filter people   (Ctrl+F)"))
        self.text_filter.setAccessibleName(self.tr("Filter people"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._apply_filters)

        self.add_button = QPushButton(self.tr("Add person…"))
        self.add_button.setObjectName("primary")
        self.add_button.clicked.connect(self.add_person)
        # A push button draws its menu's arrow in a place of its own (a tool button's sat
        # against the last letter: "More.")
        more = QPushButton(self.tr("More"))
        menu = QMenu(more)
        menu.addAction(self.tr("Import people from CSV…"), self.import_csv)
        menu.addAction(self.tr("Export people to CSV…"), self.export_csv)
        menu.addSeparator()
        menu.addAction(self.tr("Save the grid as PNG…"), self.save_png)
        more.setMenu(menu)

        self.grid = StakeholderGrid()
        self.grid.rerated.connect(self._rerated)
        self.grid.selected.connect(self._grid_selected)
        self.lines_toggle.toggled.connect(self.grid.show_counterparts)
        # A mark and its word stay on one line ("○" ending one line, "neutral" the next).
        legend = PartsLabel(
            re.sub(r"([★+○?✕]) ", "\\1\u00a0", translate("StakeholderGrid", LEGEND))
        )
        legend.setObjectName("muted")

        self.model: RowTableModel[PersonLine] = RowTableModel(PEOPLE_COLUMNS, self)
        self.table = make_table(self.model, name=self.tr("People"))
        NoMatch(self.table, self.text_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.log_interaction())
        self.panel = PersonPanel(self)
        self.gaps = AttentionList()
        self.gaps.opened.connect(self._gap_activated)
        self.log_model: RowTableModel[Interaction] = RowTableModel(INTERACTION_COLUMNS, self)
        self.log_table = make_table(self.log_model, 0, descending=True, stretch=4)  # newest first
        self.log_table.setAccessibleName(self.tr("Contact log"))
        self.log_note = QLabel()
        self.log_note.setWordWrap(True)
        self.log_note.setTextFormat(Qt.TextFormat.PlainText)
        self.log_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_note.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.log_note.setAccessibleName(self.tr("The selected contact's note"))
        self.log_table.selectionModel().currentRowChanged.connect(self._show_note)
        delete_interaction = QAction(self.tr("Delete interaction"), self.log_table)
        delete_interaction.setShortcut(QKeySequence.StandardKey.Delete)
        delete_interaction.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_interaction.triggered.connect(self._delete_interaction)
        self.log_table.addAction(delete_interaction)

        # The list asks for its rows (LIST_ROWS); the person's details below keep their name
        # and actions in view, take any height to spare and scroll the rest.
        people_tab = splitter("peopleListSplitter", ListPane(self.table), self.panel, vertical=True)
        people_tab.setStretchFactor(0, 0)
        people_tab.setStretchFactor(1, 1)
        self.tabs = section_tabs()
        self.tabs.addTab(people_tab, self.tr("People"))
        self.tabs.addTab(self.gaps, self.tr("Needs attention"))
        contact_log = splitter(
            "contactLogSplitter",
            self.log_table,
            vertical_scroll(self.log_note, self.tr("Note")),
            vertical=True,
        )
        contact_log.setSizes([320, 140])
        self.tabs.addTab(contact_log, self.tr("Contact log"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.grid, 1)
        left_layout.addWidget(legend)
        split = splitter("stakeholdersSplitter", left, self.tabs)
        split.setSizes([620, 560])

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
        content_layout.addWidget(split, 1)

        self.choose = AllianceChooser(self.tr("Each alliance has its own stakeholder map."))
        self.choose.chosen.connect(self.desk.select_alliance)
        self.nobody = EmptyState(
            self.tr("Nobody mapped yet"),
            self.tr(
                "Add the people who matter on both sides — their power, interest and stance — or "
                "import them from a spreadsheet."
            ),
            [
                (self.tr("Add person…"), self.add_person),
                (self.tr("Import people from CSV…"), self.import_csv),
            ],
        )
        self.pages = QStackedWidget()
        for page in (content, self.choose, self.nobody):
            self.pages.addWidget(page)
        follow_pages(self.pages)  # an alliance picked: the keyboard in its people
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)
        follow(desk, self, self.reload, SHOWS, refresh_rows=self.refresh_rows)

    # -- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        store, alliance_id = self.desk.store, self.desk.alliance_id
        self.panel.forget()
        if store is None or alliance_id is None:
            self.people, self.by_id = [], {}
            self.choose.fill(portfolio.list_alliances(store) if store else [])
            self.pages.setCurrentWidget(self.choose)
            return
        try:
            alliance = portfolio.get_alliance(store, alliance_id)
        except StoreError:
            self.pages.setCurrentWidget(self.choose)
            return
        today = wall.today()
        self.people = stakeholders.list_stakeholders(store, alliance_id, today)
        self.alliance_name = alliance.name
        self.title.setText(self.tr("Stakeholders — {name}").format(name=alliance.name))
        if not self.people:
            self.by_id = {}
            self.pages.setCurrentWidget(self.nobody)
            self.panel.show_person(None, [])
            return
        self.onboarding_status = onboarding.status_by_stakeholder(store, alliance_id, today)
        self.log_model.set_rows(contact_log.interactions(store, alliance_id, limit=500))
        # The newest contact read out below the log (its pane was blank until a click).
        select_row(self.log_table, 0 if self.log_model.rowCount() else -1)
        self._show_note(self.log_table.currentIndex(), QModelIndex())
        self._show_people(today)

    def refresh_rows(self, changes: Changes) -> bool:
        """After an edit of people's own details or their place here (the common edit), read
        only those people's details again; anything else reloads the section."""
        if not changes.only({Kind.PERSON, Kind.STAKEHOLDER}) or not self.people:
            return False
        places, persons = changes.ids_of(Kind.STAKEHOLDER), changes.ids_of(Kind.PERSON)
        if places is None or persons is None:
            return False
        affected = [s for s in self.people if s.id in places or s.person.id in persons]
        if not affected:
            return True
        fresh = {
            s.id: s for s in stakeholders.with_current_details(self.desk.require_store(), affected)
        }
        if len(fresh) != len(affected):
            return False
        self.people = [fresh.get(s.id, s) for s in self.people]
        if persons:  # the contact log names them too
            names = {s.person.id: s.name for s in self.people}
            self.log_model.set_rows([renamed(i, names) for i in self.log_model.all_rows()])
        self._show_people(wall.today())
        return True

    def _show_people(self, today: date) -> None:
        """Show `self.people` everywhere in the section: table, grid, filters, gaps, panel."""
        keep = self.panel.stakeholder.id if self.panel.stakeholder else None
        self.by_id = {s.id: s for s in self.people}
        self.pages.setCurrentIndex(0)
        self._fill_filter(
            self.function_filter, self.tr("All functions"), {s.person.function for s in self.people}
        )
        roles = {role for s in self.people for role in s.details.role_list}
        self._fill_filter(self.role_filter, self.tr("All roles"), roles)
        self.model.set_rows(person_lines(self.people, today, self.onboarding_status))
        self.grid.set_people(self.people)
        self._apply_filters()
        self._fill_gaps(today)
        if keep not in self.by_id:  # another alliance's people: the first, as every register
            first = self.model.row_at(0) if self.model.rowCount() else None
            keep = first.stakeholder.id if first is not None else None
        self.select(keep)

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
        self.gaps.show_lines(attention_lines(self.people, today, self.onboarding_status), today)
        count = self.gaps.count()
        self.tabs.setTabText(
            1,
            (
                self.tr("Needs attention ({count})").format(count=count)
                if count
                else self.tr("Needs attention")
            ),
        )

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
        shown = self.panel.stakeholder
        if shown is not None:
            # A person the filter hides is no longer selected: Ctrl+I and Remove act only on
            # someone the user can see.
            self.select(shown.id if self.matches(shown) else None)

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
            shown = None if stakeholder_id is None else self.by_id.get(stakeholder_id)
            self.panel.show_person(shown, self.people)
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

    def _gap_activated(self, stakeholder_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        self.select(stakeholder_id)

    # -- actions ---------------------------------------------------------------------------------

    def _rerated(self, stakeholder_id: int, power: int, interest: int) -> None:
        person = self.by_id.get(stakeholder_id)
        if person is not None:
            self.panel.stakeholder = person  # keep them selected after the redraw
            self.desk.run(RateCommand(self.desk, person, power, interest))

    def _alliance(self) -> int | None:
        """The alliance in focus; on "All alliances", the one the user picks (then in focus:
        the section shows one alliance's people)."""
        alliance_id = pick_alliance(self.desk, self, self.tr("Each alliance has its own people."))
        if alliance_id is not None:
            self.desk.select_alliance(alliance_id)
        return alliance_id

    def add_person(self) -> None:
        alliance_id = self._alliance()
        if alliance_id is None:
            return
        stakeholder_id = add_person(self.desk, self, alliance_id)
        if stakeholder_id is not None:
            self.select(stakeholder_id)

    def remove_current(self) -> None:
        person = self.current()
        if person is not None:
            self.panel.stakeholder = None
            self.desk.run(RemovePersonCommand(self.desk, person))
            self.desk.status.emit(
                self.tr("Removed {name} from this alliance. Undo with Ctrl+Z.").format(
                    name=person.name
                )
            )

    def log_interaction(self) -> None:
        """With the person selected, if one is (and shown: the filter never hides them)."""
        alliance_id = self._alliance()
        if alliance_id is not None:
            chosen = [current.person.id] if (current := self.current()) else []
            log_interaction(self.desk, self, alliance_id, chosen)

    def _show_note(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The whole of the selected contact: who, when, how it felt, every line of the note."""
        i = self.log_model.row_at(current.row()) if current.isValid() else None
        if i is None:
            self.log_note.setText(self.tr("Select a contact to read its note in full."))
            return
        head = f"{shown_weekday(i.occurred_on)} · {i.kind.label} · {', '.join(i.people_names)}"
        self.log_note.setText(
            f"{head} · {unbroken(SENTIMENT_LABELS[i.sentiment])}\n\n{i.note or '(no note)'}"
        )

    def _delete_interaction(self) -> None:
        interaction = self.log_model.row_at(self.log_table.currentIndex().row())
        if interaction is not None:
            self.desk.run(DeleteInteractionCommand(self.desk, interaction))

    def import_csv(self, path: str | None = None) -> None:
        files.import_csv(self, path)

    def export_csv(self, path: str | None = None) -> None:
        files.export_csv(self, path)

    def save_png(self, path: str | None = None) -> None:
        files.save_png(self, path)

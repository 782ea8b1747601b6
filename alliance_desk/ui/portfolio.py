"""The Portfolio section: the list of alliances and the form that edits one, saved as you type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import Alliance, AllianceDraft
from alliance_desk.store import people, portfolio
from alliance_desk.ui.alliance_form import AllianceForm, NewAllianceDialog
from alliance_desk.ui.desk import Desk, StoreCommand
from alliance_desk.ui.theme import TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, heading


@dataclass(frozen=True, slots=True)
class _Column:
    title: str
    text: object  # Callable[[Alliance, tuple[int, int]], str]
    key: object  # sort key from the same arguments


COLUMNS = (
    _Column("Alliance", lambda a, c: a.name, lambda a, c: a.name.casefold()),
    _Column("Partner", lambda a, c: a.partner, lambda a, c: a.partner.casefold()),
    _Column("Type", lambda a, c: a.alliance_type.label, lambda a, c: a.alliance_type.value),
    _Column("Phase", lambda a, c: a.phase.label, lambda a, c: list(type(a.phase)).index(a.phase)),
    _Column("Tier", lambda a, c: f"Tier {a.tier}", lambda a, c: a.tier),
    _Column("Crit.", lambda a, c: str(a.criticality), lambda a, c: a.criticality),
    _Column("Compl.", lambda a, c: str(a.complexity), lambda a, c: a.complexity),
    _Column("Value (M)", lambda a, c: f"{a.financial_value:,.1f}", lambda a, c: a.financial_value),
    _Column(
        "Started",
        lambda a, c: a.start_date.isoformat() if a.start_date else "—",
        lambda a, c: a.start_date.toordinal() if a.start_date else 0,
    ),
    _Column("People (us / them)", lambda a, c: f"{c[0]} / {c[1]}", lambda a, c: c[0] + c[1]),
)


class AllianceTableModel(QAbstractTableModel):
    """Alliances as the store returned them. Filters and sorts over keys computed once per load."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[tuple[Alliance, tuple[int, int], str]] = []
        self._rows: list[tuple[Alliance, tuple[int, int], str]] = []
        self._filter = ""
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_alliances(self, alliances: list[Alliance], counts: dict[int, tuple[int, int]]) -> None:
        self.beginResetModel()
        self._all = [
            (
                a,
                counts.get(a.id, (0, 0)),
                f"{a.name} {a.partner} {a.phase} {a.alliance_type}".casefold(),
            )
            for a in alliances
        ]
        self._apply()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.strip().casefold()
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        rows = [row for row in self._all if self._filter in row[2]] if self._filter else self._all
        column, order = self._sort
        key = COLUMNS[column].key
        self._rows = sorted(
            rows, key=lambda row: key(row[0], row[1]), reverse=order == Qt.SortOrder.DescendingOrder
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    def alliance_at(self, row: int) -> Alliance | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, alliance_id: int) -> int:
        for row, (alliance, _, _) in enumerate(self._rows):
            if alliance.id == alliance_id:
                return row
        return -1

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].title
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        alliance, counts, _ = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column].text(alliance, counts)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(TIER_COLOURS[alliance.tier])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 4:
                if alliance.tier_override:
                    return f"Set by you (suggested: Tier {alliance.suggested_tier})"
                return "Suggested from criticality × complexity"
            if column == 0 and alliance.north_star:
                return alliance.north_star
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return alliance.id
        return None


class CreateAllianceCommand(StoreCommand):
    def __init__(self, desk: Desk, draft: AllianceDraft) -> None:
        super().__init__(desk, f"Create alliance “{draft.name}”")
        self.draft = draft
        self.alliance_id: int | None = None

    def apply(self) -> None:
        if self.alliance_id is None:
            self.alliance_id = portfolio.create_alliance(self.desk.store, self.draft).id
        else:
            portfolio.undelete_alliance(self.desk.store, self.alliance_id)

    def revert(self) -> None:
        portfolio.delete_alliance(self.desk.store, self.alliance_id)


class EditAllianceCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance_id: int, before: AllianceDraft, after: AllianceDraft):
        super().__init__(desk, f"Edit “{after.name}”")
        self.alliance_id, self.before, self.after = alliance_id, before, after

    def apply(self) -> None:
        portfolio.update_alliance(self.desk.store, self.alliance_id, self.after)

    def revert(self) -> None:
        portfolio.update_alliance(self.desk.store, self.alliance_id, self.before)


class DeleteAllianceCommand(StoreCommand):
    def __init__(self, desk: Desk, alliance: Alliance) -> None:
        super().__init__(desk, f"Delete “{alliance.name}”")
        self.alliance_id = alliance.id

    def apply(self) -> None:
        portfolio.delete_alliance(self.desk.store, self.alliance_id)

    def revert(self) -> None:
        portfolio.undelete_alliance(self.desk.store, self.alliance_id)


class AllianceDetail(QWidget):
    """The selected alliance's form; each field is saved when the user leaves it, if valid."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.alliance: Alliance | None = None
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setObjectName("muted")
        self.form = AllianceForm()
        self.form.edited.connect(self.save)
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        self.history.setWordWrap(True)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addWidget(self.title)
        layout.addWidget(self.saved)
        layout.addWidget(self.form)
        layout.addWidget(heading("North Star history", level=2))
        layout.addWidget(self.history)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_alliance(self, alliance: Alliance | None) -> None:
        self.alliance = alliance
        self.setEnabled(alliance is not None)
        if alliance is None:
            self.title.setText("No alliance selected")
            self.saved.setText("")
            self.history.clear()
            return
        self.title.setText(alliance.name)
        self.form.set_draft(alliance.draft())
        self.saved.setText("All changes saved")
        self.history.clear()
        for when, statement in reversed(portfolio.north_star_history(self.desk.store, alliance.id)):
            self.history.addItem(f"{when} — {statement}")
        if not self.history.count():
            self.history.addItem("No North Star recorded yet.")

    def save(self) -> None:
        if self.alliance is None:
            return
        draft = self.form.validated()
        if draft is None:
            self.saved.setText("Not saved — fix the highlighted field")
            return
        if draft == self.alliance.draft():
            return
        command = EditAllianceCommand(self.desk, self.alliance.id, self.alliance.draft(), draft)
        if self.desk.run(command):
            self.saved.setText("All changes saved")
            self.form.mark_saved()


class PortfolioView(QWidget):
    """All alliances, filterable and sortable, with the selected one's details beside them."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._syncing = False
        self.model = AllianceTableModel(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, partner, phase or type   (Ctrl+F)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_filter)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        self.table.setMinimumWidth(480)
        header.setStretchLastSection(False)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = AllianceDetail(desk)

        self.new_button = QPushButton("New alliance…")
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_alliance)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("secondary")
        self.delete_button.clicked.connect(self.delete_current)
        self.delete_action = QAction("&Delete alliance", self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        # Only while the portfolio has focus: Delete elsewhere must never remove an alliance.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)
        QShortcut(QKeySequence.StandardKey.Find, self, self.filter.setFocus)

        list_side = QWidget()
        left = QVBoxLayout(list_side)
        left.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(heading("Portfolio"), 1)
        header.addWidget(self.delete_button)
        header.addWidget(self.new_button)
        left.addLayout(header)
        left.addWidget(self.filter)
        left.addWidget(self.table)
        splitter = QSplitter()
        splitter.addWidget(list_side)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 380])
        splitter.setCollapsible(0, False)

        self.empty = EmptyState(
            "No alliances yet",
            "Your portfolio lists every partnership you look after, with its phase, tier and "
            "North Star. Create your first one, or open the demo portfolio to look around.",
            [
                ("Create my first alliance", self.new_alliance),
                ("Open the demo portfolio", self._demo),
            ],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)

        desk.data_changed.connect(self.reload)
        desk.alliance_changed.connect(self._select_id)
        self.open_demo = None  # set by the main window
        self.reload()

    def _demo(self) -> None:
        if self.open_demo:
            self.open_demo()

    def reload(self) -> None:
        store = self.desk.store
        keep = self.detail.alliance.id if self.detail.alliance else self.desk.alliance_id
        alliances = portfolio.list_alliances(store) if store else []
        counts = people.people_counts(store) if store else {}
        first_load = self.model.rowCount() == 0
        self.model.set_alliances(alliances, counts)
        if first_load and alliances:
            # Sized once from the rows; resizing on every change would read every cell again.
            self.table.resizeColumnsToContents()
            self.table.horizontalHeader().resizeSection(0, 260)
        self.pages.setCurrentIndex(0 if alliances else 1)
        self.delete_button.setEnabled(bool(alliances))
        self.delete_action.setEnabled(bool(alliances))
        self._select_id(keep if keep is not None else (alliances[0].id if alliances else None))

    def _select_id(self, alliance_id: int | None) -> None:
        """Show an alliance without announcing it: only the user's own choice moves the focus."""
        row = self.model.row_of(alliance_id) if alliance_id is not None else -1
        if row < 0 and self.model.rowCount():
            row = 0
        self._syncing = True
        try:
            if row >= 0:
                self.table.selectionModel().setCurrentIndex(
                    self.model.index(row, 0),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.detail.show_alliance(self.model.alliance_at(row))
            else:
                self.table.clearSelection()
                self.detail.show_alliance(None)
        finally:
            self._syncing = False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        alliance = self.model.alliance_at(current.row()) if current.isValid() else None
        if alliance is not None:
            if self.detail.alliance is None or alliance.id != self.detail.alliance.id:
                self.detail.show_alliance(alliance)
            self.desk.select_alliance(alliance.id)

    def new_alliance(self) -> None:
        if self.desk.store is None:
            return
        dialog = NewAllianceDialog(self)
        if dialog.exec() and dialog.draft is not None:
            command = CreateAllianceCommand(self.desk, dialog.draft)
            if self.desk.run(command):
                self._select_id(command.alliance_id)
                self.desk.select_alliance(command.alliance_id)

    def delete_current(self) -> None:
        alliance = self.detail.alliance
        if alliance is None:
            return
        self.detail.alliance = None
        self.desk.run(DeleteAllianceCommand(self.desk, alliance))
        self.desk.status.emit(f"Deleted “{alliance.name}”. Undo with Ctrl+Z.")

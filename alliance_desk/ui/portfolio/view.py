"""The Portfolio section: the list of alliances and the form that edits one, saved as you type."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.dates import shown
from alliance_desk.core.portfolio import Alliance, Phase
from alliance_desk.store import people, portfolio
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.into_form import enter_moves_into
from alliance_desk.ui.list_split import ListSplitter
from alliance_desk.ui.no_match import NoMatch
from alliance_desk.ui.portfolio.commands import (
    CreateAllianceCommand,
    DeleteAllianceCommand,
    EditAllianceCommand,
)
from alliance_desk.ui.portfolio.form import AllianceForm, NewAllianceDialog
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import make_table, select_row
from alliance_desk.ui.theme import TIER_COLOURS
from alliance_desk.ui.widgets import EmptyState, heading, vertical_scroll

# The alliances, with how many people each has on both sides.
SHOWS = frozenset({Kind.ALLIANCE, Kind.PERSON, Kind.STAKEHOLDER})


@dataclass(frozen=True, slots=True)
class AllianceLine:
    alliance: Alliance
    counts: tuple[int, int]  # people on our side, on the partner's


def _tier_tip(line: AllianceLine) -> str:
    alliance = line.alliance
    if alliance.tier_override:
        return translate("Column", "Set by you (suggested: Tier {tier})").format(
            tier=alliance.suggested_tier
        )
    return translate("Column", "Suggested from criticality × complexity")


COLUMNS: tuple[Column[AllianceLine], ...] = (
    Column(
        QT_TRANSLATE_NOOP("Column", "Alliance"),
        lambda r: r.alliance.name,
        tooltip=lambda r: r.alliance.north_star or None,
        whole=True,  # every name whole, not a typical one, beside the partner and the tier
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Partner"),
        lambda r: r.alliance.partner,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Type"),
        lambda r: r.alliance.alliance_type.label,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Phase"),
        lambda r: r.alliance.phase.label,
        key=lambda r: list(Phase).index(r.alliance.phase),
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Tier"),
        lambda r: translate("Column", "Tier {tier}").format(tier=r.alliance.tier),
        key=lambda r: r.alliance.tier,
        align_right=True,
        tooltip=_tier_tip,
        colour=lambda r: TIER_COLOURS[r.alliance.tier],
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Crit."),
        lambda r: str(r.alliance.criticality),
        key=lambda r: r.alliance.criticality,
        align_right=True,
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Compl."),
        lambda r: str(r.alliance.complexity),
        key=lambda r: r.alliance.complexity,
        align_right=True,
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Value (M)"),
        lambda r: r.alliance.value_shown,
        key=lambda r: r.alliance.financial_value,
        align_right=True,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Started"),
        lambda r: shown(r.alliance.start_date),
        key=lambda r: r.alliance.start_date.toordinal() if r.alliance.start_date else 0,
        priority=3,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "People (us / them)"),
        lambda r: f"{r.counts[0]} / {r.counts[1]}",
        key=lambda r: sum(r.counts),
        align_right=True,
        priority=2,
    ),
)


class AllianceTableModel(RowTableModel[AllianceLine]):
    """Alliances as the store returned them, with their people counts."""

    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def set_alliances(self, alliances: list[Alliance], counts: dict[int, tuple[int, int]]) -> None:
        self.set_rows([AllianceLine(a, counts.get(a.id, (0, 0))) for a in alliances])

    def alliance_at(self, row: int) -> Alliance | None:
        line = self.row_at(row)
        return line.alliance if line else None

    def row_of(self, alliance_id: int) -> int:
        return self.find(lambda line: line.alliance.id == alliance_id)


class AllianceDetail(QWidget):
    """The selected alliance's form; each field is saved when the user leaves it, if valid."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.alliance: Alliance | None = None
        self._history: dict[tuple[int, str], list[tuple[str, str]]] = {}
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.saved = QLabel()
        self.saved.setObjectName("muted")
        self.form = AllianceForm()
        self.form.edited.connect(self.save)
        self.history = QListWidget()
        self.history.setMaximumHeight(110)
        self.history.setAccessibleName(self.tr("North Star history"))
        self.history.setWordWrap(True)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        history_title = heading(self.tr("North Star history"), level=2)
        # With none selected (a filter matching nothing), no form at all: the last alliance's
        # values stayed in it, greyed, under "No alliance selected".
        self.body = (self.form, history_title, self.history)
        layout.addWidget(self.title)
        layout.addWidget(self.saved)
        for part in self.body:
            layout.addWidget(part)
        layout.addStretch(1)
        scroll = vertical_scroll(inner, self.tr("Alliance details"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def forget_history(self) -> None:
        """Read North Star histories again when next shown (a teammate may have added one)."""
        self._history.clear()

    def show_alliance(self, alliance: Alliance | None) -> None:
        self.alliance = alliance
        self.setEnabled(alliance is not None)
        for part in self.body:
            part.setVisible(alliance is not None)
        if alliance is None:
            self.title.setText(self.tr("No alliance selected"))
            self.saved.setText(self.tr("Choose one in the list to see and edit it."))
            self.history.clear()
            return
        self.title.setText(alliance.name)
        self.form.set_draft(alliance.draft())
        self.saved.setText(self.tr("All changes saved"))
        self.history.clear()
        key = (alliance.id, alliance.north_star)  # the history moves only with the statement
        if key not in self._history:
            self._history[key] = portfolio.north_star_history(
                self.desk.require_store(), alliance.id
            )
        for when, statement in reversed(self._history[key]):
            self.history.addItem(f"{shown(date.fromisoformat(when))} — {statement}")
        if not self.history.count():
            self.history.addItem(self.tr("No North Star recorded yet."))

    def save(self) -> None:
        if self.alliance is None:
            return
        draft = self.form.validated()
        if draft is None:
            self.saved.setText(self.tr("Not saved — fix the highlighted field"))
            return
        if draft == self.alliance.draft():
            return
        command = EditAllianceCommand(self.desk, self.alliance, draft)
        if self.desk.run(command):
            self.saved.setText(self.tr("All changes saved"))
            self.form.mark_saved()
        elif self.desk.store is not None:
            try:  # changed elsewhere? a second save, now warned, replaces their version
                self.alliance = portfolio.get_alliance(self.desk.store, self.alliance.id)
            except StoreError:
                return
            self.saved.setText(self.tr("Not saved — see the message; your text is still here"))


class PortfolioView(QWidget):
    """All alliances, filterable and sortable, with the selected one's details beside them."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self._syncing = False
        self.model = AllianceTableModel(self)
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(
            self.tr("Filter by name, partner, phase or type   (Ctrl+F)")
        )
        self.text_filter.setAccessibleName(self.tr("Filter alliances"))
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._filter_changed)
        self.table = make_table(self.model, sort_column=0)
        self.table.setMinimumWidth(360)
        self.table.setAccessibleName(self.tr("Alliances"))
        NoMatch(self.table, self.text_filter)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.detail = AllianceDetail(desk)
        enter_moves_into(self.table, lambda: self.detail.form.fields.values())

        self.new_button = QPushButton(self.tr("New alliance…"))
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_alliance)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("secondary")
        self.delete_button.clicked.connect(self.delete_current)
        self.delete_action = QAction(self.tr("&Delete alliance"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        # Only while the portfolio has focus: Delete elsewhere must never remove an alliance.
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.table.addAction(self.delete_action)

        list_side = QWidget()
        left = QVBoxLayout(list_side)
        left.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(heading(self.tr("Portfolio")), 1)
        title_row.addWidget(self.delete_button)
        title_row.addWidget(self.new_button)
        left.addLayout(title_row)
        left.addWidget(self.text_filter)
        left.addWidget(self.table)
        # On a laptop the details give way, so every alliance's name reads whole.
        splitter = ListSplitter("portfolioSplitter", list_side, self.detail, 0.35, self.table)

        self.empty = EmptyState(
            self.tr("No alliances yet"),
            self.tr(
                "Your portfolio lists every partnership you look after, with its phase, tier and "
                "North Star. Create your first one, or open the demo portfolio to look around."
            ),
            [
                (self.tr("Create my first alliance"), self.new_alliance),
                (self.tr("Open the demo portfolio"), self._demo),
            ],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(splitter)
        self.pages.addWidget(self.empty)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.pages)

        follow(desk, self, self.reload, SHOWS, alliance=False, refresh_rows=self.refresh_rows)
        desk.alliance_changed.connect(self._select_id)
        self.open_demo: Callable[[], None] | None = None  # set by the main window

    def _demo(self) -> None:
        if self.open_demo:
            self.open_demo()

    def refresh_rows(self, changes: Changes) -> bool:
        """After an edit of alliances already listed, read only those again."""
        ids = changes.ids_of(Kind.ALLIANCE)
        if not changes.only({Kind.ALLIANCE}) or ids is None or self.desk.store is None:
            return False
        fresh = portfolio.list_alliances(self.desk.store, ids=ids)
        if {a.id for a in fresh} != ids or any(self.model.row_of(i) < 0 for i in ids):
            return False  # added, deleted or brought back: the list itself changes
        counts = {line.alliance.id: line.counts for line in self.model.all_rows()}
        self.model.replace_rows(
            {a.id: AllianceLine(a, counts[a.id]) for a in fresh}, lambda line: line.alliance.id
        )
        keep = self.detail.alliance.id if self.detail.alliance else self.desk.alliance_id
        self._select_id(keep)
        return True

    def reload(self) -> None:
        store = self.desk.store
        keep = self.detail.alliance.id if self.detail.alliance else self.desk.alliance_id
        self.detail.forget_history()
        alliances = portfolio.list_alliances(store) if store else []
        counts = people.people_counts(store) if store else {}
        self.model.set_alliances(alliances, counts)
        self.pages.setCurrentIndex(0 if alliances else 1)
        self.delete_button.setEnabled(bool(alliances))
        self.delete_action.setEnabled(bool(alliances))
        self._select_id(keep if keep is not None else (alliances[0].id if alliances else None))

    def _filter_changed(self, text: str) -> None:
        self.model.set_filter(text)
        # An alliance the filter hides is no longer selected: Delete acts only on one shown.
        self._select_id(self.detail.alliance.id if self.detail.alliance else None)

    def _select_id(self, alliance_id: int | None) -> None:
        """Show an alliance without announcing it: only the user's own choice moves the focus.
        One the filter hides is not shown (nor is another in its place); with none asked
        for, the first listed is."""
        row = self.model.row_of(alliance_id) if alliance_id is not None else -1
        if row < 0 and self.model.rowCount() and alliance_id is None:
            row = 0
        self._syncing = True
        try:
            if row >= 0:
                select_row(self.table, row)
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
        command = self.desk.run_dialog(
            dialog,
            lambda: CreateAllianceCommand(self.desk, dialog.draft) if dialog.draft else None,
        )
        if command is not None:
            self._select_id(command.alliance_id)
            self.desk.select_alliance(command.alliance_id)

    def delete_current(self) -> None:
        alliance = self.detail.alliance
        if alliance is None:
            self.desk.report_error(
                self.tr("Select the alliance to delete in the Portfolio list first.")
            )
            return
        self.detail.alliance = None
        self.desk.run(DeleteAllianceCommand(self.desk, alliance))
        self.desk.status.emit(
            self.tr("Deleted “{name}”. Undo with Ctrl+Z.").format(name=alliance.name)
        )

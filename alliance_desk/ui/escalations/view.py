"""The Escalations section: the log with filters and totals, one escalation's details and its
history, and how long open issues have been waiting, per alliance."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.business_days import SlaPolicy
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.escalation_ages import cost_of_time
from alliance_desk.core.escalations import LEVELS, Category, Escalation, Status, level_label
from alliance_desk.store import (
    escalation_log,
    escalation_totals,
    escalations,
    portfolio,
    stakeholders,
)
from alliance_desk.store.errors import StoreError
from alliance_desk.store.paging import Order, Page
from alliance_desk.ui.alliance_picker import name_the_alliance, pick_alliance
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.escalations.chart import AgeChart
from alliance_desk.ui.escalations.columns import (
    ALLIANCE,
    COLUMNS,
    SORTS,
    Line,
    counted,
    line_id,
    lines_for,
)
from alliance_desk.ui.escalations.commands import (
    RaiseCommand,
)
from alliance_desk.ui.escalations.dialogs import (
    RaiseDialog,
)
from alliance_desk.ui.escalations.panel import EscalationPanel
from alliance_desk.ui.list_split import ListSplitter
from alliance_desk.ui.no_match import NoMatch
from alliance_desk.ui.paged_model import PagedTableModel
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.widgets import EmptyState, heading, section_tabs

# What the log shows: issues, their alliances, the people involved, service levels.
SHOWS = frozenset({Kind.ESCALATION, Kind.ALLIANCE, Kind.PERSON, Kind.STAKEHOLDER, Kind.POLICY})

ALL = "__all__"


# -- the section ----------------------------------------------------------------------------------


class EscalationsView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk

        self.title = heading(self.tr("Escalations"))
        raise_button = QPushButton(self.tr("Raise escalation…"))
        raise_button.setObjectName("primary")
        raise_button.setToolTip(self.tr("Ctrl+Shift+E"))
        raise_button.clicked.connect(self.raise_escalation)
        self.totals = QLabel()
        self.totals.setObjectName("muted")
        self.totals.setWordWrap(True)

        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Filter   (Ctrl+F)"))
        self.text_filter.setAccessibleName(self.tr("Filter escalations"))
        self.text_filter.setClearButtonEnabled(True)
        self.category_filter = _combo(
            self.tr("All categories"), [(c.label, c.value) for c in Category]
        )
        self.level_filter = _combo(self.tr("All levels"), [(level_label(k), k) for k in LEVELS])
        self.status_filter = _combo(
            self.tr("Open and escalated"),
            [(self.tr("Everything"), "any"), *((s.label, s.value) for s in Status)],
        )
        for combo, name in (
            (self.category_filter, self.tr("Show category")),
            (self.level_filter, self.tr("Show level")),
            (self.status_filter, self.tr("Show status")),
        ):
            combo.setAccessibleName(name)  # its value alone ("All levels") is not a name
        self.past_only = QCheckBox(self.tr("Past SLA only"))
        self.pinned: int | None = (
            None  # the issue being worked on stays listed until filters change
        )
        self.text_filter.textChanged.connect(self._filters_changed)
        for combo in (self.category_filter, self.level_filter, self.status_filter):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.past_only.toggled.connect(self._filters_changed)

        self.model: PagedTableModel[Line] = PagedTableModel(COLUMNS, SORTS, self)
        self.model.fetch = self._fetch
        self.table = make_table(self.model, sort_column=1, name=self.tr("Escalations"))
        NoMatch(self.table, self.text_filter)
        self.table.horizontalHeader().moveSection(ALLIANCE, 1)  # whose, beside the title
        self.selection = Selection(
            self.table,
            lambda line: self.panel.show_escalation(line.escalation if line else None),
            lambda line: line.escalation.id,
        )

        self.panel = EscalationPanel(self)
        self.chart = AgeChart()
        # A laptop's log keeps a typical title whole beside whose it is and its SLA.
        log = ListSplitter("escalationsSplitter", self.table, self.panel, 0.35, self.table)
        self.tabs = section_tabs()
        self.tabs.addTab(log, self.tr("Log"))
        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.addWidget(
            QLabel(self.tr("Open escalations per alliance, by how long they have been open"))
        )
        chart_layout.addWidget(self.chart, 1)  # its bars grow into the page
        self.tabs.addTab(chart_page, self.tr("Age by alliance"))

        filters = QHBoxLayout()
        filters.addWidget(self.text_filter, 2)
        for widget in (self.category_filter, self.level_filter, self.status_filter):
            filters.addWidget(widget, 1)
        filters.addWidget(self.past_only)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.totals)
        content_layout.addLayout(filters)
        content_layout.addWidget(self.tabs, 1)
        self.empty = EmptyState(
            self.tr("No escalations logged"),
            self.tr(
                "When something gets stuck — a misunderstanding, a business problem, a conflict — "
                "log it here. Alliance Desk tracks its level, its service level in business days "
                "and the cost of the delay, and keeps the whole history for the governance "
                "committee."
            ),
            [(self.tr("Raise escalation…"), self.raise_escalation)],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(raise_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(bar)
        outer.addWidget(self.pages, 1)
        self._cost, self._listed = "", 0
        self._open_cost = ""
        follow(desk, self, self.reload, SHOWS, refresh_rows=self.refresh_rows)

    # -- loading ----------------------------------------------------------------------------------

    def policy(self) -> SlaPolicy:
        """The portfolio's service levels."""
        return self.desk.policy.sla

    def reload(self) -> None:
        store = self.desk.store
        self.panel.forget()
        if self.desk.alliance_id is not None and store is not None:
            try:
                self.title.setText(
                    self.tr("Escalations — {name}").format(
                        name=portfolio.get_alliance(store, self.desk.alliance_id).name
                    )
                )
            except StoreError:
                self.title.setText(self.tr("Escalations"))
        else:
            self.title.setText(self.tr("Escalations — all alliances"))
        keep = self.current.id if self.current else None
        self.model.set_across(self.desk.alliance_id is None)
        self.model.restart()
        self._count(self._totals())
        self.select(keep)

    def refresh_rows(self, changes: Changes) -> bool:
        """After an edit or a step of escalations already listed, read only those again (in
        their places: the log is sorted again when it is next read whole) and the totals."""
        ids = changes.ids_of(Kind.ESCALATION)
        loaded = {line.escalation.id for line in self.model.visible_rows()}
        if not changes.only({Kind.ESCALATION}) or ids is None or not ids <= loaded:
            return False  # one raised: its place in the log comes from a full read
        store = self.desk.require_store()
        fresh = escalations.list_escalations(store, ids=ids)
        if len(fresh) != len(ids):
            return False
        self.panel.forget(ids)
        keep = self.current.id if self.current else None
        before = {e.id: counted(e) for e in self.items if e.id in ids}
        lines = lines_for(fresh, wall.today(), self.policy())
        self.model.replace_rows({line.escalation.id: line for line in lines}, line_id)
        if any(before.get(e.id) != counted(e) for e in fresh):
            self._totals()  # a title edited changes no total: not read again
        self.select(keep)
        return True

    def _totals(self) -> escalation_totals.LogTotals | None:
        """The cost of time of what is open in scope, its ages, and whether there is any (what
        was read: None without a portfolio)."""
        store, today, policy = self.desk.store, wall.today(), self.policy()
        totals = (
            escalation_totals.log_totals(store, self.desk.alliance_id, today=today, policy=policy)
            if store
            else None
        )
        cost = totals.cost if totals else cost_of_time([], today, policy)
        # What is open in scope, whatever the filters list: said as such beside what they list
        # ("3 listed · 7 open" read as if 7 of the 3 were open).
        figures = {
            "open_count": cost.open_count,
            "past_sla": cost.past_sla,
            "delay_days": cost.delay_days,
            "value_at_stake": cost.value_at_stake,
        }
        self._cost = self.tr(
            "all open: {open_count:,}, {past_sla:,} past SLA, estimated to cause "
            "{delay_days:,} days of delay and to put {value_at_stake:,.1f} M of value at stake"
        ).format(**figures)
        # when the filters list just what is open: once ("7 listed — all open: 7, …")
        self._open_cost = self.tr(
            "{open_count:,} open, {past_sla:,} past SLA, estimated to cause "
            "{delay_days:,} days of delay and to put {value_at_stake:,.1f} M of value at stake"
        ).format(**figures)
        self.chart.set_counts(totals.ages if totals else {})
        self.pages.setCurrentIndex(0 if totals and totals.count else 1)
        self._show_count()
        return totals

    @property
    def items(self) -> list[Escalation]:
        """The escalations read so far (the log reads a page at a time)."""
        return [line.escalation for line in self.model.visible_rows()]

    def shown(self) -> escalation_log.LogFilter:
        """What the filters ask the log to list."""
        status = self.status_filter.currentData()
        return escalation_log.LogFilter(
            alliance_id=self.desk.alliance_id,
            text=self.text_filter.text(),
            category=_chosen(self.category_filter),
            level=_chosen(self.level_filter),
            status="active" if status == ALL else None if status == "any" else status,
            past_only=self.past_only.isChecked(),
            pinned=self.pinned,
        )

    def _fetch(self, order: Order, cursor, limit: int, until) -> Page[Line] | None:
        store = self.desk.store
        if store is None:
            return Page([])
        today, policy = wall.today(), self.policy()
        page = escalation_log.log_page(
            store,
            self.shown(),
            order,
            today=today,
            policy=policy,
            cursor=cursor,
            limit=limit,
            until=until,
        )
        if page is None:
            return None
        return Page(lines_for(page.rows, today, policy), page.cursor, page.more)

    def _count(self, totals: escalation_totals.LogTotals | None = None) -> None:
        """The totals line: how many the filters list (a COUNT, or the open ones of `totals`
        just read when the filters list just those), and the cost of time."""
        store, shown = self.desk.store, self.shown()
        if store is None:
            self._listed = 0
        elif totals is not None and escalation_totals.lists_the_open(shown):
            self._listed = totals.cost.open_count
        else:
            today, policy = wall.today(), self.policy()
            self._listed = escalation_log.log_count(store, shown, today=today, policy=policy)
        self._show_count()

    def _show_count(self) -> None:
        if self._open_cost and escalation_totals.lists_the_open(self.shown()):
            self.totals.setText(self._open_cost)
            return
        self.totals.setText(
            self.tr("{listed:,} listed — {cost}").format(listed=self._listed, cost=self._cost)
        )

    def _filters_changed(self) -> None:
        self.pinned = None
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.model.restart(keep=False)
        self._count()
        if self.current is not None:
            # Hidden by the filter: no longer selected, so no step acts on it unseen.
            self.selection.select(self.current.id, or_first=False)

    def select(self, escalation_id: int | None) -> None:
        self.selection.select(escalation_id)

    def reveal(self, escalation_id: int | None) -> None:
        """Listed whatever the filters say (pinned until they change), and selected."""
        if escalation_id is not None and self.pinned != escalation_id:
            self.pinned = escalation_id
            self._apply_filters()
        self.select(escalation_id)

    @property
    def current(self) -> Escalation | None:
        """The escalation shown beside the log."""
        return self.panel.current

    # -- actions ----------------------------------------------------------------------------------

    def raise_escalation(self) -> None:
        store = self.desk.store
        if store is None:
            return
        alliance_id = pick_alliance(
            self.desk,
            self,
            self.tr("An escalation belongs to one alliance."),
            self.current.alliance_id if self.current is not None else None,
        )
        if alliance_id is None:
            return
        dialog = RaiseDialog(stakeholders.people_choices(store, alliance_id), self)
        name_the_alliance(dialog, self.desk, alliance_id)
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                RaiseCommand(self.desk, alliance_id, dialog.draft, dialog.level.currentData())
                if dialog.draft is not None
                else None
            ),
        )
        if command is not None:
            assert dialog.draft is not None  # what the command saved
            self.select(command.escalation_id)
            self.desk.status.emit(self.tr("Raised “{title}”.").format(title=dialog.draft.title))

    def escalate(self) -> None:
        self.panel.escalate()

    def deescalate(self) -> None:
        self.panel.deescalate()

    def add_note(self) -> None:
        self.panel.add_note()

    def resolve(self) -> None:
        self.panel.resolve()


def _chosen(combo: QComboBox):
    data = combo.currentData()
    return None if data == ALL else data


def _combo(everything: str, items) -> QComboBox:
    combo = QComboBox()
    combo.addItem(everything, ALL)
    for text, data in items:
        combo.addItem(text, data)
    return combo

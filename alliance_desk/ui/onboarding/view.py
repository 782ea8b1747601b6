"""The Onboarding section: every active plan across the portfolio, and one plan's checklist
grouped as before day one, first week, first month and later."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import shown
from alliance_desk.core.onboarding import (
    Plan,
    Template,
    next_due,
    suggested_start,
)
from alliance_desk.store import checklists, governance, onboarding, portfolio, stakeholders
from alliance_desk.store.errors import StoreError
from alliance_desk.ui import widgets
from alliance_desk.ui.alliance_picker import pick_alliance
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.onboarding.commands import StartPlanCommand
from alliance_desk.ui.onboarding.dialogs import StartOnboardingDialog
from alliance_desk.ui.onboarding.panel import PlanDetail
from alliance_desk.ui.onboarding.templates import TemplatesDialog
from alliance_desk.ui.stakeholders.dialogs import add_person
from alliance_desk.ui.table_model import Column, RowTableModel
from alliance_desk.ui.table_view import Selection, make_table
from alliance_desk.ui.theme import OVERDUE
from alliance_desk.ui.widgets import EmptyState, heading

SHOWS = frozenset(
    {Kind.PLAN, Kind.TEMPLATE, Kind.STAKEHOLDER, Kind.PERSON, Kind.ALLIANCE, Kind.POLICY}
)


def _next(plan: Plan) -> str:
    item = next_due(plan.items)
    if item is None:
        return translate("OnboardingView", "All done")
    return translate("OnboardingView", "{day}  {title}").format(
        day=shown(item.due), title=item.title
    )


PLAN_COLUMNS: tuple[Column[Plan], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Person"), lambda p: p.person_name),
    Column(
        QT_TRANSLATE_NOOP("Column", "Alliance"),
        lambda p: p.alliance_name,
        priority=1,
    ),
    Column(QT_TRANSLATE_NOOP("Column", "Role"), lambda p: p.role, priority=1),
    Column(
        QT_TRANSLATE_NOOP("Column", "Starts"),
        lambda p: shown(p.start_date),
        key=lambda p: p.start_date,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Progress"),
        lambda p: f"{p.progress()}  ({p.progress().ratio:.0%})",
        key=lambda p: p.progress().ratio,
        priority=1,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Next item"),
        _next,
        key=lambda p: item.due if (item := next_due(p.items)) else date.max,
        priority=2,
    ),
    Column(
        QT_TRANSLATE_NOOP("Column", "Overdue"),
        lambda p: str(p.progress(wall.today()).overdue or ""),
        key=lambda p: p.progress(wall.today()).overdue,
        align_right=True,
        colour=lambda p: OVERDUE if p.progress(wall.today()).overdue else None,
        priority=1,
    ),
)


PLANS_SHOWN = 6  # plans shown whole before the list scrolls


class OnboardingView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.builtin, self.template_problems = checklists.load_builtin_templates()
        self.title = heading(self.tr("Onboarding"))
        start = QPushButton(self.tr("Start onboarding…"))
        start.setObjectName("primary")
        start.setToolTip(self.tr("Ctrl+Shift+O"))
        start.clicked.connect(self.start_plan)
        templates = QPushButton(self.tr("Checklists…"))
        templates.clicked.connect(self.edit_templates)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("problem")
        if self.template_problems:
            self.problems.setText(
                self.tr(
                    "Some built-in checklists could not be loaded and were left out: {items}"
                ).format(items="; ".join(self.template_problems))
            )
        self.problems.setVisible(bool(self.template_problems))

        self.model: RowTableModel[Plan] = RowTableModel(PLAN_COLUMNS, self)
        self.table = make_table(self.model, sort_column=5, name=self.tr("Onboarding plans"))
        self.selection = Selection(self.table, self._show_plan, lambda plan: plan.id)
        self.detail = PlanDetail(self)
        self.scope = QLabel()
        self.scope.setObjectName("muted")

        splitter = widgets.splitter("onboardingSplitter", self.table, self.detail, vertical=True)
        # The plans keep about their rows' height; the window's extra height goes to the
        # checklist (where the user drags it is remembered, as every splitter's).
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        splitter.placed = False  # type: ignore[attr-defined]  # by the user: dragged or restored
        splitter.splitterMoved.connect(lambda *_: setattr(splitter, "placed", True))
        self._fit_plans()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scope)
        layout.addWidget(splitter, 1)
        self.empty = EmptyState(
            self.tr("No one is being onboarded"),
            self.tr(
                "When someone joins a committee or a team, start a checklist for them: the "
                "welcome, the briefing, the introduction to their counterpart, each due on its day."
            ),
            [
                (self.tr("Start onboarding…"), self.start_plan),
                (self.tr("Checklists…"), self.edit_templates),
            ],
        )
        self.pages = QStackedWidget()
        self.pages.addWidget(content)
        self.pages.addWidget(self.empty)
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(templates)
        bar.addWidget(start)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addLayout(bar)
        outer.addWidget(self.problems)
        outer.addWidget(self.pages, 1)
        follow(desk, self, self.reload, SHOWS)

    # -- loading -----------------------------------------------------------------------------------

    def templates(self) -> list[Template]:
        mine = checklists.list_templates(self.desk.store) if self.desk.store else []
        return [*self.builtin, *mine]

    def reload(self) -> None:
        store = self.desk.store
        alliance_id = self.desk.alliance_id
        plans = onboarding.list_plans(store, alliance_id) if store else []
        if alliance_id is not None and store is not None:
            try:
                name = portfolio.get_alliance(store, alliance_id).name
            except StoreError:
                name = self.tr("this alliance")
            self.scope.setText(
                self.tr("Plans on {name} (choose “All alliances” above to see every plan)").format(
                    name=name
                )
            )
        else:
            self.scope.setText(self.tr("Plans across all your alliances"))
        keep = self.detail.plan.id if self.detail.plan else None
        self.model.set_rows(plans)
        self.pages.setCurrentIndex(0 if plans else 1)
        self.select_plan(keep)
        self._fit_plans()

    def _fit_plans(self) -> None:
        """The plans as tall as their rows, whole, up to six (more scroll); the rest of the
        height to the checklist. They were given four rows' height that showed three and a
        half, with the checklist's spare room below. A height the user chose stands."""
        if getattr(self.splitter, "placed", True):
            return
        table = self.table
        shown = min(max(self.model.rowCount(), 1), PLANS_SHOWN)
        rows = sum(table.rowHeight(row) for row in range(shown)) if self.model.rowCount() else 0
        rows = rows or shown * table.verticalHeader().defaultSectionSize()
        height = table.horizontalHeader().sizeHint().height() + rows + 2 * table.frameWidth()
        bar = table.horizontalScrollBar()
        if bar.isVisible():
            height += bar.sizeHint().height()
        total = sum(self.splitter.sizes()) or height + 600
        self.splitter.setSizes([height, max(total - height, 1)])

    def select_plan(self, plan_id: int | None) -> None:
        self.selection.select(plan_id)

    def _show_plan(self, plan: Plan | None) -> None:
        keep_item = self.detail.current_item_id()  # stays put when the same plan is redrawn
        self.detail.show_plan(plan)
        if keep_item is not None:
            self.detail.select_item(keep_item)

    # -- actions -----------------------------------------------------------------------------------

    def keep_off_weekends(self) -> bool:
        """The portfolio's rule, proposed for a new plan (the dialog can change it)."""
        return self.desk.policy.keep_off_weekends

    def start_plan(self, stakeholder_id: int | None = None) -> None:
        store = self.desk.store
        if store is None:
            return
        shown = self.model.row_at(self.table.currentIndex().row())
        alliance_id = pick_alliance(
            self.desk,
            self,
            self.tr("Onboarding is for someone joining an alliance."),
            shown.alliance_id if shown is not None else None,
        )
        if alliance_id is None:
            return

        def people_of(alliance_id: int):
            return [
                (s.id, f"{s.name} ({s.side.label})", s.details.roles)
                for s in stakeholders.list_stakeholders(store, alliance_id)
            ]

        dialog = StartOnboardingDialog(
            [(a.name, a.id) for a in portfolio.list_alliances(store)],
            people_of,
            self.templates(),
            alliance_id=alliance_id,
            stakeholder_id=stakeholder_id or None,
            keep_off_weekends=self.keep_off_weekends(),
            start_for=self.day_one,
            add_person=lambda chosen: add_person(self.desk, dialog, chosen),
            parent=self,
        )
        command = self.desk.run_dialog(
            dialog,
            lambda: (
                StartPlanCommand(
                    self.desk,
                    dialog.start_result,
                    dialog.chosen_template,
                    dialog.person.currentText(),
                )
                if dialog.start_result is not None and dialog.chosen_template is not None
                else None
            ),
        )
        if command is not None:
            self.select_plan(command.plan_id)
            self.desk.status.emit(
                self.tr("Started onboarding for {currentText}.").format(
                    currentText=dialog.person.currentText()
                )
            )

    def day_one(self, alliance_id: int) -> tuple[date, str]:
        """The day a new plan starts, and why: the alliance's next committee meeting, else a
        week out."""
        today = wall.today()
        coming = governance.coming_meetings(self.desk.require_store(), wall.now(), None)
        meeting = next((m for m in coming if m.alliance_id == alliance_id), None)
        day = suggested_start(today, meeting.starts_at.date() if meeting else None)
        if meeting is not None and day == meeting.starts_at.date():
            return day, self.tr("The {body} meets that day: their first meeting.").format(
                body=meeting.body_name
            )
        return day, self.tr("A week from today, so nothing is overdue the day the plan starts.")

    def edit_templates(self) -> None:
        TemplatesDialog(self, self).exec()

    def save_template(self, template: Template) -> bool:
        try:
            checklists.save_template(self.desk.require_store(), template)
        except StoreError as error:
            self.desk.report_error(str(error))
            return False
        return True

    def newer_version_of(self, edited: Template) -> Template:
        """What the user typed, based on the template's version as stored now (or as a new
        template, if it was deleted meanwhile)."""
        try:
            stored = next(
                t for t in checklists.list_templates(self.desk.require_store()) if t.id == edited.id
            )
        except (StopIteration, StoreError):
            return replace(edited, id=None, version=None)
        return replace(edited, version=stored.version)

    def delete_template(self, template: Template) -> None:
        assert template.id is not None  # only the user's own, never a built-in one
        try:
            checklists.delete_template(self.desk.require_store(), template.id)
        except StoreError as error:
            self.desk.report_error(str(error))

"""Dialogs for onboarding: starting a plan and adding an item."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from alliance_desk.core import wall
from alliance_desk.core.dates import entered
from alliance_desk.core.onboarding import (
    OwnerRole,
    PlanStart,
    Template,
    joiner_checklist,
    validate_plan_start,
)
from alliance_desk.core.validation import (
    FieldCollector,
    ValidationError,
    clean_text,
    parse_date,
)
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm, qdate


class StartOnboardingDialog(QDialog):
    """Who is joining (or someone new, added here), in what role, from when, with which
    checklist. Day one is proposed from the alliance's next committee meeting (or a week
    out), the checklist from the role; both stay as the user sets them."""

    def __init__(
        self,
        alliances: list[tuple[str, int]],
        people_of: Callable[[int], list[tuple[int, str, str]]],  # id, name, roles
        templates: list[Template],
        *,
        alliance_id: int | None = None,
        stakeholder_id: int | None = None,
        keep_off_weekends: bool = True,
        start_for: Callable[[int], tuple[date, str]] | None = None,  # day one, and why
        add_person: Callable[[int], int | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start onboarding"))
        self.setMinimumWidth(560)
        self.people_of, self.templates = people_of, templates
        self.start_for, self.add_person = start_for, add_person
        self.form = FieldForm()
        self.alliance = self.form.add_choice("alliance_id", self.tr("&Alliance"), alliances)
        self.new_person = QPushButton(self.tr("&New person…"))
        self.new_person.setToolTip(self.tr("Add someone to this alliance and onboard them"))
        self.new_person.clicked.connect(self._add_person)
        self.new_person.setVisible(add_person is not None)
        self.person = self.form.add_choice(
            "stakeholder_id", self.tr("&Who is joining"), [], self.new_person
        )
        self.role = self.form.add_line("role", self.tr("&Role"), self.tr("e.g. JSC member"))
        self.template_hint = QLabel()
        self.template_hint.setObjectName("muted")
        self.template_hint.setWordWrap(True)
        self.template = self.form.add_choice(
            "template",
            self.tr("&Checklist"),
            [
                (t.name + ("" if t.id is None else "  (yours)"), index)
                for index, t in enumerate(templates)
            ],
            self.template_hint,
        )
        self.start_hint = QLabel()
        self.start_hint.setObjectName("muted")
        self.start_hint.setWordWrap(True)
        self.start = self.form.add_date("start_date", self.tr("&Day one"), wall.today())
        holder = self.form.fields["start_date"].parentWidget()  # the field's column
        assert holder is not None
        cast(QVBoxLayout, holder.layout()).insertWidget(1, self.start_hint)
        self.keep_off = self.form.add_check(
            "keep_off_weekends", self.tr("Keep due dates off weekends")
        )
        self.keep_off.setChecked(keep_off_weekends)
        self.start_result: PlanStart | None = None
        self.chosen_template: Template | None = None
        self._chose_template = False  # the user's own choice is never replaced
        self._roles: dict[int, str] = {}
        self.alliance.currentIndexChanged.connect(self._alliance_changed)
        self.person.currentIndexChanged.connect(self._suggest_role)
        self.role.textChanged.connect(self._suggest_checklist)
        self.template.activated.connect(self._template_chosen)
        self.template.currentIndexChanged.connect(self._describe_template)
        if alliance_id is not None:
            self.alliance.setCurrentIndex(max(self.alliance.findData(alliance_id), 0))
        self._alliance_changed()
        if stakeholder_id is not None:
            self.person.setCurrentIndex(max(self.person.findData(stakeholder_id), 0))
        self._suggest_checklist()
        self._describe_template()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, self.tr("Start onboarding")))

    def _alliance_changed(self) -> None:
        self._fill_people()
        alliance_id = self.alliance.currentData()
        if self.start_for is not None and alliance_id is not None:
            day, why = self.start_for(alliance_id)
            self.start.setDate(qdate(day))
            self.start_hint.setText(why)

    def _fill_people(self, select: int | None = None) -> None:
        self.person.blockSignals(True)
        self.person.clear()
        self._roles = {}
        alliance_id = self.alliance.currentData()
        # Chosen, not preset: the first person on the alliance (and their first role) was
        # offered, and a plan started in a hurry was someone else's.
        self.person.addItem(self.tr("Choose who is joining…"), None)
        for stakeholder_id, name, roles in self.people_of(alliance_id) if alliance_id else []:
            self.person.addItem(name, stakeholder_id)
            self._roles[stakeholder_id] = roles
        if select is not None:
            self.person.setCurrentIndex(max(self.person.findData(select), 0))
        self.person.blockSignals(False)
        self._suggest_role()

    def _add_person(self) -> None:
        alliance_id = self.alliance.currentData()
        if self.add_person is None or alliance_id is None:
            return
        made = self.add_person(alliance_id)
        if made is not None:
            self._fill_people(select=made)

    def _suggest_role(self) -> None:
        roles = self._roles.get(self.person.currentData(), "")
        if roles and not self.role.isModified():
            self.role.setText(roles.split(",")[0].strip())

    def _template_chosen(self) -> None:
        self._chose_template = True

    def _suggest_checklist(self) -> None:
        if self._chose_template:
            return
        index = joiner_checklist(self.role.text(), self.templates)
        if index is not None:
            self.template.setCurrentIndex(self.template.findData(index))

    def _describe_template(self) -> None:
        index = self.template.currentData()
        if index is None:
            self.template_hint.setText("")
            return
        template = self.templates[index]
        self.template_hint.setText(
            self.tr("{purpose}  ({count} items)").format(
                purpose=template.purpose, count=len(template.items)
            )
        )

    def accept(self) -> None:
        values = self.form.values()
        if values.get("stakeholder_id") is None:
            self.form.show_errors(
                {"stakeholder_id": self.tr("Choose who is joining, or add them with New person…")}
            )
            return
        try:
            self.start_result = validate_plan_start(values)
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        if values.get("template") is None:
            self.form.show_errors({"template": self.tr("Choose a checklist.")})
            return
        self.chosen_template = self.templates[values["template"]]
        super().accept()


class AddItemDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, due: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add an item"))
        self.form = FieldForm()
        self.title = self.form.add_line("title", self.tr("&What"))
        self.form.add_line("due", self.tr("&Due"), self.tr("YYYY-MM-DD")).setText(
            entered(due or wall.today())
        )
        self.form.add_choice("owner", self.tr("&Owner"), [(o.label, o) for o in OwnerRole])
        self.result_values: tuple[str, date, OwnerRole] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, self.tr("Add item")))
        self.title.setFocus()

    def accept(self) -> None:
        values = self.form.values()
        fields = FieldCollector()
        title = fields.take("title", clean_text, values["title"], required=True, max_length=300)
        due = fields.take("due", parse_date, values["due"], required=True)
        if fields.errors:
            self.form.show_errors(fields.errors)
            return
        self.result_values = (title, due, OwnerRole(values["owner"]))
        super().accept()

"""Dialogs for onboarding: starting a plan and adding an item."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.onboarding import (
    OwnerRole,
    PlanStart,
    Template,
    validate_plan_start,
)
from alliance_desk.core.validation import (
    FieldCollector,
    ValidationError,
    clean_text,
    parse_date,
)
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm


class StartOnboardingDialog(QDialog):
    """Who is joining, in what role, from when, with which checklist."""

    def __init__(
        self,
        alliances: list[tuple[int, str]],
        people_of,  # alliance id -> [(stakeholder id, name, roles)]
        templates: list[Template],
        *,
        alliance_id: int | None = None,
        stakeholder_id: int | None = None,
        keep_off_weekends: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start onboarding")
        self.setMinimumWidth(520)
        self.people_of = people_of
        self.templates = templates
        self.form = FieldForm()
        self.alliance = self.form.add_choice("alliance_id", "&Alliance", alliances)
        self.person = self.form.add_choice("stakeholder_id", "&Who is joining", [])
        self.role = self.form.add_line("role", "&Role", "e.g. JSC member")
        self.template_hint = QLabel()
        self.template_hint.setObjectName("muted")
        self.template_hint.setWordWrap(True)
        self.template = self.form.add_choice(
            "template",
            "&Checklist",
            [
                (t.name + ("" if t.id is None else "  (yours)"), index)
                for index, t in enumerate(templates)
            ],
            self.template_hint,
        )
        self.start = self.form.add_line("start_date", "&Start date", "YYYY-MM-DD")
        self.start.setText(date.today().isoformat())
        self.keep_off = self.form.add_check("keep_off_weekends", "Keep due dates off weekends")
        self.keep_off.setChecked(keep_off_weekends)
        self.start_result: PlanStart | None = None
        self.chosen_template: Template | None = None
        self.alliance.currentIndexChanged.connect(self._fill_people)
        self.person.currentIndexChanged.connect(self._suggest_role)
        self.template.currentIndexChanged.connect(self._describe_template)
        if alliance_id is not None:
            self.alliance.setCurrentIndex(max(self.alliance.findData(alliance_id), 0))
        self._fill_people()
        if stakeholder_id is not None:
            self.person.setCurrentIndex(max(self.person.findData(stakeholder_id), 0))
        self._describe_template()
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, "Start onboarding"))

    def _fill_people(self) -> None:
        self.person.clear()
        self._roles: dict[int, str] = {}
        for stakeholder_id, name, roles in self.people_of(self.alliance.currentData()):
            self.person.addItem(name, stakeholder_id)
            self._roles[stakeholder_id] = roles
        self._suggest_role()

    def _suggest_role(self) -> None:
        roles = self._roles.get(self.person.currentData(), "")
        if roles and not self.role.isModified():
            self.role.setText(roles.split(",")[0].strip())

    def _describe_template(self) -> None:
        index = self.template.currentData()
        if index is None:
            self.template_hint.setText("")
            return
        template = self.templates[index]
        self.template_hint.setText(f"{template.purpose}  ({len(template.items)} items)")

    def accept(self) -> None:
        values = self.form.values()
        try:
            self.start_result = validate_plan_start(values)
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        if values.get("template") is None:
            self.form.show_errors({"template": "Choose a checklist."})
            return
        self.chosen_template = self.templates[values["template"]]
        super().accept()


class AddItemDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, due: date | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an item")
        self.form = FieldForm()
        self.title = self.form.add_line("title", "&What")
        self.form.add_line("due", "&Due", "YYYY-MM-DD").setText((due or date.today()).isoformat())
        self.form.add_choice("owner", "&Owner", [(o.label, o) for o in OwnerRole])
        self.result_values: tuple[str, date, OwnerRole] | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, "Add item"))
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

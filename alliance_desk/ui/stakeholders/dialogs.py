"""Forms and dialogs for people on an alliance: their details, adding them, logging a contact."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence
from alliance_desk.core.dates import entered
from alliance_desk.core.people import PersonDraft, Side
from alliance_desk.core.recurrence import in_words
from alliance_desk.core.stakeholders import (
    SENTIMENT_LABELS,
    Channel,
    InteractionDraft,
    InteractionKind,
    StakeholderDraft,
    Stance,
    validate_interaction,
    validate_person_on_alliance,
    validate_stakeholder,
)
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import stakeholders
from alliance_desk.ui.alliance_picker import name_the_alliance
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.stakeholders.commands import AddPersonCommand, LogInteractionCommand


class PersonForm(FieldForm):
    """A person's own details and their place on this alliance, in one form."""

    PERSON_KEYS = ("name", "side", "title", "organisation", "function", "email", "phone")

    def __init__(self, parent: QWidget | None = None, *, with_side: bool = True) -> None:
        super().__init__(parent)
        self.name = self.add_line("name", self.tr("&Name"))
        if with_side:
            self.side = self.add_choice("side", self.tr("&Side"), [(s.label, s) for s in Side])
        self.title = self.add_line("title", self.tr("&Title"))
        self.organisation = self.add_line("organisation", self.tr("&Organisation"))
        self.function = self.add_line(
            "function", self.tr("&Function"), self.tr("e.g. R&D, Commercial, Legal")
        )
        self.email = self.add_line("email", self.tr("E-&mail"))
        self.phone = self.add_line("phone", self.tr("P&hone"))
        self.roles = self.add_line(
            "roles", self.tr("&Roles"), self.tr("Governance roles, e.g. JSC member, JDC chair")
        )
        self.power = self.add_number("power", self.tr("&Power / influence"), 1, 5)
        self.interest = self.add_number("interest", self.tr("&Interest / engagement"), 1, 5)
        self.stance = self.add_choice("stance", self.tr("St&ance"), [(s.label, s) for s in Stance])
        self.channel = self.add_choice(
            "channel", self.tr("&Channel"), [(c.label, c) for c in Channel]
        )
        self.cadence = self.add_choice(
            "cadence", self.tr("Ca&dence"), [(c.label, c) for c in Cadence]
        )
        self.cadence_rule = self.add_line(
            "cadence_rule",
            self.tr("Custom r&ule"),
            self.tr("e.g. every 3 weeks"),  # whole in a laptop's narrow form
        )
        self.cadence_rule.setToolTip(
            self.tr(
                "Only for the custom cadence, as you would say it: every 3 weeks, every other "
                "month, quarterly (or an iCalendar rule)"
            )
        )
        # A rule counts for the custom cadence only (the others are rules of their own): a
        # rule typed beside "No plan" was dropped on saving, without a word.
        self.cadence.currentIndexChanged.connect(self._rule_applies)
        self.formality = self.add_choice(
            "formality",
            self.tr("Style"),
            [(self.tr("Informal"), "informal"), (self.tr("Formal"), "formal")],
        )
        self.notes = self.add_text(
            "notes", self.tr("Not&es"), self.tr("What matters to them, how they decide")
        )
        self.internal_only = self.add_check(
            "internal_only", self.tr("Internal only: never in a partner pack")
        )
        # A new person starts where the store's own defaults put them (neutral, middling power
        # and interest, video calls): the form showed the first of each list, so everyone
        # added in a hurry landed on the map as a champion met in person.
        defaults = StakeholderDraft()
        self.set_values(
            {**asdict(defaults), "formality": "formal" if defaults.formal else "informal"}
        )
        self._rule_applies()

    def _rule_applies(self, *_args: object) -> None:
        self.cadence_rule.setEnabled(self.cadence.currentData() == Cadence.CUSTOM)

    def set_person(self, person: PersonDraft, details: StakeholderDraft) -> None:
        values = {**asdict(person), **asdict(details)}
        values["formality"] = "formal" if details.formal else "informal"
        values["cadence_rule"] = in_words(details.cadence_rule)  # as it was typed, in words
        self.set_values(values)

    def validated(self, **fixed) -> tuple[PersonDraft, StakeholderDraft] | None:
        """The checked person and details (with `fixed` values for fields not shown), or None
        after showing a message under each wrong field."""
        try:
            result = validate_person_on_alliance({**self.values(), **fixed})
        except ValidationError as error:
            self.show_errors(error.errors)
            return None
        self.show_errors({})
        return result


class AddPersonDialog(QDialog):
    """Adds someone new, or someone already in the portfolio, to an alliance."""

    def __init__(self, existing: list[tuple[int, str, Side]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a person"))
        self.setMinimumWidth(520)
        self.existing = QComboBox()
        self.existing.addItem(self.tr("Someone new"), None)
        for person_id, name, side in existing:
            self.existing.addItem(f"{name} ({side.label})", person_id)
        self.existing.currentIndexChanged.connect(self._existing_changed)
        self.existing.setAccessibleName(self.tr("Who"))
        self.form = PersonForm()
        self.result_new: tuple[PersonDraft, StakeholderDraft] | None = None
        self.result_existing: tuple[int, StakeholderDraft] | None = None
        buttons = dialog_buttons(self, self.tr("Add person"))
        layout = QVBoxLayout(self)
        if existing:  # a row of the form, its label beside it as the others' are
            who, holder = QLabel(self.tr("&Who")), QWidget()
            who.setBuddy(self.existing)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(self.existing)
            self.form.layout_.insertRow(0, who, holder)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        if existing:  # moved into the form, it went to the end of the Tab order: first
            fields = [self.existing, *self.form.fields.values()]
            for first, second in itertools.pairwise(fields):
                QWidget.setTabOrder(first, second)
        self.form.name.setFocus()

    def _existing_changed(self) -> None:
        new = self.existing.currentData() is None
        for key in PersonForm.PERSON_KEYS:
            self.form.fields[key].setEnabled(new)

    def accept(self) -> None:
        person_id = self.existing.currentData()
        if person_id is None:
            result = self.form.validated()
            if result is None:
                return
            self.result_new = result
        else:
            try:
                details = validate_stakeholder(self.form.values())
            except ValidationError as error:
                self.form.show_errors(error.errors)
                return
            self.result_existing = (person_id, details)
        super().accept()


class LogInteractionDialog(QDialog):
    """Log a contact in a couple of keystrokes: the people are preselected, the date is today,
    the cursor waits in the note, Ctrl+Enter saves."""

    def __init__(
        self,
        people: list[tuple[int, str]],
        chosen: set[int],
        parent: QWidget | None = None,
        today: date | None = None,
        kind: InteractionKind = InteractionKind.MEETING,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Log an interaction"))
        self.setMinimumWidth(480)
        self.form = FieldForm()
        self.form.add_line("occurred_on", self.tr("&Date")).setText(entered(today or wall.today()))
        self.form.add_choice("kind", self.tr("&Kind"), [(k.label, k) for k in InteractionKind])
        self.form.set_values({"kind": kind})
        sentiment = self.form.add_choice(
            "sentiment",
            self.tr("&Sentiment"),
            [(label, value) for value, label in SENTIMENT_LABELS.items()],
        )
        sentiment.setCurrentIndex(sentiment.findData(0))
        self.people = QListWidget()
        # those ticked first, so who the contact is logged with shows without scrolling
        ordered = sorted(people, key=lambda person: person[0] not in chosen)
        for person_id, name in ordered:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person_id in chosen else Qt.CheckState.Unchecked
            )
            self.people.addItem(item)
        # up to eight show whole (rows in other scripts may be taller); more scroll
        tall = [self.people.sizeHintForRow(r) for r in range(min(8, len(people)))]
        tall += [self.fontMetrics().height() + 4] * (3 - len(tall))
        self.people.setFixedHeight(sum(tall) + 2 * self.people.frameWidth())
        self.form.add("person_ids", self.tr("&With"), self.people)
        self.note = self.form.add_text(
            "note", self.tr("&Note"), self.tr("What was said, agreed or felt"), 90
        )
        self.form.add_check("internal_only", self.tr("Internal only: never in a partner pack"))
        self.form.add_check(
            "private",
            self.tr("Private — on a team store, only I can read it (others never see it)"),
        )
        self.draft: InteractionDraft | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, self.tr("Log it")))
        self.note.setFocus()

    def chosen_people(self) -> list[int]:
        return [
            self.people.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.people.count())
            if self.people.item(row).checkState() == Qt.CheckState.Checked
        ]

    def accept(self) -> None:
        values = {**self.form.values(), "person_ids": self.chosen_people()}
        try:
            self.draft = validate_interaction(values)
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()


def add_person(desk: Desk, parent: QWidget | None, alliance_id: int) -> int | None:
    """Ask for someone new (or already in the portfolio) and add them to the alliance: from
    the Stakeholders section or while starting an onboarding. Returns their stakeholder id."""
    if desk.store is None:
        return None
    dialog = AddPersonDialog(stakeholders.people_not_on(desk.store, alliance_id), parent)
    name_the_alliance(dialog, desk, alliance_id)

    def command_for() -> AddPersonCommand:
        if dialog.result_new is not None:
            name = dialog.result_new[0].name
            return AddPersonCommand(desk, alliance_id, name, new=dialog.result_new)
        name = dialog.existing.currentText()
        return AddPersonCommand(desk, alliance_id, name, existing=dialog.result_existing)

    command = desk.run_dialog(dialog, command_for)
    return command.stakeholder_id if command is not None else None


def log_interaction(
    desk: Desk,
    parent: QWidget | None,
    alliance_id: int,
    chosen: Iterable[int],
    kind: InteractionKind = InteractionKind.MEETING,
) -> bool:
    """Log a contact (of `kind`) on an alliance with the people `chosen` (person ids)
    ticked: from the Stakeholders section, a call on Today, or anywhere with Ctrl+I."""
    if desk.store is None:
        return False
    people = [
        (s.person.id, f"{s.name} ({s.side.label})")
        for s in stakeholders.list_stakeholders(desk.store, alliance_id)
    ]
    if not people:
        desk.report_error(
            translate(
                "stakeholders.dialogs",
                "Nobody is on this alliance yet: add the people you met first.",
            )
        )
        return False
    dialog = LogInteractionDialog(people, set(chosen), parent, kind=kind)
    # From Today or Ctrl+I the alliance is the task's or the one in focus: the form says which.
    name_the_alliance(dialog, desk, alliance_id)
    logged = desk.run_dialog(
        dialog,
        lambda: (
            LogInteractionCommand(desk, alliance_id, dialog.draft)
            if dialog.draft is not None
            else None
        ),
    )
    if logged:
        desk.status.emit(translate("stakeholders.dialogs", "Interaction logged."))
    return logged is not None

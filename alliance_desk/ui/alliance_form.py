"""The alliance form, shared by the "New alliance" dialog and the detail pane.

It only gathers what was typed and shows messages; checking is `core.portfolio.validate_alliance`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import (
    TIER_LABELS,
    AllianceDraft,
    AllianceType,
    Phase,
    suggest_tier,
    validate_alliance,
)
from alliance_desk.core.validation import ValidationError
from alliance_desk.ui.widgets import FieldError

RATING_HINTS = {
    "criticality": "How essential the alliance is to strategy and business results (1–5).",
    "complexity": "How many parts of both organisations it involves (1–5).",
    "strategic_value": "Strategic value to our company (1–5).",
}


class _FieldEvents(QObject):
    """Two things Qt's fields do not do on their own here:

    - a multi-line field announces an edit when it loses focus (it has no editingFinished);
    - once a field's edit has been saved, Ctrl+Z goes to the app's undo history instead of the
      field's private one, so undo means "undo my last saved change" wherever the cursor is.
    """

    def __init__(self, form: AllianceForm) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            self.form.edited.emit()
        elif event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            is_undo = event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                QKeySequence.StandardKey.Redo
            )
            if is_undo and not watched.isModified():
                return True  # not accepted: the window's Undo/Redo shortcut takes it
        return False


class AllianceForm(QWidget):
    """Fields for one alliance with a message line under each."""

    edited = Signal()  # a field was changed and left: time to validate and save

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. HALO-7 oncology co-development")
        self.partner = QLineEdit()
        self.partner.setPlaceholderText("The partner company")
        self.alliance_type = QComboBox()
        for kind in AllianceType:
            self.alliance_type.addItem(kind.label, kind)
        self.phase = QComboBox()
        for phase in Phase:
            self.phase.addItem(phase.label, phase)
        self.criticality = self._rating("criticality")
        self.complexity = self._rating("complexity")
        self.tier = QComboBox()
        self.tier.addItem("Suggested", None)
        for tier, label in TIER_LABELS.items():
            self.tier.addItem(label, tier)
        self.tier_hint = QLabel()
        self.tier_hint.setObjectName("muted")
        self.tier_hint.setWordWrap(True)
        self.strategic_value = self._rating("strategic_value")
        self.financial_value = QLineEdit()
        self.financial_value.setPlaceholderText("Expected value, in millions (e.g. 12.5)")
        self.start_date = QLineEdit()
        self.start_date.setPlaceholderText("YYYY-MM-DD")
        self.north_star = QPlainTextEdit()
        self.north_star.setPlaceholderText("The shared purpose both companies are working towards")
        self.north_star.setFixedHeight(70)
        self.north_star.setTabChangesFocus(True)
        events = _FieldEvents(self)
        self.north_star.installEventFilter(events)
        self.internal_only = QCheckBox("Internal only — leave out of packs for the partner")

        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "partner": self.partner,
            "alliance_type": self.alliance_type,
            "phase": self.phase,
            "criticality": self.criticality,
            "complexity": self.complexity,
            "tier_override": self.tier,
            "strategic_value": self.strategic_value,
            "financial_value": self.financial_value,
            "start_date": self.start_date,
            "north_star": self.north_star,
            "internal_only": self.internal_only,
        }
        labels = {
            "name": "&Name",
            "partner": "&Partner",
            "alliance_type": "&Type",
            "phase": "P&hase",
            "criticality": "&Criticality",
            "complexity": "Comple&xity",
            "tier_override": "T&ier",
            "strategic_value": "&Strategic value",
            "financial_value": "&Financial value (M)",
            "start_date": "Start &date",
            "north_star": "North Sta&r",
            "internal_only": "",
        }
        self.errors: dict[str, FieldError] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in self.fields.items():
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(widget)
            if key == "tier_override":
                column.addWidget(self.tier_hint)
            error = FieldError()
            column.addWidget(error)
            self.errors[key] = error
            label = QLabel(labels[key]) if labels[key] else None
            if label is not None:
                label.setBuddy(widget)
                layout.addRow(label, holder)
            else:
                layout.addRow(holder)

        for line in (self.name, self.partner, self.financial_value, self.start_date):
            line.editingFinished.connect(self._changed)
            line.installEventFilter(events)
        for combo in (self.alliance_type, self.phase, self.tier):
            combo.activated.connect(self._changed)
        for spin in (self.criticality, self.complexity, self.strategic_value):
            spin.valueChanged.connect(self._changed)
        self.internal_only.toggled.connect(self._changed)
        self.criticality.valueChanged.connect(self._update_tier_hint)
        self.complexity.valueChanged.connect(self._update_tier_hint)
        self._update_tier_hint()

    def _rating(self, key: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(1, 5)
        spin.setValue(3)
        spin.setToolTip(RATING_HINTS[key])
        spin.setMaximumWidth(80)
        return spin

    def _changed(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    def _update_tier_hint(self) -> None:
        tier = suggest_tier(self.criticality.value(), self.complexity.value())
        self.tier_hint.setText(f"Suggested from criticality × complexity: {TIER_LABELS[tier]}")
        self.tier.setItemText(0, f"Suggested (Tier {tier})")

    def set_draft(self, draft: AllianceDraft) -> None:
        """Show an alliance's values; does not emit `edited`."""
        self._loading = True
        try:
            self.name.setText(draft.name)
            self.partner.setText(draft.partner)
            self.alliance_type.setCurrentIndex(self.alliance_type.findData(draft.alliance_type))
            self.phase.setCurrentIndex(self.phase.findData(draft.phase))
            self.criticality.setValue(draft.criticality)
            self.complexity.setValue(draft.complexity)
            self.tier.setCurrentIndex(self.tier.findData(draft.tier_override))
            self.strategic_value.setValue(draft.strategic_value)
            self.financial_value.setText(_amount_text(draft.financial_value))
            self.start_date.setText(draft.start_date.isoformat() if draft.start_date else "")
            self.north_star.setPlainText(draft.north_star)
            self.internal_only.setChecked(draft.internal_only)
            self.show_errors({})
        finally:
            self._loading = False

    def mark_saved(self) -> None:
        """What the fields hold is now stored: undo keys go to the app's history again."""
        for line in (self.name, self.partner, self.financial_value, self.start_date):
            line.setModified(False)

    def raw_values(self) -> dict[str, object]:
        """What is in the fields now, as typed."""
        return {
            "name": self.name.text(),
            "partner": self.partner.text(),
            "alliance_type": self.alliance_type.currentData(),
            "phase": self.phase.currentData(),
            "criticality": self.criticality.value(),
            "complexity": self.complexity.value(),
            "tier_override": self.tier.currentData(),
            "strategic_value": self.strategic_value.value(),
            "financial_value": self.financial_value.text(),
            "start_date": self.start_date.text(),
            "north_star": self.north_star.toPlainText(),
            "internal_only": self.internal_only.isChecked(),
        }

    def validated(self) -> AllianceDraft | None:
        """The checked draft, or None after showing a message under each wrong field."""
        try:
            draft = validate_alliance(self.raw_values())
        except ValidationError as error:
            self.show_errors(error.errors)
            return None
        self.show_errors({})
        return draft

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_message(errors.get(key))
            widget = self.fields[key]
            widget.setProperty("invalid", key in errors)
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        if errors:
            first = next(key for key in self.fields if key in errors)
            self.fields[first].setFocus(Qt.FocusReason.OtherFocusReason)


def _amount_text(value: float) -> str:
    return "" if not value else f"{value:g}"


class NewAllianceDialog(QDialog):
    """Asks for a new alliance; Create keeps the dialog open until every field is valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New alliance")
        self.setMinimumWidth(520)
        self.form = AllianceForm()
        self.draft: AllianceDraft | None = None
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create alliance")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Name and partner are required; everything else can be filled in later.")
        intro.setObjectName("muted")
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.name.setFocus()

    def accept(self) -> None:
        draft = self.form.validated()
        if draft is None:
            return
        self.draft = draft
        super().accept()

"""The alliance form, shared by the "New alliance" dialog and the detail pane."""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from alliance_desk.core.dates import entered
from alliance_desk.core.portfolio import (
    TIER_LABELS,
    AllianceDraft,
    AllianceType,
    Phase,
    suggest_tier,
    validate_alliance,
)
from alliance_desk.core.validation import ValidationError
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.forms import FieldForm


class AllianceForm(FieldForm):
    """Fields for one alliance; the tier shows its suggestion from criticality × complexity."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = self.add_line(
            "name", self.tr("&Name"), self.tr("e.g. HALO-7 oncology co-development")
        )
        self.partner = self.add_line("partner", self.tr("&Partner"), self.tr("The partner company"))
        self.alliance_type = self.add_choice(
            "alliance_type", self.tr("&Type"), [(kind.label, kind) for kind in AllianceType]
        )
        self.phase = self.add_choice(
            "phase", self.tr("P&hase"), [(phase.label, phase) for phase in Phase]
        )
        self.criticality = self.add_number(
            "criticality",
            self.tr("&Criticality"),
            1,
            5,
            self.tr("How essential it is to strategy (1–5)."),
        )
        self.complexity = self.add_number(
            "complexity",
            self.tr("Comple&xity"),
            1,
            5,
            self.tr("How many parts of both companies it involves (1–5)."),
        )
        self.tier_hint = QLabel()
        self.tier_hint.setObjectName("muted")
        self.tier_hint.setWordWrap(True)
        self.tier = self.add_choice(
            "tier_override",
            self.tr("T&ier"),
            [(self.tr("Suggested"), None), *((label, tier) for tier, label in TIER_LABELS.items())],
            self.tier_hint,
        )
        self.strategic_value = self.add_number(
            "strategic_value",
            self.tr("&Strategic value"),
            1,
            5,
            self.tr("Strategic value to our company (1–5)."),
        )
        self.financial_value = self.add_line(
            "financial_value",
            self.tr("&Financial value (M)"),
            self.tr("Expected value, in millions (e.g. 12.5)"),
        )
        self.start_date = self.add_line("start_date", self.tr("Start &date"), self.tr("YYYY-MM-DD"))
        self.north_star = self.add_text(
            "north_star",
            self.tr("North Sta&r"),
            self.tr("The shared purpose both companies are working towards"),
        )
        self.internal_only = self.add_check(
            "internal_only", self.tr("Internal only: never in a partner pack")
        )
        for spin in (self.criticality, self.complexity, self.strategic_value):
            spin.setValue(3)
        self.criticality.valueChanged.connect(self._update_tier_hint)
        self.complexity.valueChanged.connect(self._update_tier_hint)
        self._update_tier_hint()

    def _update_tier_hint(self) -> None:
        tier = suggest_tier(self.criticality.value(), self.complexity.value())
        self.tier_hint.setText(
            self.tr("Suggested from criticality × complexity: {TIER_LABELS}").format(
                TIER_LABELS=TIER_LABELS[tier]
            )
        )
        self.tier.setItemText(0, self.tr("Suggested (Tier {tier})").format(tier=tier))

    def set_draft(self, draft: AllianceDraft) -> None:
        values = asdict(draft)
        values["financial_value"] = f"{draft.financial_value:g}" if draft.financial_value else ""
        values["start_date"] = entered(draft.start_date)
        self.set_values(values)

    def validated(self) -> AllianceDraft | None:
        """The checked draft, or None after showing a message under each wrong field."""
        try:
            draft = validate_alliance(self.values())
        except ValidationError as error:
            self.show_errors(error.errors)
            return None
        self.show_errors({})
        return draft


class NewAllianceDialog(QDialog):
    """Asks for a new alliance; Create keeps the dialog open until every field is valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New alliance"))
        self.setMinimumWidth(520)
        self.form = AllianceForm()
        self.draft: AllianceDraft | None = None
        buttons = dialog_buttons(self, self.tr("Create alliance"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Name and partner are required; everything else can be filled in later.")
        )
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

"""The sections of the window, and plain words for those not built yet (no fake data)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QVBoxLayout, QWidget

from alliance_desk.ui.widgets import EmptyState


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    icon: str
    coming: str = ""  # what the section will hold, for sections not built yet


SECTIONS = (
    Section("today", "Today", "today"),
    Section("portfolio", "Portfolio", "portfolio"),
    Section("stakeholders", "Stakeholders", "stakeholders"),
    Section("onboarding", "Onboarding", "onboarding"),
    Section("escalations", "Escalations", "escalations"),
    Section("risks", "Risks & decisions", "risks"),
    Section("habits", "Habits", "habits"),
    Section(
        "packs",
        "Packs",
        "packs",
        "Governance meeting packs, partner briefings and the portfolio report as PDF, in one "
        "step from what you have recorded.",
    ),
)


class ComingSection(QWidget):
    """Says plainly what a section will hold once it is built."""

    def __init__(self, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(
            EmptyState(section.title, f"{section.coming}\n\nThis section is not built yet.")
        )

"""The sections of the window, in navigation order (Ctrl+1 … Ctrl+9)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    icon: str
    menu_text: str  # in the View menu: "&" marks the mnemonic, "&&" is a plain "&"


SECTIONS = (
    Section("today", "Today", "today", "&Today"),
    Section("portfolio", "Portfolio", "portfolio", "&Portfolio"),
    Section("stakeholders", "Stakeholders", "stakeholders", "&Stakeholders"),
    Section("onboarding", "Onboarding", "onboarding", "&Onboarding"),
    Section("escalations", "Escalations", "escalations", "&Escalations"),
    Section("risks", "Risks & decisions", "risks", "&Risks && decisions"),
    Section("habits", "Habits", "habits", "&Habits"),
    Section("packs", "Packs", "packs", "P&acks"),
    Section("value", "Value", "value", "&Value"),
)

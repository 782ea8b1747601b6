"""The sections of the window, in navigation order (Ctrl+1 … Ctrl+8)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    icon: str


SECTIONS = (
    Section("today", "Today", "today"),
    Section("portfolio", "Portfolio", "portfolio"),
    Section("stakeholders", "Stakeholders", "stakeholders"),
    Section("onboarding", "Onboarding", "onboarding"),
    Section("escalations", "Escalations", "escalations"),
    Section("risks", "Risks & decisions", "risks"),
    Section("habits", "Habits", "habits"),
    Section("packs", "Packs", "packs"),
)

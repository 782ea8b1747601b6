"""The sections of the window, in navigation order (Ctrl+1 … Ctrl+9)."""

from __future__ import annotations

from dataclasses import dataclass

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    icon: str
    menu_text: str  # in the View menu: "&" marks the mnemonic, "&&" is a plain "&"
    # Both are shown through translate("Section", …): marked here for pyside6-lupdate.


SECTIONS = (
    Section(
        "today",
        QT_TRANSLATE_NOOP("Section", "Today"),
        "today",
        QT_TRANSLATE_NOOP("Section", "&Today"),
    ),
    Section(
        "portfolio",
        QT_TRANSLATE_NOOP("Section", "Portfolio"),
        "portfolio",
        QT_TRANSLATE_NOOP("Section", "&Portfolio"),
    ),
    Section(
        "stakeholders",
        QT_TRANSLATE_NOOP("Section", "Stakeholders"),
        "stakeholders",
        QT_TRANSLATE_NOOP("Section", "&Stakeholders"),
    ),
    Section(
        "onboarding",
        QT_TRANSLATE_NOOP("Section", "Onboarding"),
        "onboarding",
        QT_TRANSLATE_NOOP("Section", "&Onboarding"),
    ),
    Section(
        "escalations",
        QT_TRANSLATE_NOOP("Section", "Escalations"),
        "escalations",
        QT_TRANSLATE_NOOP("Section", "&Escalations"),
    ),
    Section(
        "risks",
        QT_TRANSLATE_NOOP("Section", "Risks & decisions"),
        "risks",
        QT_TRANSLATE_NOOP("Section", "&Risks && decisions"),
    ),
    Section(
        "habits",
        QT_TRANSLATE_NOOP("Section", "Habits"),
        "habits",
        QT_TRANSLATE_NOOP("Section", "&Habits"),
    ),
    Section(
        "packs",
        QT_TRANSLATE_NOOP("Section", "Packs"),
        "packs",
        QT_TRANSLATE_NOOP("Section", "P&acks"),
    ),
    Section(
        "value",
        QT_TRANSLATE_NOOP("Section", "Value"),
        "value",
        QT_TRANSLATE_NOOP("Section", "&Value"),
    ),
)

"""The tiers' rhythms in Preferences: a number of days for each tier and each kind of touch,
in a grid under the kinds' names.

They were typed as "14, 30, 90, 60" on a line per tier, the order of the four numbers said
only by a note above them; a number out of place or out of range was found on saving. Each
number now has its own field under its column's name, within its range as it is typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from alliance_desk.core.rhythm import MAX_RHYTHM_DAYS, Rhythm
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate

TIERS = (1, 2, 3)
# The four kinds of touch, in the order a Rhythm holds them: (column title, what it counts).
KINDS = (
    (
        QT_TRANSLATE_NOOP("rhythm_grid", "Contact"),
        QT_TRANSLATE_NOOP("rhythm_grid", "days between contacts with the alliance's people"),
    ),
    (
        QT_TRANSLATE_NOOP("rhythm_grid", "Risk review"),
        QT_TRANSLATE_NOOP("rhythm_grid", "days between reviews of each open risk"),
    ),
    (
        QT_TRANSLATE_NOOP("rhythm_grid", "Health check"),
        QT_TRANSLATE_NOOP("rhythm_grid", "days between health checks"),
    ),
    (
        QT_TRANSLATE_NOOP("rhythm_grid", "Meeting"),
        QT_TRANSLATE_NOOP("rhythm_grid", "days between committee meetings"),
    ),
)


def _values(rhythm: Rhythm) -> tuple[int, int, int, int]:
    return (rhythm.contact_days, rhythm.risk_review_days, rhythm.health_days, rhythm.meeting_days)


class RhythmGrid(QWidget):
    """Three tiers by four kinds of touch, each a number of days from 1 to MAX_RHYTHM_DAYS.
    `fields[tier - 1]` are a tier's four spin boxes; `rhythms()` what they hold."""

    def __init__(self, rhythms: tuple[Rhythm, Rhythm, Rhythm], parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for column, (title, _meaning) in enumerate(KINDS, start=1):
            head = QLabel(translate("rhythm_grid", title))
            head.setObjectName("muted")
            grid.addWidget(head, 0, column, Qt.AlignmentFlag.AlignLeft)
        self.fields: list[list[QSpinBox]] = []
        for tier, rhythm in zip(TIERS, rhythms, strict=True):
            name = translate("rhythm_grid", "Tier {tier}").format(tier=tier)
            grid.addWidget(QLabel(name), tier, 0)
            row = []
            for column, ((_title, meaning), days) in enumerate(
                zip(KINDS, _values(rhythm), strict=True), start=1
            ):
                spin = QSpinBox()
                spin.setRange(1, MAX_RHYTHM_DAYS)
                spin.setValue(days)
                said = f"{name}: {translate('rhythm_grid', meaning)}"
                spin.setAccessibleName(said)
                spin.setToolTip(said)
                grid.addWidget(spin, tier, column)
                row.append(spin)
            self.fields.append(row)

    def rhythms(self) -> tuple[Rhythm, Rhythm, Rhythm]:
        first, second, third = (Rhythm(*(spin.value() for spin in row)) for row in self.fields)
        return first, second, third

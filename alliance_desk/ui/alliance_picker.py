"""Which alliance a new record is for, asked only when none is in focus ("All alliances"):
a list to search by typing, so a new escalation, risk or meeting never dead-ends."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core.portfolio import Alliance
from alliance_desk.core.records import match
from alliance_desk.store import portfolio
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.search_list import SearchList
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.table_view import select_row

COLUMNS: tuple[Column[Alliance], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "Alliance"), lambda a: a.name),
    Column(QT_TRANSLATE_NOOP("Column", "Partner"), lambda a: a.partner),
    Column(
        QT_TRANSLATE_NOOP("Column", "Tier"),
        lambda a: translate("Column", "Tier {tier}").format(tier=a.tier),
    ),
)


class AlliancePicker(QDialog):
    """With nothing typed, the alliance `suggested` (of the record selected behind the dialog)
    is the one Enter picks; without one, none is: the first in the alphabet had been, so a
    quick Enter filed a new record under "Asia licensing …" whatever the user was looking at.
    What is typed picks its best match, as ever."""

    def __init__(
        self,
        alliances: Sequence[Alliance],
        why: str,
        parent: QWidget | None = None,
        suggested: int | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Which alliance?"))
        self.alliances = list(alliances)
        self.suggested = suggested
        self.chosen: int | None = None
        self.search = SearchList(COLUMNS, self._find, self.tr("Type part of its name or partner"))
        self.search.chosen.connect(self._chosen)
        self.search.line.textChanged.connect(self._untyped)
        intro = QLabel(why)
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search, 1)
        buttons = dialog_buttons(self, self.tr("Choose"))
        layout.addWidget(buttons)
        self.choose_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.search.table.selectionModel().currentChanged.connect(self._can_choose)
        self._untyped(self.search.line.text())
        self.search.line.setFocus()
        self.resize(560, 380)
        self.fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self.fitted:  # measured once the theme has styled it (its header's padding)
            self.fitted = True
            self._fit(len(self.alliances))
        super().showEvent(event)

    def _fit(self, count: int) -> None:
        """Every alliance in view up to ten, whole names (at 560 × 380 six showed, the sixth
        cut in half, and the first name cut off) — within the screen."""
        table = self.search.table
        rows = min(count, 10) * table.verticalHeader().defaultSectionSize()
        header = table.horizontalHeader().sizeHint().height()
        table.setMinimumHeight(rows + header + 2 * table.frameWidth() + 2)
        table.resizeColumnsToContents()
        wide = sum(table.columnWidth(c) for c in range(table.model().columnCount())) + 60
        screen = self.screen().availableGeometry()
        self.resize(min(max(560, wide), screen.width() - 80), self.sizeHint().height())

    def _untyped(self, text: str) -> None:
        """Nothing typed: the suggested alliance is current, or none is."""
        if not text.strip():
            at = self.search.model.find(lambda a: a.id == self.suggested)
            select_row(self.search.table, at)
        self._can_choose()

    def _can_choose(self, *_args: object) -> None:
        found = self.search.current() is not None
        self.choose_button.setEnabled(found)
        self.choose_button.setToolTip(
            translate("dialogs", "Ctrl+Enter, from any field")
            if found
            else self.tr("Type part of a name, or pick one with the arrow keys")
        )

    def _find(self, text: str) -> list[Alliance]:
        if not text.strip():
            return self.alliances
        found = [(match(text, a.name, a.partner), a) for a in self.alliances]
        return [a for score, a in sorted(found, key=lambda pair: pair[0] or 0) if score is not None]

    def _chosen(self, alliance: Alliance) -> None:
        self.chosen = alliance.id
        super().accept()

    def accept(self) -> None:
        alliance = self.search.current()
        if alliance is not None:
            self._chosen(alliance)


def pick_alliance(
    desk: Desk, parent: QWidget | None, why: str, suggested: int | None = None
) -> int | None:
    """The alliance in focus; with none, the one the user picks (None if they cancel or
    there is none yet, after saying so). `why` says what needs one, e.g. "An escalation
    belongs to one alliance."; `suggested`: the alliance of the record selected behind the
    dialog, which Enter picks before anything is typed."""
    if desk.alliance_id is not None:
        return desk.alliance_id
    if desk.store is None:
        return None
    alliances = portfolio.list_alliances(desk.store)
    if not alliances:
        desk.report_error(
            translate("alliance_picker", "{why} Create your first alliance first (Ctrl+N).").format(
                why=why
            )
        )
        return None
    if len(alliances) == 1:
        return alliances[0].id
    dialog = AlliancePicker(
        alliances,
        translate("alliance_picker", "{why} Which one?").format(why=why),
        parent,
        suggested,
    )
    return dialog.chosen if dialog.exec() else None


def name_the_alliance(dialog: QWidget, desk: Desk, alliance_id: int) -> None:
    """`dialog` names the alliance what it adds will belong to — the one in focus, or the
    one picked a moment ago from "All alliances", which nothing on the form showed: in a
    line at its top. Not in its title: with the alliance's name there the window manager
    cut it in the middle ("Raise an escalation — HALO-7 onc… y co-development")."""
    if desk.store is None:
        return
    try:
        name = portfolio.get_alliance(desk.store, alliance_id).name
    except StoreError:
        return
    layout = dialog.layout()
    if isinstance(layout, QBoxLayout):
        line = QLabel(translate("alliance_picker", "For {alliance}").format(alliance=name))
        line.setObjectName("muted")
        line.setWordWrap(True)
        line.setTextFormat(Qt.TextFormat.PlainText)  # in line with the form's labels below
        layout.insertWidget(0, line)

"""Help › Keyboard shortcuts (F1): every key the window answers to, on one page.

F1 did nothing, the Help menu held no word about keys, and "keyboard" in the palette found
nothing (a screenshot review). The page lists the commands of the menus with the keys they
have now (read from the actions themselves, so it cannot drift from them), then the keys a
list or a dialog answers to, which no menu shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate

WHAT = "keys"  # an action's property: what its keys do, where its name does not say it

# Keys no menu shows that no table of the app's own lists: where they act, then (keys, what
# they do). Today's one-key commands and meeting mode's keys are read from their own tables
# (`_of_their_own`), which make the shortcuts.
IN_PLACE = (
    (
        QT_TRANSLATE_NOOP("KeysHelp", "In an onboarding plan"),
        (
            ("Space", QT_TRANSLATE_NOOP("KeysHelp", "Tick the item")),
            ("N", QT_TRANSLATE_NOOP("KeysHelp", "Mark it not applicable")),
            ("R", QT_TRANSLATE_NOOP("KeysHelp", "Reopen it")),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("KeysHelp", "In any list"),
        (
            ("Enter", QT_TRANSLATE_NOOP("KeysHelp", "Into the chosen record's form beside it")),
            ("Delete", QT_TRANSLATE_NOOP("KeysHelp", "Delete the selected record (undoable)")),
            ("Tab", QT_TRANSLATE_NOOP("KeysHelp", "On to the next field")),
            ("Ctrl+Tab", QT_TRANSLATE_NOOP("KeysHelp", "Next tab")),
            ("Ctrl+Shift+Tab", QT_TRANSLATE_NOOP("KeysHelp", "Previous tab")),
        ),
    ),
    (
        QT_TRANSLATE_NOOP("KeysHelp", "On Committees & meetings"),
        (("Ctrl+Shift+R", QT_TRANSLATE_NOOP("KeysHelp", "Run the selected meeting")),),
    ),
    (
        QT_TRANSLATE_NOOP("KeysHelp", "In a dialog"),
        (
            ("Ctrl+Enter", QT_TRANSLATE_NOOP("KeysHelp", "Save and close")),
            ("Esc", QT_TRANSLATE_NOOP("KeysHelp", "Close without saving")),
        ),
    ),
)


def _of_their_own() -> list[tuple[str, list[tuple[str, str]]]]:
    """Today's list and meeting mode, from the tables that bind their keys."""
    from alliance_desk.ui.governance.attendance import KEYS as MARKS
    from alliance_desk.ui.governance.meeting_mode import MEETING_KEYS
    from alliance_desk.ui.today.view import TASK_KEYS

    today = [(_shown("Enter"), translate("KeysHelp", "Open the record"))]
    today += [(_shown(key), translate("TodayView", does)) for key, _method, does in TASK_KEYS]
    meeting = [(_shown(key), translate("MeetingMode", does)) for key, _m, does in MEETING_KEYS]
    meeting += [
        (
            QKeySequence(key).toString(),
            translate("KeysHelp", "Attendee: {how}").format(how=how.label),
        )
        for key, how in MARKS.items()
    ]
    return [
        (translate("KeysHelp", "On Today's list"), today),
        (translate("KeysHelp", "In meeting mode"), meeting),
    ]


# Keys of their own some keyboards have (the desktop binds Undo, Exit, F14 to some commands):
# not what a laptop user presses
RARE = {Qt.Key.Key_Undo, Qt.Key.Key_Redo, Qt.Key.Key_Help, Qt.Key.Key_Refresh, Qt.Key.Key_Exit}


def _rare(keys: QKeySequence) -> bool:
    key = keys[0].key()  # type: ignore[index]
    return key in RARE or Qt.Key.Key_F13.value <= key.value <= Qt.Key.Key_F35.value


def _shown(keys: str) -> str:
    return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)


class KeysHelp(QDialog):
    """The keys of the window's `commands` (menu order, grouped by menu), then `IN_PLACE`;
    a filter finds a key or a command by any word."""

    def __init__(self, commands: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Find a key or a command"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Find a key or a command"))
        self.filter.textChanged.connect(self._filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Keys"), self.tr("Does")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        for group, rows in self._groups(commands):
            heading = QTreeWidgetItem(self.tree, [group, ""])
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for keys, does in rows:
                QTreeWidgetItem(heading, [keys, does])
            heading.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in buttons.buttons():
            button.setIcon(QIcon())  # text alone, like every button of the window
            button.setToolTip(translate("dialogs", "Esc"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(560, 620)

    @staticmethod
    def _groups(commands: Iterable[QAction]) -> list[tuple[str, list[tuple[str, str]]]]:
        from alliance_desk.ui.palette import plain_text

        groups: dict[str, list[tuple[str, str]]] = {}
        for action in commands:
            keys = [k for k in action.shortcuts() if not k.isEmpty() and not _rare(k)]
            if not keys:
                continue
            menu = str(action.property("menu") or "")
            does = str(action.property(WHAT) or "") or action.statusTip() or plain_text(action)
            shown = " / ".join(
                dict.fromkeys(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
            )
            title = translate("KeysHelp", "{menu} menu").format(menu=menu)
            groups.setdefault(title, []).append((shown, does))
        listed = list(groups.items()) + _of_their_own()
        for where, rows in IN_PLACE:
            listed.append(
                (
                    translate("KeysHelp", where),
                    [(_shown(keys), translate("KeysHelp", does)) for keys, does in rows],
                )
            )
        return listed

    def _listed(self) -> list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]]:
        """Each group's heading and its rows."""
        found = []
        for g in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(g)
            assert heading is not None
            children = [heading.child(r) for r in range(heading.childCount())]
            found.append((heading, [item for item in children if item is not None]))
        return found

    def rows(self) -> list[tuple[str, str]]:
        """Every (keys, does) shown, in order (for tests and the filter)."""
        return [
            (item.text(0), item.text(1))
            for _heading, items in self._listed()
            for item in items
            if not item.isHidden()
        ]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for heading, items in self._listed():
            shown = 0
            for item in items:
                haystack = f"{heading.text(0)} {item.text(0)} {item.text(1)}".casefold()
                hide = not all(word in haystack for word in words)
                item.setHidden(hide)
                shown += not hide
            heading.setHidden(shown == 0)

"""Where the keyboard is when a section is shown, and what a letter typed in the sidebar does.

A section's one-key commands ("S snoozes" on Today, "R" reopens an onboarding item) belong to
its list: they act when the list has the keyboard. At start-up and after Ctrl+1 … Ctrl+9 the
keyboard was in the sidebar, where a letter picked the section whose name starts with it: "S"
on Today showed Stakeholders instead of snoozing. Now the keyboard goes to the section's list
when the section is chosen from the keyboard or the window first shows, and a letter or Space
typed in the sidebar is the section's: the keyboard moves into its list and the key does
there what it says (Enter just moves in). The arrow keys still move through the sections.
A section's tabs (`follow_pages`) keep the keyboard in the list of the page they show.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)

MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TYPED_IN = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


def _keyed(view: QWidget) -> list[QAbstractItemView]:
    """The lists and tables of `view` on screen that take the keyboard, in the order they were
    made (a section makes its main list first). Found among `view`'s children, never by
    walking the window's focus chain: wrappers made for every widget of the window along it
    outlived widgets Qt deleted, and a layout item later made at such an address was taken
    for the deleted one (a crash, seen going from Portfolio to Escalations)."""
    return [w for w in view.findChildren(QAbstractItemView) if _takes_keyboard(w)]


def _takes_keyboard(widget: QWidget) -> bool:
    return (
        widget.isVisible()
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def _one_key_commands(widget: QWidget) -> list[QAction]:
    """The actions of `widget` a single key without Ctrl, Alt or Meta triggers ("S", Space)."""
    return [
        action
        for action in widget.actions()
        if any(
            key.count() == 1 and not key[0].keyboardModifiers() & MODIFIERS  # type: ignore[index]
            for key in action.shortcuts()
        )
    ]


def content_of(view: QWidget) -> QWidget | None:
    """The list or table the keyboard belongs in when `view` is shown: the first with one-key
    commands, else the first table (the records: a meeting's attendee checklist, a person's
    counterparts or an escalation's history are lists beside them, where Space ticked an
    attendee and Down scrolled the panel), else the first list. A section whose tables are
    not made in that order names its list as `keyboard_home` (Habits: its week's check-ins
    sit in a splitter made before the habits' table was put in, and took the keyboard)."""
    home = getattr(view, "keyboard_home", None)  # a section's own choice, where it makes one
    if isinstance(home, QWidget) and _takes_keyboard(home):
        return home
    lists = _keyed(view)
    tables = [w for w in lists if isinstance(w, QTableView)]
    return next((w for w in lists if _one_key_commands(w)), (tables or lists or [None])[0])


def focus_content(view: QWidget | None) -> QWidget | None:
    """Put the keyboard in `view`'s list (see `content_of`); the widget that has it, if any."""
    target = content_of(view) if view is not None else None
    if target is not None:
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
    return target


def _its_command(view: QWidget, event: QKeyEvent) -> tuple[QWidget, QAction] | None:
    """The list of `view` on screen, and its enabled action, whose one key was pressed."""
    pressed = QKeySequence(event.keyCombination())
    for widget in _keyed(view):
        for action in _one_key_commands(widget):
            if action.isEnabled() and any(
                key.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
                for key in action.shortcuts()
            ):
                return widget, action
    return None


def follow_pages(pages: QTabWidget | QStackedWidget) -> None:
    """When `pages` (a section's tabs, or the pages of a section such as the stakeholder
    map's "Choose an alliance" and the map) shows another page while the keyboard is among
    them, the keyboard goes to that page's list. Qt hands the keyboard of a page that goes to
    the first widget of the new one that takes it — on a register's page its Delete button,
    where Space then deleted the selected record, one more at each press; on the map, after
    an alliance was picked, "Add person…". A field being typed in keeps the keyboard, and so
    does the tab bar (its arrow keys move between the tabs)."""

    def shown(index: int) -> None:
        focus = pages.window().focusWidget()
        page = pages.widget(index)
        if page is None or not page.isVisible() or focus is None or not pages.isAncestorOf(focus):
            return
        if isinstance(focus, TYPED_IN) or (
            isinstance(pages, QTabWidget) and focus is pages.tabBar()
        ):
            return
        focus_content(page)

    pages.currentChanged.connect(shown)


class SidebarKeys(QObject):
    """Keys typed in the sidebar (`navigation`) that belong to the section shown (`current`
    gives its view), and the keyboard moved into that section when the window first shows."""

    def __init__(self, navigation: QWidget, current: Callable[[], QWidget | None]) -> None:
        super().__init__(navigation)
        self.navigation = navigation
        self.current = current
        navigation.installEventFilter(self)
        window = navigation.window()
        self._first_show = window is not navigation
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and watched is not self.navigation and self._first_show:
            self._first_show = False
            if self.navigation.hasFocus() or QApplication.focusWidget() is None:
                focus_content(self.current())
        elif kind == QEvent.Type.KeyPress and watched is self.navigation:
            return self._typed(event)  # type: ignore[arg-type]
        return False

    def _typed(self, event: QKeyEvent) -> bool:
        if event.modifiers() & MODIFIERS:
            return False
        key = event.key()
        text = event.text()
        if key not in ENTER and not (text and text.isprintable()):
            return False  # arrows, Home, End, Tab: the sidebar's own
        view = self.current()
        command = _its_command(view, event) if view is not None and key not in ENTER else None
        if command is not None:
            widget, action = command
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
            action.trigger()
            return True
        target = focus_content(view)
        if target is not None and key not in ENTER:  # typed into the list: its own search
            QApplication.sendEvent(target, QKeyEvent(event.type(), key, event.modifiers(), text))
        return target is not None

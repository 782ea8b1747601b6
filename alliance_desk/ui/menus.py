"""The window's menus and toolbar: every command the app has, with its keys. Commands that
belong to a section work from anywhere: they open their section, ask which alliance when
"All alliances" is in focus, or say why they cannot act (nothing selected there)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QToolBar

from alliance_desk import APP_NAME
from alliance_desk.ui import passphrase
from alliance_desk.ui.sections import SECTIONS

if TYPE_CHECKING:
    from alliance_desk.ui.main_window import MainWindow

Keys = QKeySequence.StandardKey | str | list[QKeySequence] | None


def keys(standard: QKeySequence.StandardKey, *fallback: str) -> list[QKeySequence]:
    """The platform's keys for a standard action, plus the ones users expect everywhere.

    Some platforms bind nothing to Quit or Preferences, so the fallbacks are always added.
    """
    bound = list(QKeySequence.keyBindings(standard))
    for text in fallback:
        sequence = QKeySequence(text)
        if sequence not in bound:
            bound.append(sequence)
    return bound


def build_menus(window: MainWindow) -> list[QAction]:
    """Every menu of the window; returns the commands in menu order (the palette lists them)."""
    made: list[QAction] = []
    w = window

    def add(
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: Keys = None,
        tip: str = "",
    ) -> QAction:
        """`tip`: what the command does, in words the palette finds it by."""
        action = QAction(text, w)
        action.setStatusTip(tip)
        action.setProperty("menu", menu.title().replace("&", ""))
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        w.addAction(action)
        made.append(action)
        return action

    bar = w.menuBar()
    file_menu = bar.addMenu("&File")
    w.new_action = add(
        file_menu, "&New alliance…", w.new_alliance, QKeySequence.StandardKey.New, "Add an alliance"
    )
    file_menu.addSeparator()
    add(file_menu, "&Open portfolio file…", w.open_file, QKeySequence.StandardKey.Open)
    add(file_menu, "New &portfolio file…", w.new_file)
    add(file_menu, "Open the &demo portfolio", w.open_demo)
    file_menu.addSeparator()
    add(file_menu, "&Export a pack…", w.export_pack, "Ctrl+E", "Export a briefing pack (PDF)")
    file_menu.addSeparator()
    add(file_menu, "&Back up now", w.back_up_now, "Ctrl+Shift+B")
    add(file_menu, "Back&ups…", w.show_backups)
    file_menu.addSeparator()
    secret = "an encrypted portfolio's passphrase"
    add(file_menu, "En&crypt portfolio…", partial(passphrase.encrypt_portfolio, w), tip=secret)
    add(file_menu, "Decr&ypt portfolio…", partial(passphrase.decrypt_portfolio, w), tip=secret)
    add(file_menu, "C&hange passphrase…", partial(passphrase.change_passphrase, w), tip=secret)
    add(file_menu, "&Lock now", w.lock_now, "Ctrl+Shift+L", "Lock an encrypted portfolio")
    file_menu.addSeparator()
    add(file_menu, "&Quit", w.close, keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"))

    edit_menu = bar.addMenu("&Edit")
    w.undo_action = w.desk.undo_stack.createUndoAction(w, "&Undo")
    w.undo_action.setShortcuts(keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
    w.redo_action = w.desk.undo_stack.createRedoAction(w, "&Redo")
    w.redo_action.setShortcuts(keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
    edit_menu.addAction(w.undo_action)
    edit_menu.addAction(w.redo_action)
    for action in (w.undo_action, w.redo_action):
        action.setProperty("menu", "Edit")
        made.append(action)
    edit_menu.addSeparator()
    add(edit_menu, "Esc&alate the selected escalation…", w.escalate, "Ctrl+Shift+Up")
    add(edit_menu, "De-e&scalate the selected escalation…", w.deescalate, "Ctrl+Shift+Down")
    add(edit_menu, "Add a &note to the selected escalation…", w.note, "Ctrl+Shift+M")
    edit_menu.addSeparator()
    # No shortcut here: Delete belongs to the tables, where it cannot surprise.
    w.delete_alliance_action = add(edit_menu, "&Delete alliance", w.delete_alliance)
    edit_menu.aboutToShow.connect(w.update_delete)
    edit_menu.addSeparator()
    add(
        edit_menu,
        "&Preferences…",
        w.show_preferences,
        keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
    )

    view_menu = bar.addMenu("&View")
    for number, section in enumerate(SECTIONS, start=1):
        add(
            view_menu,
            section.menu_text,
            partial(w.show_section, section.key),
            f"Ctrl+{number}",
            f"Show {section.title}",
        )
    view_menu.addSeparator()
    add(view_menu, "Choose the a&lliance…", w.focus_selector, "Ctrl+L")
    add(view_menu, "&Go to anything…", w.show_palette, "Ctrl+K")
    add(view_menu, "Fi&nd in this section", w.find_in_section, QKeySequence.StandardKey.Find)
    add(view_menu, "Re&fresh", w.refresh, keys(QKeySequence.StandardKey.Refresh, "F5"))

    new_menu = bar.addMenu("&Add")
    add(new_menu, "&Person…", w.add_person, None, "Add a person to an alliance")
    add(
        new_menu,
        "&Interaction (log a contact)…",
        w.log_interaction,
        "Ctrl+I",
        "Log a call, meeting or e-mail with someone",
    )
    add(
        new_menu,
        "&Onboarding plan…",
        w.start_onboarding,
        "Ctrl+Shift+O",
        "Start onboarding someone joining a committee or team",
    )
    add(new_menu, "&Escalation…", w.raise_escalation, "Ctrl+Shift+E", "Raise an escalation")
    new_menu.addSeparator()
    for tab, text, tip in (
        ("risks", "&Risk…", "Add a risk to the register"),
        ("decisions", "&Decision…", "Record a decision in the log"),
        ("obligations", "O&bligation…", "Add a contractual obligation"),
        ("insights", "Partner i&nsight…", "Note what you learned about the partner"),
    ):
        add(new_menu, text, partial(w.add_to_register, tab), None, tip)
    new_menu.addSeparator()
    add(new_menu, "&Committee…", w.new_committee, None, "Create a governance committee")
    add(new_menu, "&Meeting…", w.new_meeting, None, "Plan a committee meeting")
    add(new_menu, "&Health check…", w.new_health_check, None, "Record a two-sided health check")
    new_menu.addSeparator()
    add(new_menu, "Habit chec&k-in…", w.check_in, "Ctrl+Shift+K", "Check in on a habit")
    add(new_menu, "&Weekly review…", w.weekly_review, "Ctrl+Shift+W", "Review the week's habits")

    help_menu = bar.addMenu("&Help")
    add(help_menu, "Open &log folder", w.open_log_folder)
    help_menu.addSeparator()
    add(help_menu, f"&About {APP_NAME}", w.show_about)
    return made


def build_toolbar(window: MainWindow) -> None:
    bar = QToolBar("Main")
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    label = QLabel("  Alliance: ")
    label.setBuddy(window.alliance_selector)
    bar.addWidget(label)
    bar.addWidget(window.alliance_selector)
    bar.addSeparator()
    bar.addAction(window.new_action)
    bar.addAction(window.undo_action)
    bar.addAction(window.redo_action)
    window.addToolBar(bar)

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
from alliance_desk.ui import keys_help, new_here, passphrase
from alliance_desk.ui.i18n import translate
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


def _only_what_applies(window: MainWindow, crypt: list[QAction]) -> None:
    """In the open File menu, the encryption commands that apply to the portfolio open: all
    four were offered at once, on a plain file as on an encrypted one."""
    from alliance_desk.store import cipher
    from alliance_desk.store.location import demo_database_path

    store = window.desk.store
    path = store.path if store is not None else None
    encrypted = path is not None and cipher.looks_encrypted(path)
    plain = path is not None and not encrypted and path != demo_database_path()
    encrypt, *others = crypt
    encrypt.setEnabled(plain)
    for action in others:
        action.setEnabled(encrypted)


def _all_enabled(crypt: list[QAction]) -> None:
    """Once the menu closes, their keys (Ctrl+Shift+L) and the palette reach them again: each
    says why it cannot act on this portfolio, where a disabled one would do nothing."""
    for action in crypt:
        action.setEnabled(True)


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
    file_menu = bar.addMenu(translate("menus", "&File"))
    w.new_action = add(
        file_menu,
        translate("menus", "&New alliance…"),
        w.new_alliance,
        None,  # Ctrl+N: a new one of what the section shows (Add menu), an alliance included
        translate("menus", "New alliance — add one to the portfolio"),  # named as everywhere
    )
    file_menu.addSeparator()
    add(
        file_menu,
        translate("menus", "&Open portfolio file…"),
        w.open_file,
        QKeySequence.StandardKey.Open,
    )
    add(file_menu, translate("menus", "New &portfolio file…"), w.new_file)
    add(file_menu, translate("menus", "Open the &demo portfolio"), w.open_demo)
    file_menu.addSeparator()
    add(
        file_menu,
        translate("menus", "&Export a pack…"),
        w.export_pack,
        "Ctrl+E",
        translate("menus", "Export a briefing pack (PDF)"),
    )
    file_menu.addSeparator()
    add(
        file_menu,
        translate("menus", "&Back up now"),
        w.back_up_now,
        "Ctrl+Shift+B",
    )
    add(file_menu, translate("menus", "Back&ups…"), w.show_backups)
    file_menu.addSeparator()
    crypt: list[QAction] = []  # encrypt, decrypt, change the passphrase, lock
    for text, command, tip in (
        (
            translate("menus", "En&crypt portfolio…"),
            passphrase.encrypt_portfolio,
            translate("menus", "Encrypt the portfolio with a passphrase"),
        ),
        (
            translate("menus", "Decr&ypt portfolio…"),
            passphrase.decrypt_portfolio,
            translate("menus", "Decrypt the portfolio: remove its passphrase"),
        ),
        (
            translate("menus", "C&hange passphrase…"),
            passphrase.change_passphrase,
            translate("menus", "Change an encrypted portfolio's passphrase"),
        ),
    ):
        crypt.append(add(file_menu, text, partial(command, w), tip=tip))
    crypt.append(
        add(
            file_menu,
            translate("menus", "&Lock now"),
            w.lock_now,
            "Ctrl+Shift+L",
            translate("menus", "Lock an encrypted portfolio"),
        )
    )
    file_menu.aboutToShow.connect(partial(_only_what_applies, w, crypt))
    file_menu.aboutToHide.connect(partial(_all_enabled, crypt))
    file_menu.addSeparator()
    add(
        file_menu,
        translate("menus", "&Quit"),
        w.close,
        keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"),
    )

    edit_menu = bar.addMenu(translate("menus", "&Edit"))
    w.undo_action = w.desk.undo_stack.createUndoAction(w, translate("menus", "&Undo"))
    w.undo_action.setShortcuts(keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
    w.redo_action = w.desk.undo_stack.createRedoAction(w, translate("menus", "&Redo"))
    w.redo_action.setShortcuts(keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
    edit_menu.addAction(w.undo_action)
    edit_menu.addAction(w.redo_action)
    for action in (w.undo_action, w.redo_action):
        action.setProperty("menu", "Edit")
        made.append(action)
    edit_menu.addSeparator()
    add(
        edit_menu,
        translate("menus", "Esc&alate the selected escalation…"),
        w.escalate,
        "Ctrl+Shift+Up",
    )
    add(
        edit_menu,
        translate("menus", "De-e&scalate the selected escalation…"),
        w.deescalate,
        "Ctrl+Shift+Down",
    )
    add(
        edit_menu,
        translate("menus", "Add a &note to the selected escalation…"),
        w.note,
        "Ctrl+Shift+M",
    )
    edit_menu.addSeparator()
    # No shortcut here: Delete belongs to the tables, where it cannot surprise.
    w.delete_alliance_action = add(
        edit_menu, translate("menus", "&Delete alliance"), w.delete_alliance
    )
    edit_menu.aboutToShow.connect(w.update_delete)
    edit_menu.addSeparator()
    add(
        edit_menu,
        translate("menus", "&Preferences…"),
        w.show_preferences,
        keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
    )

    view_menu = bar.addMenu(translate("menus", "&View"))
    for number, section in enumerate(SECTIONS, start=1):
        add(
            view_menu,
            translate("Section", section.menu_text),
            partial(w.go_to_section, section.key),
            f"Ctrl+{number}",
            translate("menus", "Show {title}").format(title=translate("Section", section.title)),
        )
    view_menu.addSeparator()
    add(
        view_menu,
        translate("menus", "Choose the a&lliance…"),
        w.focus_selector,
        "Ctrl+L",
    )
    add(view_menu, translate("menus", "&Go to anything…"), w.show_palette, "Ctrl+K")
    add(
        view_menu,
        translate("menus", "Fi&nd in this section"),
        w.find_in_section,
        QKeySequence.StandardKey.Find,
    )
    add(
        view_menu,
        translate("menus", "Re&fresh"),
        w.refresh,
        keys(QKeySequence.StandardKey.Refresh, "F5"),
    )

    new_menu = bar.addMenu(translate("menus", "&Add"))
    here = add(
        new_menu,
        translate("NewHere", new_here.ALLIANCE),
        partial(new_here.new_here, w),
        QKeySequence.StandardKey.New,  # no tip: the palette shows its name for the section
    )
    here.setProperty(
        keys_help.WHAT, translate("menus", "A new one of what the section shows (Add menu)")
    )
    new_menu.aboutToShow.connect(partial(new_here.name_it, w, here))
    w.pages.currentChanged.connect(lambda _index: new_here.name_it(w, here))
    new_menu.addSeparator()
    add(
        new_menu,
        translate("menus", "&Person…"),
        w.add_person,
        None,
        translate("menus", "Add a person to an alliance"),
    )
    add(
        new_menu,
        translate("menus", "&Interaction (log a contact)…"),
        w.log_interaction,
        "Ctrl+I",
        translate("menus", "Log a call, meeting or e-mail with someone"),
    )
    add(
        new_menu,
        translate("menus", "&Onboarding plan…"),
        w.start_onboarding,
        "Ctrl+Shift+O",
        translate("menus", "Start onboarding someone joining a committee or team"),
    )
    add(
        new_menu,
        translate("menus", "&Escalation…"),
        w.raise_escalation,
        "Ctrl+Shift+E",
        translate("menus", "Raise an escalation"),
    )
    new_menu.addSeparator()
    for tab, text, tip in (
        ("risks", translate("menus", "&Risk…"), translate("menus", "Add a risk to the register")),
        (
            "decisions",
            translate("menus", "&Decision…"),
            translate("menus", "Record a decision in the log"),
        ),
        (
            "obligations",
            translate("menus", "O&bligation…"),
            translate("menus", "Add a contractual obligation"),
        ),
        (
            "insights",
            translate("menus", "Partner insi&ght…"),
            translate("menus", "Note what you learned about the partner"),
        ),
    ):
        add(new_menu, text, partial(w.add_to_register, tab), None, tip)
    new_menu.addSeparator()
    add(
        new_menu,
        translate("menus", "&Committee…"),
        w.new_committee,
        None,
        translate("menus", "Create a governance committee"),
    )
    add(
        new_menu,
        translate("menus", "&Meeting…"),
        w.new_meeting,
        None,
        translate("menus", "Plan a committee meeting"),
    )
    add(
        new_menu,
        translate("menus", "&Health check…"),
        w.new_health_check,
        None,
        translate("menus", "Record a two-sided health check"),
    )
    new_menu.addSeparator()
    add(
        new_menu,
        translate("menus", "Habit chec&k-in…"),
        w.check_in,
        "Ctrl+Shift+K",
        translate("menus", "Check in on a habit"),
    )
    add(
        new_menu,
        translate("menus", "&Weekly review…"),
        w.weekly_review,
        "Ctrl+Shift+W",
        translate("menus", "Review the week's habits"),
    )

    help_menu = bar.addMenu(translate("menus", "&Help"))
    add(
        help_menu,
        translate("menus", "&Keyboard shortcuts"),
        w.show_keys,
        keys(QKeySequence.StandardKey.HelpContents, "F1"),
        translate("menus", "Keyboard shortcuts — every key and what it does"),
    )
    add(help_menu, translate("menus", "Open &log folder"), w.open_log_folder)
    help_menu.addSeparator()
    add(
        help_menu,
        translate("menus", "&About {APP_NAME}").format(APP_NAME=APP_NAME),
        w.show_about,
    )
    from alliance_desk.ui.tab_commands import tab_commands

    return made + tab_commands(w)  # in the palette, not in a menu


def _button_for(window: MainWindow, full: QAction, word: str) -> QAction:
    """A toolbar button doing what `full` does (the Edit menu's Undo or Redo) under one short
    `word`: the menu's text names what is undone ("Undo Delete alliance "Asia licensing of
    …"") and on a 1024 px window pushed both buttons into the toolbar's overflow. What is
    undone is the button's tooltip."""
    button = QAction(word, window)

    def follow() -> None:
        button.setEnabled(full.isEnabled())
        button.setToolTip(full.text().replace("&", ""))

    full.changed.connect(follow)
    button.triggered.connect(full.trigger)
    follow()
    return button


def build_toolbar(window: MainWindow) -> None:
    bar = QToolBar(translate("menus", "Main"))
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    label = QLabel(translate("menus", "  Alliance: "))
    label.setBuddy(window.alliance_selector)
    bar.addWidget(label)
    bar.addWidget(window.alliance_selector)
    bar.addSeparator()
    bar.addAction(window.new_action)
    bar.addAction(_button_for(window, window.undo_action, translate("menus", "Undo")))
    bar.addAction(_button_for(window, window.redo_action, translate("menus", "Redo")))
    window.addToolBar(bar)

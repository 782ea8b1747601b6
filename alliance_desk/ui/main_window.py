"""The main window: navigation between sections, the alliance selector, menus and shortcuts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from alliance_desk import APP_NAME, __version__
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.store import backup, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.preferences import (
    LAST_DATABASE,
    backup_max_age,
    backups_to_keep,
    move_policy_into,
)
from alliance_desk.ui.sections import SECTIONS
from alliance_desk.ui.theme import icon

if TYPE_CHECKING:
    from alliance_desk.ui.escalations.view import EscalationsView
    from alliance_desk.ui.habits.view import HabitsView
    from alliance_desk.ui.onboarding.view import OnboardingView
    from alliance_desk.ui.packs.view import PacksView
    from alliance_desk.ui.portfolio.view import PortfolioView
    from alliance_desk.ui.risks.view import RisksView
    from alliance_desk.ui.stakeholders.view import StakeholdersView
    from alliance_desk.ui.today.view import TodayView

ALL_ALLIANCES = "All alliances"


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


class MainWindow(QMainWindow):
    def __init__(self, desk: Desk, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.settings = settings
        self.setWindowIcon(icon("app"))
        screen = self.screen().availableGeometry()
        self.resize(min(1440, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9)))
        self.setMinimumSize(QSize(760, 520))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        self.navigation.setIconSize(QSize(20, 20))
        self.pages = QStackedWidget()
        self._built: dict[str, QWidget] = {}
        for section in SECTIONS:
            self.pages.addWidget(QWidget())  # stands in until the section is first shown
            item = QListWidgetItem(icon(section.icon), section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            self.navigation.addItem(item)
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.alliance_selector = QComboBox()
        self.alliance_selector.setMinimumWidth(320)
        self.alliance_selector.setToolTip("The alliance the sections focus on (Ctrl+L)")
        self.alliance_selector.activated.connect(self._selector_activated)
        self._build_actions()
        self._build_toolbar()
        self.location_label = QLabel()
        self.location_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.location_label)

        desk.changed.connect(self._changed)
        desk.alliance_changed.connect(self._sync_selector)
        desk.store_changed.connect(self._update_title)
        desk.error.connect(self._show_error)
        desk.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._refresh_selector()
        self._update_title()
        self._restore_state()
        self._move_policy_in()

    # -- sections, built when first shown ----------------------------------------------------

    def view(self, key: str) -> QWidget:
        """The section's view, built (and its module imported) the first time it is asked for:
        a start-up that builds only the section on screen is three times faster."""
        view = self._built.get(key)
        if view is None:
            view = self._built[key] = self._make(key)
            index = next(i for i, section in enumerate(SECTIONS) if section.key == key)
            placeholder = self.pages.widget(index)
            showing = self.pages.currentIndex() == index
            self.pages.insertWidget(index, view)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            if showing:
                self.pages.setCurrentIndex(index)
        return view

    def _make(self, key: str) -> QWidget:
        desk, settings = self.desk, self.settings
        if key == "today":
            from alliance_desk.ui.today.view import TodayView

            today = TodayView(desk)
            today.open_demo = self.open_demo
            today.create_alliance = self.new_alliance
            today.open_alliance.connect(self.open_alliance)
            today.open_person.connect(self.open_person)
            today.open_plan.connect(self.open_plan)
            today.open_escalation.connect(self.open_escalation)
            today.open_register.connect(self.open_register)
            today.open_meeting.connect(self.open_meeting)
            return today
        if key == "portfolio":
            from alliance_desk.ui.portfolio.view import PortfolioView

            view = PortfolioView(desk)
            view.open_demo = self.open_demo
            return view
        if key == "stakeholders":
            from alliance_desk.ui.stakeholders.view import StakeholdersView

            view = StakeholdersView(desk)
            view.start_onboarding = self.start_onboarding
            return view
        if key == "onboarding":
            from alliance_desk.ui.onboarding.view import OnboardingView

            return OnboardingView(desk)
        if key == "escalations":
            from alliance_desk.ui.escalations.view import EscalationsView

            return EscalationsView(desk)
        if key == "risks":
            from alliance_desk.ui.risks.view import RisksView

            return RisksView(desk)
        if key == "habits":
            from alliance_desk.ui.habits.view import HabitsView

            return HabitsView(desk, settings)
        from alliance_desk.ui.packs.view import PacksView

        return PacksView(desk)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.view(SECTIONS[row].key)
        self.pages.setCurrentIndex(row)

    @property
    def today(self) -> TodayView:
        return self.view("today")

    @property
    def portfolio(self) -> PortfolioView:
        return self.view("portfolio")

    @property
    def stakeholders(self) -> StakeholdersView:
        return self.view("stakeholders")

    @property
    def onboarding(self) -> OnboardingView:
        return self.view("onboarding")

    @property
    def escalations(self) -> EscalationsView:
        return self.view("escalations")

    @property
    def risks(self) -> RisksView:
        return self.view("risks")

    @property
    def habits(self) -> HabitsView:
        return self.view("habits")

    @property
    def packs(self) -> PacksView:
        return self.view("packs")

    # -- building -------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, menu=None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.new_action = self._action(
            "&New alliance…", self.new_alliance, QKeySequence.StandardKey.New, file_menu
        )
        file_menu.addSeparator()
        self._action(
            "&Open portfolio file…", self.open_file, QKeySequence.StandardKey.Open, file_menu
        )
        self._action("New &portfolio file…", self.new_file, None, file_menu)
        self._action("Open the &demo portfolio", self.open_demo, None, file_menu)
        file_menu.addSeparator()
        self._action("&Back up now", self.back_up_now, "Ctrl+Shift+B", file_menu)
        self._action("Back&ups…", self.show_backups, None, file_menu)
        file_menu.addSeparator()
        self._action("&Quit", self.close, keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"), file_menu)

        edit_menu = menus.addMenu("&Edit")
        self.undo_action = self.desk.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(keys(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
        self.redo_action = self.desk.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        # No shortcut here: Delete belongs to the portfolio table, where it cannot surprise.
        self._delete_alliance = self._action(
            "&Delete alliance", self._delete_current, None, edit_menu
        )
        edit_menu.aboutToShow.connect(self._update_delete)
        edit_menu.addSeparator()
        self._action(
            "&Preferences…",
            self.show_preferences,
            keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"),
            edit_menu,
        )

        view_menu = menus.addMenu("&View")
        for number, section in enumerate(SECTIONS, start=1):
            self._action(
                section.title,
                lambda _checked=False, key=section.key: self.show_section(key),
                f"Ctrl+{number}",
                view_menu,
            )
        view_menu.addSeparator()
        self._action("Choose &alliance", self._focus_selector, "Ctrl+L", view_menu)
        self._action(
            "&Refresh", self.refresh, keys(QKeySequence.StandardKey.Refresh, "F5"), view_menu
        )

        help_menu = menus.addMenu("&Help")
        self._action("Open &log folder", self.open_log_folder, None, help_menu)
        help_menu.addSeparator()
        self._action(f"&About {APP_NAME}", self.show_about, None, help_menu)

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel("  Alliance: "))
        bar.addWidget(self.alliance_selector)
        bar.addSeparator()
        bar.addAction(self.new_action)
        bar.addAction(self.undo_action)
        bar.addAction(self.redo_action)
        self.addToolBar(bar)

    # -- sections and alliances ------------------------------------------------------------

    def show_section(self, key: str) -> None:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigation.setCurrentRow(row)
                return

    def current_section(self) -> str:
        item = self.navigation.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "today"

    def open_alliance(self, alliance_id: int) -> None:
        self.desk.select_alliance(alliance_id)
        self.show_section("portfolio")

    def open_person(self, alliance_id: int, stakeholder_id: int) -> None:
        self.desk.select_alliance(alliance_id)
        self.show_section("stakeholders")
        self.stakeholders.select(stakeholder_id)

    def open_plan(self, plan_id: int) -> None:
        self.desk.select_alliance(None)
        self.show_section("onboarding")
        self.onboarding.select_plan(plan_id)

    def open_escalation(self, escalation_id: int) -> None:
        self.desk.select_alliance(None)
        self.show_section("escalations")
        self.escalations.status_filter.setCurrentIndex(1)  # everything, so it is surely listed
        self.escalations.select(escalation_id)

    def open_register(self, target: tuple[str, int, int]) -> None:
        """Open a risk, decision or obligation: (tab name, alliance id, record id)."""
        tab_name, alliance_id, record_id = target
        self.desk.select_alliance(alliance_id)
        self.show_section("risks")
        tab = getattr(self.risks, tab_name)
        self.risks.tabs.setCurrentWidget(tab)
        tab.select(record_id)

    def open_meeting(self, target: tuple[int, int]) -> None:
        alliance_id, meeting_id = target
        self.desk.select_alliance(alliance_id)
        self.show_section("risks")
        self.risks.tabs.setCurrentWidget(self.risks.meetings)
        self.risks.meetings.select(meeting_id)

    def start_onboarding(self, stakeholder_id: int) -> None:
        self.show_section("onboarding")
        self.onboarding.start_plan(stakeholder_id)

    def _changed(self, changes: Changes) -> None:
        if changes.touches({Kind.ALLIANCE}):
            self._refresh_selector()

    def _refresh_selector(self) -> None:
        self.alliance_selector.blockSignals(True)
        self.alliance_selector.clear()
        self.alliance_selector.addItem(ALL_ALLIANCES, None)
        if self.desk.store is not None:
            for alliance in portfolio.list_alliances(self.desk.store):
                self.alliance_selector.addItem(f"{alliance.name} — {alliance.partner}", alliance.id)
        self.alliance_selector.blockSignals(False)
        self._sync_selector(self.desk.alliance_id)

    def _sync_selector(self, alliance_id: int | None) -> None:
        index = self.alliance_selector.findData(alliance_id)
        self.alliance_selector.setCurrentIndex(max(index, 0))

    def _selector_activated(self, index: int) -> None:
        self.desk.select_alliance(self.alliance_selector.itemData(index))

    def _focus_selector(self) -> None:
        self.alliance_selector.setFocus()
        self.alliance_selector.showPopup()

    # -- commands ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read everything again: on a shared team store, shows what teammates saved."""
        if self.desk.store is not None:
            self.desk.refresh_all()
            self.statusBar().showMessage("Refreshed from the portfolio.", 3000)

    def _update_delete(self) -> None:
        self._delete_alliance.setEnabled(
            self.desk.store is not None and self.desk.alliance_id is not None
        )

    def _delete_current(self) -> None:
        self.show_section("portfolio")
        self.portfolio.delete_current()

    def prompt_review_if_due(self) -> bool:
        """Offer last week's habit review on the first start of a new week."""
        from alliance_desk.ui.habits.view import review_due

        week = review_due(self.desk.store, self.settings, self.desk.policy.week_start)
        return week is not None and self.habits.review(week)

    def new_alliance(self) -> None:
        if self.desk.store is None:
            self._show_error("Open or create a portfolio file first.")
            return
        self.show_section("portfolio")
        self.portfolio.new_alliance()

    def switch_to(self, target) -> bool:
        """Open another portfolio in this window. Returns False (after saying why) if refused."""
        from alliance_desk.store.location import without_password
        from alliance_desk.ui.sign_in import open_signing_in

        try:
            store = open_signing_in(
                target,
                lambda where: open_store(where, keep_backups=backups_to_keep(self.settings)),
                self,
            )
        except StoreError as error:
            QMessageBox.critical(self, "Cannot open this portfolio", str(error))
            return False
        self.desk.set_store(store)
        self.settings.setValue(
            LAST_DATABASE, str(store.path) if store.path else without_password(store.location.url)
        )
        self.statusBar().showMessage(f"Opened {store.location.display}", 5000)
        self._move_policy_in()
        return True

    def _move_policy_in(self) -> None:
        """Once, after an upgrade: the rules this user kept in Preferences go into the portfolio."""
        if self.desk.store is None:
            return
        try:
            moved = move_policy_into(self.desk.store, self.settings)
        except StoreError as error:  # a read-only file: tried again at the next start
            self.statusBar().showMessage(f"Your rules stay in Preferences for now: {error}")
            return
        if moved:
            self.statusBar().showMessage(moved, 15000)

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open portfolio", "", "Alliance Desk portfolios (*.sqlite3 *.db);;All files (*)"
        )
        if path:
            self.switch_to(path)

    def new_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "New portfolio file", "portfolio.sqlite3", "Alliance Desk portfolios (*.sqlite3)"
        )
        if path:
            self.switch_to(path)

    def open_demo(self) -> None:
        from alliance_desk.store.demo import create_demo

        try:
            path = create_demo()
        except (StoreError, OSError) as error:
            self._show_error(f"The demo portfolio could not be created: {error}")
            return
        if self.switch_to(path):
            self.show_section("today")

    def back_up_now(self) -> None:
        store = self.desk.store
        if store is None or store.path is None:
            self._show_error("Backups are taken of portfolio files; this portfolio is on a server.")
            return
        try:
            made = backup.take_backup(
                store.path,
                keep=backups_to_keep(self.settings),
                max_age_days=backup_max_age(self.settings),
            )
        except (OSError, StoreError) as error:
            self._show_error(f"The backup failed: {error}")
            return
        self.statusBar().showMessage(f"Backed up to {made}", 8000)

    def show_backups(self) -> None:
        store = self.desk.store
        if store is None or store.path is None:
            self._show_error("Backups are taken of portfolio files; this portfolio is on a server.")
            return
        path = store.path

        def reopen(target) -> None:
            if target is None:
                self.desk.set_store(None)
            else:
                self.switch_to(str(target))

        from alliance_desk.ui.backups import BackupsDialog

        BackupsDialog(path, backups_to_keep(self.settings), reopen, self).exec()

    def show_preferences(self) -> None:
        from alliance_desk.ui.preferences import PolicyCommand, PreferencesDialog

        store = self.desk.store
        where = store.location.display if store else "none open"
        before = self.desk.policy
        dialog = PreferencesDialog(self.settings, where, self, before if store else None)
        if dialog.exec() and dialog.policy is not None and dialog.policy != before:
            self.desk.run(PolicyCommand(self.desk, before, dialog.policy))

    def open_log_folder(self) -> None:
        """The app's log and crash reports, in the system's file manager."""
        from alliance_desk.store.location import log_dir, make_private_dir
        from alliance_desk.ui.crash_dialog import open_folder

        folder = log_dir()
        make_private_dir(folder)
        if not open_folder(folder):
            self._show_error(f"The log folder is {folder}")

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>"
            "An offline system of record for alliance managers.<br><br>"
            "Your portfolio stays on this computer; nothing is sent anywhere.",
        )

    def _show_error(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)

    def _update_title(self) -> None:
        store = self.desk.store
        where = store.location.display if store else "no portfolio open"
        name = store.path.name if store and store.path else where
        self.setWindowTitle(f"{name} — {APP_NAME}")
        self.location_label.setText(where)
        self.new_action.setEnabled(store is not None)

    # -- remembering where the user was -----------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.show_section(str(self.settings.value("window/section", "today")))
        alliance_id = self.settings.value("window/alliance")
        if alliance_id not in (None, "") and self.alliance_selector.findData(int(alliance_id)) > 0:
            self.desk.select_alliance(int(alliance_id))
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()  # commits a field the user is still in (editingFinished)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/section", self.current_section())
        self.settings.setValue("window/alliance", self.desk.alliance_id or "")
        self.settings.sync()
        event.accept()

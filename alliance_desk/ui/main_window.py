"""The main window: navigation between sections, the alliance selector, opening any record
in its section, and the commands of the menus (ui/menus.py lists them)."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from alliance_desk import APP_NAME, __version__
from alliance_desk.core.changes import Changes, Kind
from alliance_desk.core.records import Opens
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.icons import section_icon
from alliance_desk.ui.menus import build_menus, build_toolbar
from alliance_desk.ui.sections import SECTIONS
from alliance_desk.ui.theme import icon
from alliance_desk.ui.window_commands import WindowCommands
from alliance_desk.ui.window_files import WindowFiles

if TYPE_CHECKING:
    from pathlib import Path

    from alliance_desk.store.database import Store
    from alliance_desk.ui.escalations.view import EscalationsView
    from alliance_desk.ui.habits.view import HabitsView
    from alliance_desk.ui.onboarding.view import OnboardingView
    from alliance_desk.ui.packs.view import PacksView
    from alliance_desk.ui.portfolio.view import PortfolioView
    from alliance_desk.ui.risks.view import RisksView
    from alliance_desk.ui.stakeholders.view import StakeholdersView
    from alliance_desk.ui.today.view import TodayView
    from alliance_desk.ui.value.view import ValueView

ALL_ALLIANCES = QT_TRANSLATE_NOOP("MainWindow", "All alliances")


class MainWindow(WindowFiles, WindowCommands, QMainWindow):
    new_action: QAction
    undo_action: QAction
    redo_action: QAction
    delete_alliance_action: QAction

    def __init__(self, desk: Desk, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.settings = settings
        # A refused portfolio with a backup that opens: (the refusal, the file) — start offers it.
        self.refusal: tuple[Exception, Path | None] | None = None
        # A start that drew Today as it was left: the portfolio opening behind it (quick_start.py).
        self.loading: QObject | None = None
        self.setWindowIcon(icon("app"))
        screen = self.screen().availableGeometry()
        self.resize(min(1440, int(screen.width() * 0.92)), min(900, int(screen.height() * 0.9)))
        self.setMinimumSize(QSize(760, 520))

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Sections"))
        self.navigation.setIconSize(QSize(20, 20))
        self.pages = QStackedWidget()
        self._built: dict[str, QWidget] = {}
        for number, section in enumerate(SECTIONS, start=1):
            self.pages.addWidget(QWidget())  # stands in until the section is first shown
            item = QListWidgetItem(section_icon(section.icon), translate("Section", section.title))
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(
                self.tr("{title} (Ctrl+{number})").format(
                    title=translate("Section", section.title), number=number
                )
            )
            self.navigation.addItem(item)
        self.navigation.setFixedWidth(self.navigation.sizeHintForColumn(0) + 40)
        self.navigation.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        from alliance_desk.ui.section_focus import SidebarKeys

        SidebarKeys(self.navigation, lambda: self._built.get(self.current_section()))

        self.alliance_selector = QComboBox()
        self.alliance_selector.setMinimumContentsLength(28)
        self.alliance_selector.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.alliance_selector.setAccessibleName(self.tr("Alliance in focus"))
        self.alliance_selector.setToolTip(self.tr("The alliance the sections focus on (Ctrl+L)"))
        self.alliance_selector.activated.connect(self._selector_activated)
        self.commands = build_menus(self)
        build_toolbar(self)
        self.location_label = QLabel()
        self.location_label.setObjectName("muted")
        self.statusBar().addPermanentWidget(self.location_label)

        desk.changed.connect(self._changed)
        desk.alliance_changed.connect(self._sync_selector)
        desk.store_changed.connect(self._update_title)
        desk.error.connect(self.show_error)
        desk.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._refresh_selector()
        self._update_title()
        self._restore_state()
        self._move_policy_in()
        from alliance_desk.ui.day_watch import DayWatch
        from alliance_desk.ui.lock import WindowLock
        from alliance_desk.ui.warm_up import not_now

        self.screen_lock = WindowLock(self)
        shown = weakref.ref(self)  # no cycle through the watch: the window is freed as before
        self.day_watch = DayWatch(
            desk, self, waiting=lambda: (window := shown()) is None or not_now(window)
        )

    # -- sections, built when first shown ----------------------------------------------------

    def view(self, key: str) -> QWidget:
        """The section's view, built (and its module imported) the first time it is asked for:
        a start-up that builds only the section on screen is three times faster."""
        view = self._built.get(key)
        if view is None:
            view = self._built[key] = self._make(key)
            self._restore_splitters(view)
            index = next(i for i, section in enumerate(SECTIONS) if section.key == key)
            placeholder = self.pages.widget(index)
            assert placeholder is not None  # every section has a page from the start
            showing = self.pages.currentIndex() == index
            self.pages.insertWidget(index, view)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            if showing:
                self.pages.setCurrentIndex(index)
        return view

    def _make(self, key: str) -> QWidget:
        desk = self.desk
        if key == "today":
            from alliance_desk.ui.today.view import TodayView

            today = TodayView(desk)
            today.open_demo = self.open_demo
            today.create_alliance = self.new_alliance
            today.open_record.connect(self.open_record)
            today.prepare_pack.connect(self.pack_for_meeting)
            return today
        if key == "portfolio":
            from alliance_desk.ui.portfolio.view import PortfolioView

            view = PortfolioView(desk)
            view.open_demo = self.open_demo
            return view
        if key == "stakeholders":
            from alliance_desk.ui.stakeholders.view import StakeholdersView

            people = StakeholdersView(desk)
            people.start_onboarding = self.start_onboarding
            return people
        if key == "onboarding":
            from alliance_desk.ui.onboarding.view import OnboardingView

            return OnboardingView(desk)
        if key == "escalations":
            from alliance_desk.ui.escalations.view import EscalationsView

            return EscalationsView(desk)
        if key == "risks":
            from alliance_desk.ui.risks.view import RisksView

            risks = RisksView(desk)
            risks.meetings.prepare_pack.connect(self.pack_for_meeting)
            return risks
        if key == "habits":
            from alliance_desk.ui.habits.view import HabitsView

            return HabitsView(desk, self.settings)
        if key == "value":
            from alliance_desk.ui.value.view import ValueView

            value = ValueView(desk)
            value.open_record.connect(self.open_record)
            return value
        from alliance_desk.ui.packs.view import PacksView

        return PacksView(desk)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.view(SECTIONS[row].key)
        self.pages.setCurrentIndex(row)

    @property
    def today(self) -> TodayView:
        return cast("TodayView", self.view("today"))

    @property
    def portfolio(self) -> PortfolioView:
        return cast("PortfolioView", self.view("portfolio"))

    @property
    def stakeholders(self) -> StakeholdersView:
        return cast("StakeholdersView", self.view("stakeholders"))

    @property
    def onboarding(self) -> OnboardingView:
        return cast("OnboardingView", self.view("onboarding"))

    @property
    def escalations(self) -> EscalationsView:
        return cast("EscalationsView", self.view("escalations"))

    @property
    def risks(self) -> RisksView:
        return cast("RisksView", self.view("risks"))

    @property
    def habits(self) -> HabitsView:
        return cast("HabitsView", self.view("habits"))

    @property
    def packs(self) -> PacksView:
        return cast("PacksView", self.view("packs"))

    @property
    def value(self) -> ValueView:
        return cast("ValueView", self.view("value"))

    def show_section(self, key: str) -> None:
        for row in range(self.navigation.count()):
            if self.navigation.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.navigation.setCurrentRow(row)
                return

    def current_section(self) -> str:
        item = self.navigation.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else "today"

    # -- opening a record where it lives -----------------------------------------------------

    def open_record(self, opens: Opens) -> None:
        """Show a record in its section: from Today, the palette, or any list."""
        from alliance_desk.ui.open_record import open_record

        open_record(self, opens)

    # -- the alliance in focus -----------------------------------------------------------------

    def _changed(self, changes: Changes) -> None:
        if changes.touches({Kind.ALLIANCE}):
            self._refresh_selector()

    def _refresh_selector(self, choices: list[tuple[int, str, str]] | None = None) -> None:
        """The chooser's alliances: the store's, or `choices` (id, name, partner) as kept."""
        self.alliance_selector.blockSignals(True)
        self.alliance_selector.clear()
        self.alliance_selector.addItem(self.tr(ALL_ALLIANCES), None)
        if choices is None and self.desk.store is not None:
            from alliance_desk.store import portfolio

            choices = portfolio.alliance_choices(self.desk.store)
        for alliance_id, name, partner in choices or ():
            self.alliance_selector.addItem(f"{name} — {partner}", alliance_id)
        self.alliance_selector.blockSignals(False)
        # As wide as the longest name needs, within reason: the toolbar has room to spare.
        longest = max(
            len(self.alliance_selector.itemText(i)) for i in range(self.alliance_selector.count())
        )
        self.alliance_selector.setMinimumContentsLength(min(max(longest, 28), 56))
        self._sync_selector(self.desk.alliance_id)

    def show_kept_alliances(self, choices: list[tuple[int, str, str]]) -> None:
        """The window as it will be once its portfolio is open (Today drawn as kept while
        it opens, quick_start.py): the chooser's alliances as kept, a new one offered (a
        click waits for the portfolio to open, then makes it)."""
        self._refresh_selector(choices)
        self.new_action.setEnabled(True)

    def _sync_selector(self, alliance_id: int | None) -> None:
        index = self.alliance_selector.findData(alliance_id)
        self.alliance_selector.setCurrentIndex(max(index, 0))
        self.alliance_selector.setToolTip(
            self.tr("{name}\nThe alliance the sections focus on (Ctrl+L)").format(
                name=self.alliance_selector.currentText()
            )
        )

    def _selector_activated(self, index: int) -> None:
        self.desk.select_alliance(self.alliance_selector.itemData(index))

    def focus_selector(self) -> None:
        self.alliance_selector.setFocus()
        self.alliance_selector.showPopup()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About {APP_NAME}").format(APP_NAME=APP_NAME),
            self.tr(
                "<b>{APP_NAME}</b> {version}<br>An offline system of record for alliance "
                "managers.<br><br>Your portfolio stays on this computer; nothing is sent "
                "anywhere."
            ).format(APP_NAME=APP_NAME, version=__version__),
        )

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, APP_NAME, message)

    def say(self, message: str) -> None:
        """Why a command did nothing: a command never fails silently."""
        QMessageBox.information(self, APP_NAME, message)

    def _update_title(self) -> None:
        store = self.desk.store
        where = store.location.display if store else self.tr("no portfolio open")
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
        self._restore_alliance()
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)

    def _restore_alliance(self) -> None:
        alliance_id = self.settings.value("window/alliance")
        if alliance_id not in (None, "") and self.alliance_selector.findData(int(alliance_id)) > 0:
            self.desk.select_alliance(int(alliance_id))

    def attach(self, store: Store) -> None:
        """Open `store` in this window, built before it was (start-up builds the window while
        an encrypted portfolio's key is derived): as if the window had been made with it."""
        self.desk.set_store(store)
        self._restore_alliance()
        self._move_policy_in()

    def _restore_splitters(self, view: QWidget) -> None:
        """Each splitter where the user last left it (a section built later still gets it)."""
        for split in view.findChildren(QSplitter):
            state = self.settings.value(f"splitters/{split.objectName()}")
            if split.objectName() and state is not None:
                split.restoreState(state)
                if hasattr(split, "placed"):  # where the user left it, not to be refitted
                    split.placed = True

    def _save_splitters(self) -> None:
        for view in self._built.values():
            for split in view.findChildren(QSplitter):
                name = split.objectName()
                if name and getattr(split, "placed", True):
                    self.settings.setValue(f"splitters/{name}", split.saveState())
                elif name:  # never moved by the user: sized to the screen at each start
                    self.settings.remove(f"splitters/{name}")

    def closeEvent(self, event: QCloseEvent) -> None:
        focus = self.focusWidget()
        if focus is not None and not self.screen_lock.locked:
            focus.clearFocus()  # commits a field the user is still in (editingFinished)
        self.save_state()
        event.accept()

    def save_state(self) -> None:
        """Where the user left the window, for the next start (settings only, not the file)."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self._save_splitters()
        self.settings.setValue("window/section", self.current_section())
        self.settings.setValue("window/alliance", self.desk.alliance_id or "")
        self.settings.sync()

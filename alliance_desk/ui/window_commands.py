"""What the window's commands do (ui/menus.py lists them). A command that belongs to a
section works from anywhere: it opens its section and, with "All alliances" in focus, the
section asks which alliance; a command on a selection says why when nothing is selected."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from alliance_desk.core import wall
from alliance_desk.core.habits import week_to_review
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.preferences import backup_max_age, backups_to_keep

if TYPE_CHECKING:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow, QWidget

    from alliance_desk.core.records import Opens
    from alliance_desk.ui.desk import Desk
    from alliance_desk.ui.escalations.view import EscalationsView
    from alliance_desk.ui.habits.view import HabitsView
    from alliance_desk.ui.lock import WindowLock
    from alliance_desk.ui.onboarding.view import OnboardingView
    from alliance_desk.ui.packs.view import PacksView
    from alliance_desk.ui.portfolio.view import PortfolioView
    from alliance_desk.ui.risks.view import RisksView
    from alliance_desk.ui.stakeholders.view import StakeholdersView

    Base = QMainWindow
else:
    Base = object

STEP_NEEDS_SELECTION = QT_TRANSLATE_NOOP(
    "WindowCommands",
    "{keys} {does} the escalation selected in Escalations (Ctrl+5). Open it there — or find "
    "it with Ctrl+K — and press {keys} again.",
)


class WindowCommands(Base):
    if TYPE_CHECKING:  # what MainWindow, the one class built on this, provides
        desk: Desk
        settings: QSettings
        commands: list[QAction]
        delete_alliance_action: QAction
        screen_lock: WindowLock
        _built: dict[str, QWidget]

        @property
        def portfolio(self) -> PortfolioView: ...
        @property
        def stakeholders(self) -> StakeholdersView: ...
        @property
        def onboarding(self) -> OnboardingView: ...
        @property
        def escalations(self) -> EscalationsView: ...
        @property
        def risks(self) -> RisksView: ...
        @property
        def habits(self) -> HabitsView: ...
        @property
        def packs(self) -> PacksView: ...
        def current_section(self) -> str: ...
        def show_section(self, key: str) -> None: ...
        def open_record(self, opens: Opens) -> None: ...
        def show_error(self, message: str) -> None: ...
        def say(self, message: str) -> None: ...
        def switch_to(self, target) -> bool: ...

    # -- portfolio and packs ---------------------------------------------------------------------

    def new_alliance(self) -> None:
        if self.desk.store is None:
            self.show_error(translate("WindowCommands", "Open or create a portfolio file first."))
            return
        self.show_section("portfolio")
        self.portfolio.new_alliance()

    def update_delete(self) -> None:
        self.delete_alliance_action.setEnabled(
            self.desk.store is not None and self.desk.alliance_id is not None
        )

    def delete_alliance(self) -> None:
        self.show_section("portfolio")
        self.portfolio.delete_current()

    def export_pack(self) -> None:
        self.show_section("packs")
        self.packs.kind.setFocus()

    def pack_for_meeting(self, target: tuple[int, int]) -> None:
        """The governance pack of a meeting, ready to save: from the meeting or Today."""
        alliance_id, meeting_id = target
        self.show_section("packs")
        self.packs.prepare_governance(alliance_id, meeting_id)
        self.packs.export()

    # -- records from anywhere ------------------------------------------------------------------

    def add_person(self) -> None:
        self.show_section("stakeholders")
        self.stakeholders.add_person()

    def log_interaction(self) -> None:
        """With the person selected on screen (Stakeholders, or a call on Today), else with
        whoever the user ticks, on the alliance in focus or the one they pick."""
        view = self._built.get(self.current_section())
        if view is not None and hasattr(view, "log_interaction"):
            view.log_interaction()
            return
        from alliance_desk.ui.alliance_picker import pick_alliance
        from alliance_desk.ui.stakeholders.dialogs import log_interaction

        alliance_id = pick_alliance(
            self.desk,
            self,
            translate("WindowCommands", "A contact is logged on one alliance."),
        )
        if alliance_id is not None:
            log_interaction(self.desk, self, alliance_id, ())

    def start_onboarding(self, stakeholder_id: int | None = None) -> None:
        self.show_section("onboarding")
        self.onboarding.start_plan(stakeholder_id)

    def raise_escalation(self) -> None:
        self.show_section("escalations")
        self.escalations.raise_escalation()

    def add_to_register(self, tab_name: str) -> None:
        self.show_section("risks")
        tab = getattr(self.risks, tab_name)
        self.risks.tabs.setCurrentWidget(tab)
        tab.add()

    def new_committee(self) -> None:
        self.show_section("risks")
        self.risks.tabs.setCurrentWidget(self.risks.meetings)
        self.risks.meetings.new_body()

    def new_meeting(self) -> None:
        self.show_section("risks")
        self.risks.tabs.setCurrentWidget(self.risks.meetings)
        self.risks.meetings.new_meeting()

    def new_health_check(self) -> None:
        self.show_section("risks")
        self.risks.tabs.setCurrentWidget(self.risks.health)
        self.risks.health.new_check()

    def check_in(self) -> None:
        self.show_section("habits")
        self.habits.check_in()

    def weekly_review(self) -> None:
        """The review of the week shown on Habits; early in a week, of the week just ended
        while it has no review (`core.habits.week_to_review`)."""
        self.show_section("habits")
        store = self.desk.store
        if store is None:
            return
        from alliance_desk.store import habits as store_habits

        week = week_to_review(
            self.habits.week,
            wall.today(),
            self.desk.policy.week_start,
            lambda day: store_habits.review(store, day) is not None,
        )
        self.habits.review(week)

    def prompt_review_if_due(self) -> bool:
        """Offer last week's habit review on the first start of a new week."""
        from alliance_desk.ui.habits.dialogs import review_due

        week = review_due(self.desk.store, self.settings, self.desk.policy.week_start)
        return week is not None and self.habits.review(week)

    # -- the selected escalation ------------------------------------------------------------

    def _on_escalation(self, keys: str, does: str, step: str) -> None:
        view = cast("EscalationsView | None", self._built.get("escalations"))
        if self.current_section() != "escalations" or view is None or view.current is None:
            self.say(translate("WindowCommands", STEP_NEEDS_SELECTION).format(keys=keys, does=does))
            return
        getattr(view, step)()

    def escalate(self) -> None:
        self._on_escalation(
            "Ctrl+Shift+Up", translate("WindowCommands", "moves up a level"), "escalate"
        )

    def deescalate(self) -> None:
        self._on_escalation(
            "Ctrl+Shift+Down", translate("WindowCommands", "moves down a level"), "deescalate"
        )

    def note(self) -> None:
        self._on_escalation(
            "Ctrl+Shift+M", translate("WindowCommands", "adds a note to"), "add_note"
        )

    # -- finding ----------------------------------------------------------------------------

    def go_to_section(self, key: str) -> None:
        """Ctrl+1 … Ctrl+9: show the section, the keyboard in its list at once (its one-key
        commands act; before, they went to the sidebar). Where it asks to choose an alliance
        first, in that list (Enter opens the one selected)."""
        from alliance_desk.ui.alliance_chooser import AllianceChooser
        from alliance_desk.ui.section_focus import focus_content

        self.show_section(key)
        view = self._built.get(key)
        if view is None:
            return
        choosers = view.findChildren(AllianceChooser)
        chooser = next((c for c in choosers if c.isVisibleTo(view) and c.list.count()), None)
        if chooser is not None:
            chooser.take_focus()
        else:
            focus_content(view)

    def find_in_section(self) -> None:
        view = self._built.get(self.current_section())
        field = getattr(view, "text_filter", None)
        if field is None:
            self.say(
                translate(
                    "WindowCommands",
                    "This section has no filter. Ctrl+K finds any command, alliance, person or "
                    "record by name.",
                )
            )
            return
        field.setFocus()
        field.selectAll()

    def show_palette(self) -> None:
        from alliance_desk.ui.palette import (
            CommandSource,
            Palette,
            PaletteSource,
            SearchSource,
            record_source,
        )

        sources: list[PaletteSource] = [CommandSource(self.commands)]
        if self.desk.store is not None:
            sources.append(record_source(self.desk.store, self.open_record))
            sources.append(SearchSource(self.desk.store, self.open_record))
        Palette(sources, self).run()

    def refresh(self) -> None:
        """Read everything again: on a shared team store, shows what teammates saved."""
        if self.desk.store is not None:
            self.desk.refresh_all()
            self.statusBar().showMessage(
                translate("WindowCommands", "Refreshed from the portfolio."), 3000
            )

    # -- this computer's things -------------------------------------------------------------

    def back_up_now(self) -> None:
        store = self.desk.store
        if store is None or store.path is None:
            self.show_error(
                translate(
                    "WindowCommands",
                    "Backups are taken of portfolio files; this portfolio is on a server.",
                )
            )
            return
        from alliance_desk.store import backup

        try:
            made = backup.take_backup(
                store.path,
                keep=backups_to_keep(self.settings),
                max_age_days=backup_max_age(self.settings),
            )
        except (OSError, StoreError) as error:
            self.show_error(
                translate("WindowCommands", "The backup failed: {error}").format(error=error)
            )
            return
        self.statusBar().showMessage(
            translate("WindowCommands", "Backed up to {made}").format(made=made),
            8000,
        )

    def show_backups(self) -> None:
        store = self.desk.store
        if store is None or store.path is None:
            self.show_error(
                translate(
                    "WindowCommands",
                    "Backups are taken of portfolio files; this portfolio is on a server.",
                )
            )
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
        where = store.location.display if store else translate("WindowCommands", "none open")
        before = self.desk.policy
        dialog = PreferencesDialog(self.settings, where, self, before if store else None)
        if dialog.exec() and dialog.policy is not None and dialog.policy != before:
            self.desk.run(PolicyCommand(self.desk, before, dialog.policy))

    def lock_now(self) -> None:
        """File → Lock now: an encrypted portfolio locks at once (leaving the desk)."""
        if not self.screen_lock.lock():
            self.say(
                self.tr(
                    "Only an encrypted portfolio locks: File → Encrypt portfolio… encrypts it. "
                    "A plain one is protected by locking the computer itself."
                )
            )

    def show_keys(self) -> None:
        """Help › Keyboard shortcuts: beside the window, which stays usable."""
        from alliance_desk.ui.keys_help import KeysHelp

        shown = getattr(self, "_keys_help", None)
        if shown is None:
            shown = self._keys_help = KeysHelp(self.commands, self)
        if shown.isVisible():
            shown.activateWindow()  # asked again: brought to the front
        shown.show()
        shown.filter.setFocus()

    def open_log_folder(self) -> None:
        """The app's log and crash reports, in the system's file manager."""
        from alliance_desk.store.location import log_dir, make_private_dir
        from alliance_desk.ui.crash_dialog import open_folder

        folder = log_dir()
        make_private_dir(folder)
        if not open_folder(folder):
            self.show_error(
                translate("WindowCommands", "The log folder is {folder}").format(folder=folder)
            )

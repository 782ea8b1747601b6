"""The Packs section: choose a pack, its alliance, meeting or period and audience, and export a
PDF in one step. Records are gathered on the UI thread (milliseconds); the layout, which takes
longer, runs on a worker thread with progress, so the window never freezes.

Before a partner export the view lists what the partner's version leaves out and why; only the
governance pack has a partner version, so the audience is fixed to internal for the others."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import stamp
from alliance_desk.core.packs import Audience, PackKind
from alliance_desk.packs.compose import governance_pack, partner_briefing, portfolio_report
from alliance_desk.store import governance, portfolio
from alliance_desk.store import packs as gather
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.desk import Desk, follow
from alliance_desk.ui.files import documents_path, file_name
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.packs.preview import PackPreview
from alliance_desk.ui.side_by_side import SideBySide
from alliance_desk.ui.widgets import body_text, heading

# What a partner version leaves out is counted over every kind of record on the alliance.
SHOWS = frozenset(Kind)

DESCRIPTIONS = {
    PackKind.GOVERNANCE: QT_TRANSLATE_NOOP(
        "PacksView",
        "For a committee meeting: key figures with the KPI scorecard, milestones "
        "due and slipped, agenda, previous actions, decisions and their implementation, open "
        "escalations, top risks and how they moved, obligations, health, people and onboarding.",
    ),
    PackKind.BRIEFING: QT_TRANSLATE_NOOP(
        "PacksView",
        "For our executive about to meet the partner: the alliance and its North "
        "Star, key people on both sides with the power × interest map, recent contacts, open "
        "issues and suggested talking points. Internal: it has no partner version.",
    ),
    PackKind.PORTFOLIO: QT_TRANSLATE_NOOP(
        "PacksView",
        "Publish your work: outcomes first — milestones achieved and slipped, "
        "KPIs against target, decisions implemented and how long they took, escalations resolved, "
        "health and value by quadrant — then the practice behind them. Internal: it has no "
        "partner version.",
    ),
}


class _Worker(QObject):
    page = Signal(int)
    done = Signal(str)
    failed = Signal(str)


class PacksView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.last_path: Path | None = None
        self.worker = _Worker(self)
        self.worker.page.connect(self._page)
        self.worker.done.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.progress: QProgressDialog | None = None
        self.kind = QComboBox()
        for kind in PackKind:
            if kind is not PackKind.MINUTES:  # exported from the meeting, not from here
                self.kind.addItem(kind.label, kind)
        self.description = body_text("")
        self.alliance = QComboBox()
        self.meeting = QComboBox()
        self.days = QSpinBox()
        self.days.setRange(7, 730)
        self.days.setValue(90)
        self.days.setSuffix(self.tr(" days up to today"))
        self.audience = QComboBox()
        for audience in Audience:
            self.audience.addItem(audience.label, audience)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(
            self.tr("Optional: AES-256; readers need it to open the file")
        )
        self.allow_printing = QCheckBox(self.tr("Allow printing"))
        self.allow_copying = QCheckBox(self.tr("Allow copying text"))
        permissions = QHBoxLayout()
        permissions.addWidget(self.allow_printing)
        permissions.addWidget(self.allow_copying)
        permissions.addStretch(1)
        self.password.textChanged.connect(self._password_changed)
        self._password_changed()
        self.withheld = QLabel()
        self.withheld.setObjectName("muted")
        self.withheld.setWordWrap(True)
        self.withheld.setTextFormat(Qt.TextFormat.PlainText)
        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.setObjectName("primary")
        self.export_button.clicked.connect(lambda: self.export())
        self.open_button = QPushButton(self.tr("Open the file"))
        self.open_button.setObjectName("secondary")
        self.open_button.setEnabled(False)  # until a file was exported
        self.open_button.setToolTip(self.tr("Export a pack first: this opens the file exported"))
        self.open_button.clicked.connect(self.open_file)
        self.result = QLabel()
        self.result.setObjectName("muted")
        self.result.setWordWrap(True)
        self.result.hide()  # until a pack is saved: no blank gap above the preview
        form = QFormLayout()
        form.addRow(self.tr("&Pack"), self.kind)
        form.addRow("", self.description)
        form.addRow(self.tr("&Alliance"), self.alliance)
        form.addRow(self.tr("&Meeting"), self.meeting)
        form.addRow(self.tr("P&eriod"), self.days)
        form.addRow(self.tr("A&udience"), self.audience)
        form.addRow(self.tr("Pass&word"), self.password)
        form.addRow("", permissions)
        self.rows = {"alliance": self.alliance, "meeting": self.meeting, "period": self.days}
        self.form = form
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.addLayout(form)
        inner.addWidget(self.withheld)
        inner.addLayout(buttons)
        inner.addWidget(self.result)
        # The rest of the window: what the pack will hold, before it is exported.
        self.preview = PackPreview()
        self.preview.meeting_chosen.connect(self.prepare_governance)
        self._previewing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading(self.tr("Packs")))
        # The preview under the form takes the whole width (the right third of the window
        # stood empty at 1440 px); beside it where the coming meetings keep their 720 px.
        self.parts = SideBySide(box, self.preview, wide=1400, narrow=760, side=600)
        layout.addWidget(self.parts, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.alliance.currentIndexChanged.connect(self._fill_meetings)
        self.meeting.currentIndexChanged.connect(self._show_withheld)
        self.audience.currentIndexChanged.connect(self._show_withheld)
        self.focus: int | None = None  # the alliance in focus when the list was last filled
        # The alliances listed (id, name, partner): the list is filled again only when they
        # change (six hundred items cleared and added at every showing, and read back for the
        # preview's names, were a third of showing Packs at ten times).
        self.choices: list[tuple[int, str, str]] = []
        follow(desk, self, self.reload, SHOWS)

    def reload(self) -> None:
        """The alliance in focus is the one a pack is for; with "All alliances" nobody is
        preselected (the first by name is easy to export by mistake): the user picks one."""
        store = self.desk.store
        current = self.alliance.currentData()
        if self.desk.alliance_id != self.focus:
            current = self.desk.alliance_id  # start from the alliance the user is working on
        self.focus = self.desk.alliance_id
        choices = portfolio.alliance_choices(store) if store else []
        self.alliance.blockSignals(True)
        if choices != self.choices or not self.alliance.count():
            self.choices = choices
            self.alliance.clear()
            self.alliance.addItem(self.tr("Choose the alliance…"), None)
            for alliance_id, name, partner in self.choices:
                self.alliance.addItem(f"{name} — {partner}", alliance_id)
        self.alliance.setCurrentIndex(max(self.alliance.findData(current), 0))
        self.alliance.blockSignals(False)
        self._fill_meetings()
        self._kind_changed()

    def prepare_governance(self, alliance_id: int, meeting_id: int | None) -> None:
        """The governance pack of one meeting (from the meeting itself, or Today)."""
        self.kind.setCurrentIndex(self.kind.findData(PackKind.GOVERNANCE))
        self.alliance.setCurrentIndex(max(self.alliance.findData(alliance_id), 0))
        self.meeting.setCurrentIndex(max(self.meeting.findData(meeting_id), 0))

    def _fill_meetings(self) -> None:
        self.meeting.blockSignals(True)
        self.meeting.clear()
        self.meeting.addItem(self.tr("No meeting — the alliance as of today"), None)
        alliance_id = self.alliance.currentData()
        if self.desk.store is not None and alliance_id is not None:
            from alliance_desk.ui.governance.meetings import when  # as Committees lists it

            meetings = governance.list_meetings(self.desk.store, alliance_id)
            for meeting in meetings:
                self.meeting.addItem(f"{meeting.body_name}, {when(meeting)}", meeting.id)
            upcoming = [m for m in meetings if m.draft.starts_at.date() >= wall.today()]
            if upcoming:  # the next meeting is what a pack is usually for
                soonest = min(upcoming, key=lambda m: m.draft.starts_at)
                self.meeting.setCurrentIndex(self.meeting.findData(soonest.id))
        self.meeting.blockSignals(False)
        self._update_export()
        self._show_withheld()

    def _update_export(self) -> None:
        kind = PackKind(self.kind.currentData())
        missing = kind is not PackKind.PORTFOLIO and self.alliance.currentData() is None
        self.export_button.setEnabled(not missing and self.progress is None)
        self.export_button.setToolTip(self.tr("Choose the alliance first") if missing else "")

    def _kind_changed(self) -> None:
        kind = PackKind(self.kind.currentData())
        self.description.setText(self.tr(DESCRIPTIONS[kind]))
        needs = {
            PackKind.GOVERNANCE: {"alliance", "meeting"},
            PackKind.BRIEFING: {"alliance"},
            PackKind.PORTFOLIO: {"period"},
        }[kind]
        for name, widget in self.rows.items():
            self.form.setRowVisible(widget, name in needs)
        audiences = cast(QStandardItemModel, self.audience.model())  # a combo box's own
        partner = audiences.item(self.audience.findData(Audience.PARTNER))
        partner.setEnabled(kind.has_partner_version)
        if not kind.has_partner_version:
            self.audience.setCurrentIndex(self.audience.findData(Audience.INTERNAL))
        self.audience.setToolTip(kind.why_internal)
        self._update_export()
        self._show_withheld()

    def _password_changed(self) -> None:
        for box in (self.allow_printing, self.allow_copying):
            box.setEnabled(bool(self.password.text()))

    def _show_withheld(self) -> None:
        """What the partner's version leaves out, per kind and why — before exporting it."""
        kind = PackKind(self.kind.currentData())
        audience = Audience(self.audience.currentData())
        alliance_id = self.alliance.currentData()
        text = ""
        if audience is Audience.PARTNER and kind.has_partner_version and alliance_id:
            try:
                lines = gather.withheld_from_partner(
                    self.desk.require_store(), alliance_id, self.meeting.currentData()
                )
            except StoreError as error:
                text = str(error)
            else:
                text = self.tr("Left out of the partner's version:\n{lines}").format(
                    lines="\n".join(
                        f"•  {line.what[0].upper()}{line.what[1:]}: {line.number} — {line.why}"
                        for line in lines
                    )
                )
                if not lines:
                    text = self.tr("Nothing is left out: every record of this alliance is shared.")
        self.withheld.setText(text)
        self.withheld.setVisible(bool(text))
        if not self._previewing:  # one preview for a burst of changes
            self._previewing = True
            QTimer.singleShot(0, self._preview)

    def _preview(self) -> None:
        self._previewing = False
        kind = PackKind(self.kind.currentData())
        if self.desk.store is None:
            return
        if kind is not PackKind.PORTFOLIO and self.alliance.currentData() is None:
            names = {alliance_id: name for alliance_id, name, _partner in self.choices}
            self.preview.show_pack(
                None,
                self.tr("Choose the alliance to see what its pack will contain."),
                governance.coming_meetings(self.desk.store, wall.now(), limit=12),
                names,
            )
            return
        try:
            self.preview.show_pack(self.compose())
        except StoreError as error:
            self.preview.show_pack(None, str(error))

    # -- exporting --------------------------------------------------------------------------------

    def compose(self):
        """The pack for the current choices (gathering records is quick: done here)."""
        store = self.desk.require_store()
        kind = PackKind(self.kind.currentData())
        audience = Audience(self.audience.currentData())
        if audience is Audience.PARTNER and not kind.has_partner_version:
            raise StoreError(kind.why_internal)
        if kind is PackKind.PORTFOLIO:
            first, last = gather.last_days(self.days.value())
            return portfolio_report(gather.portfolio_inputs(store, first, last, audience))
        alliance_id = self.alliance.currentData()
        if alliance_id is None:
            raise StoreError(self.tr("Choose the alliance the pack is about."))
        if kind is PackKind.GOVERNANCE:
            return governance_pack(
                gather.governance_inputs(store, alliance_id, self.meeting.currentData(), audience)
            )
        return partner_briefing(gather.briefing_inputs(store, alliance_id, audience))

    def file_name(self, pack) -> str:
        """What the pack is: its alliance, kind, audience and the meeting's day (or today's,
        or the period's last day)."""
        kind = PackKind(self.kind.currentData())
        day = ""
        if kind is PackKind.GOVERNANCE and self.meeting.currentData() is not None:
            day = self._meeting_day(self.meeting.currentData())
        alliance = "" if kind is PackKind.PORTFOLIO else self.alliance.currentText().split(" — ")[0]
        audience = self.tr("for the partner") if pack.audience is Audience.PARTNER else ""
        return file_name(
            alliance,
            kind.label,
            audience,
            day or stamp(pack.prepared_on),
            suffix=".pdf",
        )

    def _meeting_day(self, meeting_id: int) -> str:
        try:
            meeting = governance.get_meeting(self.desk.require_store(), meeting_id)
        except StoreError:
            return ""
        return stamp(meeting.draft.starts_at)

    def export(self, path: str | None = None) -> None:
        if self.desk.store is None:
            return
        try:
            pack = self.compose()
        except StoreError as error:
            self.desk.report_error(str(error))
            return
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export the pack"),
                documents_path(self.file_name(pack)),
                "PDF (*.pdf)",
            )
        if not path:
            return
        self.pending = (pack, Path(path))
        self.export_button.setEnabled(False)
        self.progress = QProgressDialog(self.tr("Laying out the pack…"), "", 0, 0, self)
        self.progress.setCancelButton(None)
        self.progress.setWindowTitle(self.tr("Exporting"))
        self.progress.setMinimumDuration(400)
        password = self.password.text() or None
        printing, copying = self.allow_printing.isChecked(), self.allow_copying.isChecked()

        def work() -> None:
            # ReportLab is imported on first export, not at start-up (≈ 0.1 s saved).
            from alliance_desk.packs.render import render

            try:
                render(
                    pack,
                    path,
                    password=password,
                    allow_printing=printing,
                    allow_copying=copying,
                    progress=self.worker.page.emit,
                )
            except Exception as error:  # reported to the user, never a crash
                self.worker.failed.emit(str(error))
                return
            self.worker.done.emit(str(path))

        threading.Thread(target=work, name="pack-export", daemon=True).start()

    def _page(self, number: int) -> None:
        if self.progress is not None:
            self.progress.setLabelText(self.tr("Laying out page {number}…").format(number=number))

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        self._update_export()

    def _done(self, path: str) -> None:
        self._finish()
        pack, _ = self.pending
        self.last_path = Path(path)
        alliance_id = None if pack.kind is PackKind.PORTFOLIO else self.alliance.currentData()
        try:
            gather.record_export(
                self.desk.require_store(),
                pack.kind.value,
                alliance_id,
                pack.audience,
                self.last_path.name,
            )
        except StoreError as error:
            self.desk.report_error(str(error))
        self.result.setText(
            self.tr("Saved {last_path} ({lower}).").format(
                last_path=self.last_path, lower=pack.audience.label.lower()
            )
        )
        self.result.show()
        self.open_button.setEnabled(True)
        self.open_button.setToolTip(self.tr("Open {name}").format(name=self.last_path.name))
        self.desk.status.emit(
            self.tr("Exported {lower} to {path}.").format(lower=pack.kind.label.lower(), path=path)
        )

    def _failed(self, message: str) -> None:
        self._finish()
        self.desk.report_error(
            self.tr("The pack could not be written: {message}").format(message=message)
        )

    def open_file(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))

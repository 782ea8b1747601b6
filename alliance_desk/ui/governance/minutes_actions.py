"""What meeting mode does with the record as a whole: approve the minutes (then lock them),
amend them, export them as PDF for our side or the partner, and set the committee's rules
(quorum per side, series of meetings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from alliance_desk.core import wall
from alliance_desk.core.cadence import validate_rrule
from alliance_desk.core.dates import shown, stamp
from alliance_desk.core.files import describe_os_error
from alliance_desk.core.minutes import MeetingRecord, parse_quorum
from alliance_desk.core.packs import Audience
from alliance_desk.core.recurrence import in_words
from alliance_desk.core.validation import FieldCollector
from alliance_desk.store import minutes, packs
from alliance_desk.store.errors import StoreError
from alliance_desk.ui.dialogs import FormDialog
from alliance_desk.ui.files import documents_path, file_name
from alliance_desk.ui.i18n import translate

if TYPE_CHECKING:
    from alliance_desk.ui.governance.meeting_mode import MeetingMode


def _before_approving(record: MeetingRecord) -> list[str]:
    """What a chair would want to know before approving: a meeting yet to happen, minutes
    not taken, a quorum not met (the minutes of a meeting of 26 Dec, empty, quorum unmet,
    were approved on 6 Dec without a word)."""
    said = []
    day = record.meeting.draft.starts_at.date()
    if day > wall.today():
        said.append(
            translate(
                "governance.minutes_actions", "The meeting is on {day}: still to come."
            ).format(day=shown(day))
        )
    if not any(item.record.strip() for item in record.meeting.agenda):
        said.append(translate("governance.minutes_actions", "No item has minutes yet."))
    if not record.quorum.met:
        said.append(translate("governance.minutes_actions", "The quorum is not met."))
    return said


def approve(mode: MeetingMode) -> None:
    """Approve and lock the minutes, once asked (and told what looks amiss first)."""
    record = mode.record
    if record is None or not mode.flush():
        return
    concerns = _before_approving(record)
    question = translate(
        "governance.minutes_actions",
        "Approve and lock these minutes? Any later change is recorded as a dated amendment "
        "beside the approved text.",
    )
    answer = QMessageBox.question(
        mode,
        translate("governance.minutes_actions", "Approve the minutes"),
        "\n".join([*concerns, "", question]) if concerns else question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No if concerns else QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        mode.save(minutes.approve_minutes, mode.meeting_id, record.body.name)


def amend(mode: MeetingMode) -> None:
    """A dated amendment to the current item of approved minutes."""
    item = mode.item
    if item is None:
        return
    text, ok = QInputDialog.getMultiLineText(
        mode,
        translate("governance.minutes_actions", "Amend the approved minutes"),
        translate("governance.minutes_actions", "Amendment to “{title}”:").format(title=item.title),
    )
    if ok and text.strip():
        mode.save(minutes.amend_minutes, mode.meeting_id, item.title, text.strip())


def export_minutes(mode: MeetingMode, audience: Audience, path: str | None = None) -> None:
    """The minutes as PDF: a numbered draft until approved; the partner's only once approved."""
    from alliance_desk.packs.minutes import minutes_pack  # ReportLab only when asked for
    from alliance_desk.packs.render import render

    record = mode.record
    if record is None or not mode.flush():
        return
    store = mode.desk.require_store()
    try:
        facts, alliance_name = minutes.minutes_document(store, mode.meeting_id, audience)
    except StoreError as error:
        mode.desk.report_error(str(error))
        return
    if not path:
        meeting = record.meeting
        side = translate("packs", "partner") if audience is Audience.PARTNER else ""
        name = file_name(
            meeting.body_name, stamp(meeting.draft.starts_at), "minutes", side, suffix=".pdf"
        )
        path, _ = QFileDialog.getSaveFileName(
            mode,
            translate("governance.minutes_actions", "Export the minutes"),
            documents_path(name),
            "PDF (*.pdf)",
        )
    if not path:
        return
    try:
        written = render(minutes_pack(facts, alliance_name, audience, wall.today()), path)
    except OSError as error:
        mode.desk.report_error(
            translate("governance.minutes_actions", "{path} cannot be written: {reason}.").format(
                path=path, reason=describe_os_error(error)
            )
        )
        return
    mode.save(packs.record_export, "minutes", record.meeting.alliance_id, audience, written.name)
    mode.desk.status.emit(
        translate("governance.minutes_actions", "Saved the minutes to {written}.").format(
            written=written
        )
    )


def committee_rules(mode: MeetingMode) -> None:
    """The committee's quorum per side and its series of meetings."""
    record = mode.record
    if record is None:
        return
    body = record.body

    def check(values):
        fields = FieldCollector()
        ours = fields.take("quorum_ours", parse_quorum, values.get("quorum_ours"))
        theirs = fields.take("quorum_theirs", parse_quorum, values.get("quorum_theirs"))
        text = str(values.get("recurrence") or "").strip()
        rule = fields.take("recurrence", validate_rrule, text) if text else ""
        fields.raise_if_any()
        return ours, theirs, rule

    dialog = FormDialog(
        translate("governance.minutes_actions", "Rules of {name}").format(name=body.name),
        translate("governance.minutes_actions", "Save rules"),
        check,
        mode,
    )
    dialog.form.add_number(
        "quorum_ours",
        translate("governance.minutes_actions", "&Our members needed"),
        0,
        200,
    ).setValue(body.quorum_ours)
    dialog.form.add_number(
        "quorum_theirs",
        translate("governance.minutes_actions", "&Partner members needed"),
        0,
        200,
    ).setValue(body.quorum_theirs)
    dialog.form.add_line(
        "recurrence",
        translate("governance.minutes_actions", "M&eets"),
        translate("governance.minutes_actions", "e.g. every 3 months, quarterly"),
    ).setText(in_words(body.recurrence))
    while dialog.exec():
        ours, theirs, rule = dialog.result_value
        if mode.save(minutes.set_committee_rules, body.id, quorum=(ours, theirs), recurrence=rule):
            return

"""Meeting mode: a governance meeting run end to end from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from alliance_desk.core import wall
from alliance_desk.core.governance import ActionStatus
from alliance_desk.core.minutes import CARRY_OVER_TITLE, Attendance
from alliance_desk.store import governance, minutes, portfolio, risks
from tests.helpers import answer_dialog

HALO = "HALO-7 oncology co-development"
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def mode(demo_window, qtbot):
    """The HALO-7 JSC's next meeting (which carries over an open action), in meeting mode."""
    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    tab = demo_window.risks.meetings
    demo_window.risks.tabs.setCurrentWidget(tab)
    meeting = max(governance.list_meetings(store, halo.id), key=lambda m: m.draft.starts_at)
    tab.select(meeting.id)
    demo_window.activateWindow()
    qtbot.waitUntil(demo_window.isActiveWindow)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_R, CTRL | SHIFT)  # Run meeting
    opened = tab.meeting_mode
    assert opened is not None and opened.meeting_id == meeting.id
    qtbot.waitExposed(opened)
    opened.activateWindow()
    qtbot.waitUntil(opened.isActiveWindow)
    yield opened
    opened.close()


def key(qtbot, widget, which, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, which, modifiers)


def test_a_meeting_run_from_the_keyboard(mode, qtbot, monkeypatch) -> None:
    store = mode.desk.store
    meeting_id = mode.meeting_id
    record = minutes.meeting_record(store, meeting_id)
    assert mode.item.title == CARRY_OVER_TITLE and mode.carry_box.isVisibleTo(mode)

    # Roll call: P, R, A, D (the delegate named in a prompt) down the list.
    mode.attendance.setFocus()
    mode.attendance.setCurrentRow(0)
    key(qtbot, mode.attendance, Qt.Key.Key_P)
    key(qtbot, mode.attendance, Qt.Key.Key_R)
    key(qtbot, mode.attendance, Qt.Key.Key_A)

    def name_delegate(dialog) -> None:
        dialog.setTextValue("Ольга Петрова")
        dialog.accept()

    answer_dialog(qtbot, name_delegate)
    key(qtbot, mode.attendance, Qt.Key.Key_D)
    record = minutes.meeting_record(store, meeting_id)
    marked = [(a.attendance, a.delegate) for a in record.attendees]
    assert marked == [
        (Attendance.PRESENT, ""),
        (Attendance.REMOTE, ""),
        (Attendance.APOLOGIES, ""),
        (Attendance.DELEGATE, "Ольга Петрова"),
    ]
    assert record.quorum.met and mode.quorum.text().startswith("Quorum met")
    # Ctrl+Z takes the last mark back, Ctrl+Shift+Z puts it again.
    mode.activateWindow()  # as the window manager does when the prompt closes
    qtbot.waitUntil(mode.isActiveWindow)
    key(qtbot, mode.attendance, Qt.Key.Key_Z, CTRL)
    last = minutes.meeting_record(store, meeting_id).attendees[3]
    assert (last.attendance, last.delegate) == (Attendance.INVITED, "")
    key(qtbot, mode.attendance, Qt.Key.Key_Z, CTRL | SHIFT)
    assert minutes.meeting_record(store, meeting_id).attendees[3].delegate == "Ольга Петрова"

    # Actions from the previous meeting: Space closes the open one, on the action itself.
    (carried,) = record.carried
    mode.carried.setFocus()
    mode.carried.setCurrentRow(0)
    key(qtbot, mode.carried, Qt.Key.Key_Space)
    earlier = governance.get_meeting(store, carried.meeting_id)
    closed = next(a for a in earlier.actions if a.id == carried.action.id)
    assert closed.status is ActionStatus.DONE and "[Done]" in mode.carried.item(0).text()
    key(qtbot, mode.carried, Qt.Key.Key_Z, CTRL)  # reopened, on the action itself
    earlier = governance.get_meeting(store, carried.meeting_id)
    assert next(a for a in earlier.actions if a.id == carried.action.id).status.value == "open"
    key(qtbot, mode.carried, Qt.Key.Key_Space)

    # Next item; minutes typed are saved a moment after typing stops.
    key(qtbot, mode.editor, Qt.Key.Key_PageDown, CTRL)
    assert mode.index == 1 and not mode.carry_box.isVisibleTo(mode)
    item_id = mode.item.id
    typed = "Enrolment at 62 % <on plan> & supply secured"
    qtbot.keyClicks(mode.editor, typed)

    def saved() -> str:
        return next(i for i in governance.get_meeting(store, meeting_id).agenda if i.id == item_id)

    qtbot.waitUntil(lambda: saved().record == typed, timeout=3000)

    # Ctrl+D: a decision into the decision log, with who decided (those attending).
    def decide(dialog) -> None:
        assert dialog.form.fields["title"].text() == mode.item.title
        assert "Ольга" not in dialog.form.fields["makers"].text()  # a delegate is not a maker
        dialog.form.fields["title"].setText("Open a second CMO in Q3")
        dialog.accept()

    answer_dialog(qtbot, decide)
    key(qtbot, mode.editor, Qt.Key.Key_D, CTRL)
    decision = next(d for d in risks.list_decisions(store) if d.draft.meeting_id == meeting_id)
    assert decision.draft.title == "Open a second CMO in Q3" and decision.draft.makers
    assert mode.decisions.count() == 1

    # Ctrl+Shift+A: an action with owner, due date and side.
    def act(dialog) -> None:
        dialog.form.fields["title"].setText("Share the CMO shortlist")
        dialog.form.fields["owner_id"].setCurrentIndex(1)
        dialog.form.fields["due"].setText("2027-01-15")
        side = dialog.form.fields["side"]
        side.setCurrentIndex(side.findData("joint"))
        dialog.accept()

    answer_dialog(qtbot, act)
    key(qtbot, mode.editor, Qt.Key.Key_A, CTRL | SHIFT)
    (action,) = governance.get_meeting(store, meeting_id).actions
    assert (action.title, action.due.isoformat(), action.side) == (
        "Share the CMO shortlist",
        "2027-01-15",
        "joint",
    )

    # Ctrl+T: the item's timer against its planned minutes; over time shows as such.
    key(qtbot, mode.editor, Qt.Key.Key_T, CTRL)
    assert mode.timer_label.running
    mode.timer_label.tick(mode.item.minutes * 60 + 90)
    assert "01:30 over" in mode.timer_label.text()
    key(qtbot, mode.editor, Qt.Key.Key_T, CTRL)
    assert not mode.timer_label.running

    # Typing then moving on at once still saves (no waiting for the pause).
    qtbot.keyClicks(mode.editor, " Next review in March.")
    key(qtbot, mode.editor, Qt.Key.Key_PageDown, CTRL)
    assert saved().record == typed + " Next review in March."
    key(qtbot, mode.editor, Qt.Key.Key_PageUp, CTRL)
    assert mode.editor.toPlainText() == typed + " Next review in March."

    # Approve: locked; a later change is a dated amendment, the approved text unchanged.
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    mode.approve_button.click()
    assert mode.editor.isReadOnly() and mode.state.text().startswith("Approved")

    def amend(dialog) -> None:
        dialog.setTextValue("Enrolment was 61 %, not 62 %.")
        dialog.accept()

    answer_dialog(qtbot, amend)
    mode.amend_button.click()
    record = minutes.meeting_record(store, meeting_id)
    assert record.meeting.agenda[1].record == typed + " Next review in March."
    assert [a.text for a in record.amendments] == ["Enrolment was 61 %, not 62 %."]
    assert "Amendment of" in mode.amendments.text()


def test_minutes_are_exported_and_the_committee_rules_set_from_meeting_mode(
    mode, qtbot, monkeypatch, tmp_path
) -> None:
    """The draft goes out for our side only; approved, for the partner too (recorded as an
    export); the quorum and series are the committee's own."""
    from pypdf import PdfReader

    from alliance_desk.core.packs import Audience
    from alliance_desk.ui.governance import minutes_actions

    store = mode.desk.store
    assert not mode.partner_export.isEnabled()
    minutes_actions.export_minutes(mode, Audience.PARTNER, str(tmp_path / "p.pdf"))
    assert not (tmp_path / "p.pdf").exists()
    draft = tmp_path / "draft.pdf"
    minutes_actions.export_minutes(mode, Audience.INTERNAL, str(draft))
    text = "".join(page.extract_text() for page in PdfReader(str(draft)).pages)
    assert "DRAFT — VERSION" in text

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    mode.approve_button.click()
    assert mode.partner_export.isEnabled()
    assert mode.record.body.name in mode.state.text()  # approved by the committee
    shared = tmp_path / "partner.pdf"
    minutes_actions.export_minutes(mode, Audience.PARTNER, str(shared))
    text = " ".join(page.extract_text() for page in PdfReader(str(shared)).pages)
    assert "partner version" in text and "DRAFT" not in text

    def rules(dialog) -> None:
        dialog.form.fields["quorum_ours"].setValue(2)
        dialog.form.fields["quorum_theirs"].setValue(3)
        dialog.form.fields["recurrence"].setText("when the chairs can")
        dialog.accept()
        assert dialog.isVisible() and "every 3 weeks" in dialog.form.errors["recurrence"].text()
        dialog.form.fields["recurrence"].setText("every quarter")  # as people say it
        dialog.accept()

    answer_dialog(qtbot, rules)
    mode.rules_button.click()
    body = minutes.meeting_record(store, mode.meeting_id).body
    assert (body.quorum_ours, body.quorum_theirs, body.recurrence) == (
        2,
        3,
        "FREQ=MONTHLY;INTERVAL=3",
    )
    assert mode.quorum.text().startswith("Quorum NOT met")
    shown = []
    answer_dialog(qtbot, lambda dialog: shown.append(dialog.form.fields["recurrence"].text()))
    mode.rules_button.click()
    assert shown == ["every 3 months"]  # the stored rule read back in words


def test_typing_is_kept_when_the_save_fails_and_saved_on_close(mode, qtbot, monkeypatch) -> None:
    """A failed save keeps the text and the window open; Esc saves what is pending."""
    from alliance_desk.store.errors import StoreError

    key(qtbot, mode.editor, Qt.Key.Key_PageDown, CTRL)
    item_id = mode.item.id
    real = minutes.set_item_minutes

    def full_disk(*_args, **_kwargs):
        raise StoreError("The disk is full: this change was not saved.")

    monkeypatch.setattr(minutes, "set_item_minutes", full_disk)
    qtbot.keyClicks(mode.editor, "Said and kept")
    mode.close()
    assert mode.isVisible() and "Not saved" in mode.save_note.text()
    assert mode.editor.toPlainText() == "Said and kept"
    monkeypatch.setattr(minutes, "set_item_minutes", real)
    key(qtbot, mode.editor, Qt.Key.Key_Escape)
    assert not mode.isVisible()
    agenda = governance.get_meeting(mode.desk.store, mode.meeting_id).agenda
    assert next(i for i in agenda if i.id == item_id).record == "Said and kept"
    assert QApplication.activeModalWidget() is None


def test_decisions_to_review_are_dated_as_the_lists_date_them(mode) -> None:
    """Meeting mode listed "… (taken 2026-08-28)" where every list says "28 Aug 2026"."""
    import re

    review = mode.carry_box.review
    lines = [review.item(row).text() for row in range(review.count())]
    dated = [line for line in lines if "(taken " in line]
    assert dated, lines
    assert not [line for line in dated if re.search(r"\d{4}-\d{2}-\d{2}", line)], dated
    assert all(re.search(r"\(taken \d{1,2} [A-Z][a-z]{2} \d{4}\)", line) for line in dated)


def test_approving_says_what_looks_amiss_and_defaults_to_no(mode, monkeypatch) -> None:
    """The minutes of a meeting still to come, with no minutes and its quorum not met, were
    approved on the spot: the question said nothing of it and Yes was the default."""
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def answer(_parent, _title, text, _buttons, default):
        asked.append((text, default))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    record = mode.record
    assert record.meeting.draft.starts_at.date() > wall.today()  # the HALO-7 JSC's next
    mode.approve_button.click()
    text, default = asked[0]
    assert "still to come" in text
    assert default == QMessageBox.StandardButton.No
    assert not mode.record.locked


def test_the_draft_s_screen_does_not_count_up_as_it_is_typed_and_marked(mode, qtbot) -> None:
    """Meeting mode said "DRAFT — version 12", then 13, 14 … with every attendance mark and
    every pause in typing (each save is a new version of the meeting): a number nobody asked
    for, climbing while they ran the meeting. The exported minutes still carry it."""
    before = mode.state.text()
    version = mode.record.version
    mode.attendance.setFocus()
    mode.attendance.setCurrentRow(0)
    key(qtbot, mode.attendance, Qt.Key.Key_P)
    marked = minutes.meeting_record(mode.desk.store, mode.meeting_id).version
    assert marked > version
    assert f"version {marked}" in mode.state.toolTip()  # what an export would say now
    key(qtbot, mode.editor, Qt.Key.Key_PageDown, CTRL)
    qtbot.keyClicks(mode.editor, "Agreed to widen enrolment")
    mode.close()  # what is typed is saved on the way out
    assert minutes.meeting_record(mode.desk.store, mode.meeting_id).version > marked
    assert mode.state.text() == before and "version" not in before.lower()
    assert "Draft" in before

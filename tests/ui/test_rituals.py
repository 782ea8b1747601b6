"""The five rituals of an alliance manager's week, done as a user does them — from Today, on
"All alliances", as the app opens — counting every action: a shortcut, a click, a choice from
a list, the text typed into a field (moving between fields with Tab is not counted). Each
test asserts what the ritual made and that it took no more actions than README.md says
("Five rituals, counted"), so the counts there stay true."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from alliance_desk.core import wall
from alliance_desk.core.escalations import Category
from alliance_desk.core.habits import week_start
from alliance_desk.core.stakeholders import InteractionKind
from alliance_desk.store import contact_log, escalations, governance, habits, onboarding, portfolio
from tests.helpers import answer_dialog

HALO = "HALO-7 oncology co-development"
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


class User:
    """Does what a user does, one action at a time, and writes each one down."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.actions: list[str] = []

    def press(self, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier):
        self.actions.append(f"press {modifiers} {key.name}")
        self.qtbot.keyClick(widget, key, modifiers)

    def type(self, widget: QWidget, text: str) -> None:
        self.actions.append(f"type {text!r}")
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)

    def choose(self, combo, text: str) -> None:
        """Type the start of an item into a list box, as a user picks with the keyboard."""
        self.actions.append(f"choose {text!r}")
        combo.setFocus()
        self.qtbot.keyClicks(combo, text)
        assert combo.currentText().startswith(text)

    def click(self, button) -> None:
        self.actions.append(f"click {button.text()!r}")
        button.click()

    def pick_alliance(self, dialog, name: str = HALO) -> None:
        """In "Which alliance?": type part of its name, Enter."""
        self.type(dialog.search.line, name[:6])
        self.press(dialog.search.line, Qt.Key.Key_Return)


@pytest.fixture
def start(demo_window, qtbot):
    """The window as it opens: Today, every alliance."""
    window = demo_window
    assert window.current_section() == "today" and window.desk.alliance_id is None
    window.today.list.setFocus()
    return window, User(qtbot)


def halo(window):
    return next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)


def test_pack_for_the_next_meeting(start, qtbot, monkeypatch, tmp_path: Path) -> None:
    """Prepare its pack (the next meeting is selected on Today), Save: the pack of that
    meeting, proposed in the documents folder under the alliance and the meeting's date."""
    window, user = start
    coming = governance.coming_meetings(window.desk.store, wall.now(), None)[0]
    proposed: list[str] = []

    def save_dialog(_parent, _title, suggested, _filter):
        user.actions.append("press Return (Save)")
        proposed.append(suggested)
        return str(tmp_path / Path(suggested).name), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    user.click(window.today.pack_button)
    packs = window.packs
    assert window.current_section() == "packs"
    assert (packs.alliance.currentData(), packs.meeting.currentData()) == (
        coming.alliance_id,
        coming.meeting_id,
    )
    qtbot.waitUntil(lambda: packs.last_path is not None, timeout=20_000)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = Path(proposed[0]).name
    home = Path.home()  # on a computer without a documents folder
    assert Path(proposed[0]).parent == (Path(documents) if Path(documents).is_dir() else home)
    assert coming.starts_at.date().isoformat() in name
    assert portfolio.get_alliance(window.desk.store, coming.alliance_id).name[:20] in name
    text = "".join(page.extract_text() for page in PdfReader(str(packs.last_path)).pages)
    assert coming.body_name in text
    assert len(user.actions) <= 2, user.actions


def test_log_an_escalation(start, qtbot) -> None:
    """Ctrl+Shift+E from Today, which alliance (typed), the title, the category, Ctrl+Enter."""
    window, user = start

    def which(dialog) -> None:
        user.pick_alliance(dialog)

    def raise_it(dialog) -> None:
        user.type(dialog.form.title, "Batch release delayed by QP sign-off")
        user.choose(dialog.form.category, "Conflict")
        user.press(dialog.form.title, Qt.Key.Key_Return, CTRL)

    answer_dialog(qtbot, which, raise_it)
    user.press(window.today.list, Qt.Key.Key_E, CTRL_SHIFT)
    made = next(
        e
        for e in escalations.list_escalations(window.desk.store)
        if e.title == "Batch release delayed by QP sign-off"
    )
    assert made.alliance_id == halo(window).id and made.draft.category is Category.CONFLICT
    assert len(user.actions) <= 6, user.actions


def test_onboard_a_new_jsc_member(start, qtbot) -> None:
    """Ctrl+Shift+O, which alliance, New person (name, side, roles), then Ctrl+Enter: the
    checklist comes from the role and day one from the next committee meeting."""
    window, user = start
    store = window.desk.store
    jsc = next(
        m
        for m in governance.coming_meetings(store, wall.now(), None)
        if m.alliance_id == halo(window).id
    )

    def which(dialog) -> None:
        user.pick_alliance(dialog)

    def start_plan(dialog) -> None:
        def new_person(added) -> None:
            user.type(added.form.name, "Ingrid Solberg")
            user.choose(added.form.side, "Partner")
            user.type(added.form.roles, "JSC member")
            user.press(added.form.roles, Qt.Key.Key_Return, CTRL)

        answer_dialog(qtbot, new_person)
        user.click(dialog.new_person)
        assert dialog.person.currentText().startswith("Ingrid Solberg")
        assert dialog.template.currentText().startswith("Governance committee member")
        user.press(dialog.role, Qt.Key.Key_Return, CTRL)

    answer_dialog(qtbot, which, start_plan)
    user.press(window.today.list, Qt.Key.Key_O, CTRL_SHIFT)
    plan = next(
        p
        for p in onboarding.list_plans(store, halo(window).id)
        if p.person_name == "Ingrid Solberg"
    )
    assert plan.role == "JSC member" and plan.template_name == "Governance committee member"
    assert plan.start_date == jsc.starts_at.date()
    assert len(user.actions) <= 9, user.actions


def test_log_a_call(start, qtbot) -> None:
    """The call on Today (a click), L, what was said, Ctrl+Enter: logged as a call."""
    window, user = start
    today = window.today
    row = next(r for r, t in enumerate(today.model.tasks) if t.kind == "call")
    task = today.model.tasks[row]
    user.actions.append("click the call")
    today.select_row(row)

    def log(dialog) -> None:
        user.type(dialog.note, "Agreed to share the CMC slot plan by Friday")
        user.press(dialog.note, Qt.Key.Key_Return, CTRL)

    answer_dialog(qtbot, log)
    user.press(today.list, Qt.Key.Key_L)
    logged = contact_log.interactions(window.desk.store, task.opens.alliance_id, limit=1)[0]
    assert logged.note == "Agreed to share the CMC slot plan by Friday"
    assert logged.kind is InteractionKind.CALL and task.person_id in logged.person_ids
    assert len(user.actions) <= 4, user.actions


def test_weekly_review(start, qtbot) -> None:
    """Ctrl+Shift+W, the three reflections beside the week's facts, Ctrl+Enter."""
    window, user = start
    facts: list[str] = []
    weeks: list = []

    def review(dialog) -> None:
        facts.append(dialog.facts.text())
        weeks.append(dialog.week)
        for key, text in (
            ("went_well", "The JSC pre-read went out on time"),
            ("got_in_the_way", "Two days lost to the CMC escalation"),
            ("focus", "Pair Hannah with a counterpart"),
        ):
            user.type(dialog.form.fields[key], text)
        user.press(dialog.form.fields["focus"], Qt.Key.Key_Return, CTRL)

    answer_dialog(qtbot, review)
    user.press(window.today.list, Qt.Key.Key_W, CTRL_SHIFT)
    assert re.search("escalations? resolved", facts[0]) and re.search("items? done", facts[0])
    assert habits.review(window.desk.store, weeks[0]) == (
        "The JSC pre-read went out on time",
        "Two days lost to the CMC escalation",
        "Pair Hannah with a counterpart",
    )
    assert len(user.actions) <= 5, user.actions
    QApplication.processEvents()


def test_the_weekly_review_opens_early_in_a_week_on_the_week_just_ended(start, qtbot) -> None:
    """On the first two days of a week Ctrl+Shift+W reviews the week just ended, until its
    review is written; later in the week, and once it is written, the week under way."""
    window, user = start
    store = window.desk.store
    monday = week_start(wall.today(), window.desk.policy.week_start)
    last_week = monday - timedelta(weeks=1)
    assert habits.review(store, last_week) is None  # the demo leaves last week to review
    opened: list = []

    def note_week(dialog) -> None:
        opened.append(dialog.week)
        dialog.reject()

    def write_it(dialog) -> None:
        opened.append(dialog.week)
        user.type(dialog.form.fields["went_well"], "Closed the CMC escalation")
        user.press(dialog.form.fields["focus"], Qt.Key.Key_Return, CTRL)

    try:
        for day, answer in (
            (monday + timedelta(days=3), note_week),  # Thursday: this week
            (monday, note_week),  # Monday: last week, not reviewed yet
            (monday + timedelta(days=1), write_it),  # Tuesday: still last week; written
            (monday, note_week),  # written: this week again
        ):
            wall.hold(day)
            answer_dialog(qtbot, answer)
            window.weekly_review()  # what Ctrl+Shift+W runs (test_weekly_review presses it)
    finally:
        wall.hold(None)
    assert opened == [monday, last_week, last_week, monday]
    assert habits.review(store, last_week)[0] == "Closed the CMC escalation"

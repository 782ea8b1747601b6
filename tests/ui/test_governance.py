"""Committees, meetings and health checks in the window."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt

from alliance_desk.core.governance import ActionStatus, AgendaItem
from alliance_desk.store import committees, governance, health_checks, portfolio
from alliance_desk.ui.governance.meetings import MEETING_COLUMNS
from alliance_desk.ui.table_model import RowTableModel
from tests.helpers import answer_dialog, teammate

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def meetings(demo_window):
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    demo_window.risks.tabs.setCurrentWidget(demo_window.risks.meetings)
    return demo_window.risks.meetings


def test_meetings_model_passes_qtmodeltester(qtmodeltester, demo_store) -> None:
    model = RowTableModel(MEETING_COLUMNS)
    model.set_rows(governance.list_meetings(demo_store))
    qtmodeltester.check(model)
    # four committees meeting once past and once ahead, two once past
    assert model.rowCount() == 10


def test_new_meeting_copies_the_previous_agenda_and_invites_the_committee(meetings, qtbot) -> None:
    def fill(dialog) -> None:
        dialog.form.fields["starts_at"].setText("2027-02-01 10:00")
        dialog.form.fields["ends_at"].setText("2027-02-01 12:00")
        dialog.form.fields["location"].setText("Halcyon, London")
        dialog.accept()

    answer_dialog(qtbot, fill)
    meetings.new_meeting()
    made = meetings.current
    assert made.draft.starts_at == datetime(2027, 2, 1, 10)
    # The review of open actions first, then the previous agenda.
    assert [i.title for i in made.agenda][:2] == [
        "Actions from the previous meeting",
        "Phase 3 enrolment and supply plan",
    ]
    assert len(made.attendee_ids) == 4  # the committee's members
    meetings.desk.undo_stack.undo()
    assert all(
        m.draft.starts_at != datetime(2027, 2, 1, 10)
        for m in governance.list_meetings(meetings.desk.store)
    )


def test_a_new_meeting_is_offered_like_the_committee_s_last_on_a_working_day(
    meetings, qtbot
) -> None:
    """The form offered 14:00 in this machine's zone two weeks ahead, whatever the day: a
    Tokyo committee's meeting at 14:00 UTC on a Sunday, with no place and no format."""
    from datetime import timedelta

    from alliance_desk.core import wall
    from alliance_desk.core.governance import local_zone_name

    store = meetings.desk.store
    offered: list[dict] = []

    def look(dialog) -> None:
        offered.append(dict(dialog.form.values()))
        dialog.reject()

    answer_dialog(qtbot, look)
    meetings.new_meeting()
    (values,) = offered
    last = governance.previous_meeting(store, values["body_id"], datetime(9999, 1, 1)).draft
    assert last.location and last.time_zone not in ("", local_zone_name())  # not the default
    starts = datetime.fromisoformat(values["starts_at"])
    ends = datetime.fromisoformat(values["ends_at"])
    assert starts.weekday() < 5 and wall.today() + timedelta(days=14) <= starts.date()
    assert starts.date() <= wall.today() + timedelta(days=16)
    assert (starts.time(), ends - starts) == (last.starts_at.time(), last.ends_at - last.starts_at)
    assert (values["location"], values["time_zone"], values["format"]) == (
        last.location,
        last.time_zone,
        last.format,
    )


def test_meeting_ending_before_it_starts_is_refused(meetings, qtbot) -> None:
    def fill(dialog) -> None:
        dialog.form.fields["starts_at"].setText("2027-02-01 10:00")
        dialog.form.fields["ends_at"].setText("2027-02-01 09:00")
        dialog.accept()
        assert dialog.isVisible()
        assert dialog.form.errors["ends_at"].text() == "The meeting cannot end before it starts."

    before = len(governance.list_meetings(meetings.desk.store))
    seen = answer_dialog(qtbot, fill)
    meetings.new_meeting()
    assert seen[0] is not None and len(governance.list_meetings(meetings.desk.store)) == before


def test_action_without_owner_is_refused_then_added_and_ticked(meetings, qtbot) -> None:
    def no_owner(dialog) -> None:
        dialog.form.fields["title"].setText("Circulate the minutes")
        dialog.accept()
        assert (
            dialog.isVisible()
            and dialog.form.errors["owner_id"].text() == "Every action needs an owner."
        )
        dialog.form.fields["owner_id"].setCurrentIndex(1)
        dialog.accept()

    meeting = meetings.current
    answer_dialog(qtbot, no_owner)
    meetings.panel.add_action()
    saved = governance.get_meeting(meetings.desk.store, meeting.id)
    assert [a.title for a in saved.actions].count("Circulate the minutes") == 1
    meetings.panel.action_items.setCurrentRow(len(saved.actions) - 1)
    meetings.panel.toggle_action()
    ticked = governance.get_meeting(meetings.desk.store, meeting.id).actions[-1]
    assert ticked.status is ActionStatus.DONE
    meetings.desk.undo_stack.undo()
    assert (
        governance.get_meeting(meetings.desk.store, meeting.id).actions[-1].status
        is ActionStatus.OPEN
    )


def test_record_a_decision_in_the_meeting(meetings, qtbot) -> None:
    from alliance_desk.store import risks

    def fill(dialog) -> None:
        dialog.form.fields["title"].setText("Approve the revised budget")
        dialog.accept()

    meeting = meetings.current
    answer_dialog(qtbot, fill)
    meetings.panel.record_decision()
    decision = next(
        d
        for d in risks.list_decisions(meetings.desk.store)
        if d.draft.title == "Approve the revised budget"
    )
    assert decision.draft.meeting_id == meeting.id and decision.draft.forum == meeting.body_name
    assert meetings.panel.decisions.count() == 1


def test_export_ics(meetings, tmp_path: Path) -> None:
    out = tmp_path / "jsc.ics"
    meetings.export_ics(str(out))
    (event,) = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert str(event["summary"]).startswith("HALO-7 Joint Steering Committee")
    draft = meetings.current.draft
    assert draft.time_zone == "Europe/Zurich"  # the demo's JSC meets on Basel time
    assert event.decoded("dtstart") == draft.starts_at.replace(tzinfo=ZoneInfo("Europe/Zurich"))


def test_health_check_add_and_undo(demo_window, qtbot) -> None:
    demo_window.show_section("risks")
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    tab = demo_window.risks.health
    demo_window.risks.tabs.setCurrentWidget(tab)  # where the user adds one
    before = len(tab.checks)

    def fill(dialog) -> None:
        # Nothing is preset: a check nobody scored was one Ctrl+Enter away.
        dialog.spins["trust.ours"].setValue(5)
        dialog.accept()
        assert dialog.isVisible() and "not scored yet" in dialog.problem.text()
        for spin in dialog.spins.values():
            spin.setValue(spin.value() or 3)
        dialog.spins["trust.theirs"].setValue(1)
        dialog.spins["communication.ours"].setValue(2)
        dialog.spins["communication.theirs"].setValue(4)
        dialog.spins["value.ours"].setValue(3)
        dialog.spins["value.theirs"].setValue(3)
        dialog.accept()

    answer_dialog(qtbot, fill)
    tab.new_check()
    assert len(tab.checks) == before + 1 and tab.spider.check.gap("trust") == 4
    assert "Trust: 5 vs 1  (gap +4)  ← they see it worse" in tab.gaps.text()
    # the heading's minus sign ("ours − theirs"), and no "+0" for scores that agree
    assert "Communication: 2 vs 4  (gap −2)  ← we see it worse" in tab.gaps.text()
    assert "Value delivery: 3 vs 3  (no gap)" in tab.gaps.text()
    demo_window.desk.undo_stack.undo()
    assert len(health_checks.list_checks(demo_window.desk.store, halo.id)) == before


def test_health_checks_on_all_alliances_offer_the_alliances_not_three_empty_states(
    demo_window, qtbot
) -> None:
    demo_window.desk.select_alliance(None)
    demo_window.show_section("risks")
    tab = demo_window.risks.health
    demo_window.risks.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.choose.isVisible)
    assert not tab.spider.isVisible() and not tab.remove.isVisible()
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    row = next(
        i
        for i in range(tab.choose.list.count())
        if tab.choose.list.item(i).data(Qt.ItemDataRole.UserRole) == halo.id
    )
    tab.choose.list.setCurrentRow(row)
    tab.choose.open_button.click()
    assert demo_window.desk.alliance_id == halo.id
    qtbot.waitUntil(tab.spider.isVisible)
    assert tab.remove.isEnabled() == bool(tab.checks)


def test_a_check_added_on_all_alliances_is_shown_with_its_alliance_in_focus(
    demo_window, qtbot, monkeypatch
) -> None:
    """Add › Health check on "All alliances" asked which alliance, saved the check, and left
    the tab asking to choose an alliance (another one highlighted), the new check nowhere."""
    from alliance_desk.ui.governance import health

    demo_window.desk.select_alliance(None)
    demo_window.show_section("risks")
    tab = demo_window.risks.health
    demo_window.risks.tabs.setCurrentWidget(tab)
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    monkeypatch.setattr(health, "pick_alliance", lambda *_args: halo.id)

    def fill(dialog) -> None:
        for spin in dialog.spins.values():
            spin.setValue(4)
        dialog.spins["governance.theirs"].setValue(1)
        dialog.accept()

    answer_dialog(qtbot, fill)
    tab.new_check()
    assert demo_window.desk.alliance_id == halo.id
    qtbot.waitUntil(tab.spider.isVisible)
    assert tab.checks[-1].gap("governance") == 3 and tab.spider.check == tab.checks[-1]


def test_a_new_committee_goes_straight_on_to_its_first_meeting(meetings, qtbot) -> None:
    """A committee is listed by its meetings, so one just created appeared nowhere: its first
    meeting is now asked for at once, that committee chosen, and then shown and selected."""
    from PySide6.QtWidgets import QLineEdit

    said = []
    meetings.desk.status.connect(said.append)
    offered = []

    def name(dialog) -> None:
        dialog.findChild(QLineEdit).setText("HALO-7 Joint Finance Committee")
        dialog.accept()

    def plan(dialog) -> None:
        offered.append(dialog.form.fields["body_id"].currentText())
        copy = dialog.form.fields["copy"]
        assert not copy.isEnabled() and not copy.isChecked()  # no earlier agenda to start from
        # the zone the alliance's committees meet in, not this machine's
        assert dialog.form.fields["time_zone"].text() == "Europe/Zurich"
        dialog.accept()

    answer_dialog(qtbot, name, plan)
    meetings.new_body()
    assert offered == ["HALO-7 Joint Finance Committee"]
    assert meetings.current is not None
    assert meetings.current.body_name == "HALO-7 Joint Finance Committee"
    assert "first meeting is planned" in said[-1]

    answer_dialog(qtbot, lambda dialog: name(dialog), lambda dialog: dialog.reject())
    meetings.new_body()  # the meeting put off: the user reads where the committee will show
    assert "listed here with its first meeting" in said[-1]


@pytest.mark.parametrize("size", [(390, 400), (560, 520)])
def test_the_health_chart_names_each_dimension_whole_and_clear_of_its_spoke(qtbot, size) -> None:
    """At 1024 × 700 "Decision making" ran off the chart's right edge, and every name sat on
    a box centred on its spoke's end, the spoke running through "Communication"."""
    from PySide6.QtCore import QLineF, QPointF

    from alliance_desk.core.health_checks import DIMENSIONS
    from alliance_desk.ui.governance.health import SpiderChart

    chart = SpiderChart()
    qtbot.addWidget(chart)
    chart.resize(*size)
    metrics = chart.fontMetrics()
    for index, dimension in enumerate(DIMENSIONS):
        box, _align = chart.label_box(index)
        needed = metrics.horizontalAdvance(dimension.label)
        assert box.width() >= needed and box.left() >= 0 and box.right() <= size[0], dimension
        assert box.top() >= 0 and box.bottom() <= size[1], dimension
        spoke = QLineF(chart.centre(), chart.point(index, 5))
        for step in range(21):  # no point of the spoke inside the name's box
            assert not box.contains(QPointF(spoke.pointAt(step / 20))), dimension


def test_edit_committee_members_and_undo(meetings, qtbot) -> None:
    body_id = meetings.current.draft.body_id

    def members(store):
        return next(b for b in committees.list_bodies(store) if b.id == body_id).member_ids

    before = members(meetings.desk.store)

    def fill(dialog) -> None:
        listing = dialog.members
        for row in range(listing.count()):
            listing.item(row).setCheckState(Qt.CheckState.Checked)
        dialog.accept()

    answer_dialog(qtbot, fill)
    meetings.edit_members()
    assert len(members(meetings.desk.store)) > len(before)
    meetings.desk.undo_stack.undo()
    assert members(meetings.desk.store) == before


def _teammate_adds_to_the_agenda(meetings, title: str) -> None:
    with teammate(meetings.desk.store) as other:
        seen = governance.get_meeting(other, meetings.current.id)
        governance.set_agenda(
            other, seen.id, (*seen.agenda, AgendaItem(title)), expected_version=seen.version
        )


def test_agenda_and_attendee_edits_save_and_undo(meetings, qtbot) -> None:
    meeting = meetings.current

    def fill(dialog) -> None:
        dialog.form.fields["title"].setText("Supply risk deep-dive")
        dialog.accept()

    answer_dialog(qtbot, fill)
    meetings.panel.add_agenda_item()
    titles = [i.title for i in governance.get_meeting(meetings.desk.store, meeting.id).agenda]
    assert titles == [i.title for i in meeting.agenda] + ["Supply risk deep-dive"]
    meetings.panel.agenda.setCurrentRow(0)
    meetings.panel.remove_agenda_item()
    assert len(governance.get_meeting(meetings.desk.store, meeting.id).agenda) == len(titles) - 1
    first = meetings.panel.attendees.item(0)
    was_checked = first.checkState() == Qt.CheckState.Checked
    first.setCheckState(Qt.CheckState.Unchecked if was_checked else Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: (
            governance.get_meeting(meetings.desk.store, meeting.id).attendee_ids
            != meeting.attendee_ids
        )
    )
    for _ in range(3):
        meetings.desk.undo_stack.undo()
    back = governance.get_meeting(meetings.desk.store, meeting.id)
    assert back.agenda == meeting.agenda and back.attendee_ids == meeting.attendee_ids


def test_an_agenda_edit_on_a_stale_meeting_is_refused_and_shows_theirs(meetings, messages):
    meeting = meetings.current
    _teammate_adds_to_the_agenda(meetings, "Their item")
    meetings.panel.agenda.setCurrentRow(0)
    meetings.panel.remove_agenda_item()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert meetings.desk.undo_stack.count() == 0
    shown = [i.title for i in meetings.current.agenda]
    assert shown == [i.title for i in meeting.agenda] + ["Their item"]


def test_undo_never_removes_what_a_teammate_added_since(meetings, qtbot, messages) -> None:
    meeting = meetings.current
    meetings.panel.agenda.setCurrentRow(0)
    meetings.panel.remove_agenda_item()
    assert meetings.desk.undo_stack.count() == 1
    _teammate_adds_to_the_agenda(meetings, "Their item")
    meetings.desk.undo_stack.undo()
    assert messages and "was not undone" in messages[-1][1]
    now = governance.get_meeting(meetings.desk.store, meeting.id)
    assert [i.title for i in now.agenda][-1] == "Their item"


def test_meeting_times_changed_elsewhere_keep_my_text(meetings, messages) -> None:
    meeting = meetings.current
    with teammate(meetings.desk.store) as other:
        governance.update_meeting(
            other,
            meeting.id,
            replace(meeting.draft, location="Their room"),
            expected_version=meeting.version,
        )
    meetings.panel.form.fields["location"].setText("My room")
    meetings.panel._save_times()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert meetings.panel.form.fields["location"].text() == "My room"
    assert governance.get_meeting(meetings.desk.store, meeting.id).draft.location == "Their room"
    meetings.panel._save_times()
    assert governance.get_meeting(meetings.desk.store, meeting.id).draft.location == "My room"


def test_the_time_zone_field_completes_a_city_typed_in_any_case(qtbot) -> None:
    """The zones offered are the machine's own, read when the field is first used."""
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    from alliance_desk.ui.forms import FieldForm
    from alliance_desk.ui.governance.dialogs import zone_field

    holder = QDialog()
    form = FieldForm()
    QVBoxLayout(holder).addWidget(form)
    line = zone_field(form)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    completer = line.completer()
    completer.setCompletionPrefix("zurich")
    assert completer.currentCompletion() == "Europe/Zurich"


def _inked(widget) -> int:
    """Pixels of the list's inside that are not its background: what is written in it."""
    image = widget.viewport().grab().toImage()
    base = widget.palette().base().color()
    return sum(
        image.pixelColor(x, y) != base
        for x in range(0, image.width(), 2)
        for y in range(image.height())
    )


def test_a_meeting_s_empty_lists_say_so_instead_of_a_blank_sliver(qtbot) -> None:
    from alliance_desk.ui.whole_list import WholeList

    said, silent = WholeList(empty="None recorded at this meeting yet"), WholeList()
    for made in (said, silent):
        qtbot.addWidget(made)
        made.resize(400, 40)
        made.show()
        qtbot.waitExposed(made)
        made.fit()
    assert said.height() >= said.fontMetrics().height()
    assert _inked(said) > 40 and _inked(silent) == 0
    said.addItem("")  # a row with no text: nothing written, and no sentence either
    said.viewport().repaint()
    assert _inked(said) == 0


def test_the_members_dialog_shows_its_committee_s_name_and_whole_rows(demo_store, qtbot) -> None:
    """It opened at Qt's least size: "Members of …lliance Desk", rows cut, scrolling sideways."""
    from PySide6.QtGui import QFont, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from alliance_desk import APP_NAME
    from alliance_desk.store import committees as store_committees
    from alliance_desk.store import portfolio as store_portfolio
    from alliance_desk.store import stakeholders as store_stakeholders
    from alliance_desk.ui.governance.dialogs import MembersDialog

    halo = next(
        a for a in store_portfolio.list_alliances(demo_store) if a.name.startswith("HALO-7")
    )
    body = store_committees.list_bodies(demo_store, halo.id)[0]
    people = store_stakeholders.list_stakeholders(demo_store, halo.id)
    dialog = MembersDialog(body, people)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bold = QFont(QApplication.font())
    bold.setBold(True)
    title = QFontMetrics(bold).horizontalAdvance(f"{dialog.windowTitle()} — {APP_NAME}")
    assert dialog.width() >= title + 100
    assert dialog.members.height() >= 4 * dialog.members.sizeHintForRow(0)
    assert dialog.members.horizontalScrollBar().maximum() == 0


def test_on_all_alliances_each_meeting_says_whose_it_is(demo_window) -> None:
    """Every other register names each row's alliance on "All alliances"; the meetings did
    not, and a committee's name does not always say it ("Platform Operating Committee")."""
    from tests.ui.test_fits import settle

    window = demo_window
    window.resize(1440, 881)
    window.show_section("risks")
    tab = window.risks.meetings
    window.risks.tabs.setCurrentWidget(tab)
    settle()
    model, table = tab.model, tab.table
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    column = titles.index("Alliance")
    names = portfolio.alliance_names(window.desk.store)
    assert not table.isColumnHidden(column)
    shown = {model.index(r, column).data() for r in range(model.rowCount())}
    assert shown == {names[m.alliance_id] for m in tab.meetings} and len(shown) >= 3
    halo = next(i for i, name in names.items() if name == HALO)
    window.desk.select_alliance(halo)
    settle()
    assert table.isColumnHidden(column)  # one alliance's meetings: nothing to tell apart


@pytest.mark.parametrize("size", [(1024, 681), (1440, 881)], ids=["1024", "1440"])
def test_a_health_check_uses_its_pane_from_the_top(demo_window, qtbot, size) -> None:
    """The radar stood centred in a tall pane, a band of blank above and below it, beside a
    140-px line of the overall score over blank; its ring numbers lay under the outlines.
    Now the radar starts under the legend, every name inside the pane, and the line takes
    the room below the gaps (up to TREND_MOST)."""
    from PySide6.QtCore import QRectF

    from alliance_desk.ui.governance.health import DIMENSIONS, TREND_MOST
    from tests.ui.test_fits import settle

    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.resize(*size)
    demo_window.show_section("risks")
    tab = demo_window.risks.health
    demo_window.risks.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(tab.spider.isVisible)
    settle()
    spider = tab.spider
    line = spider.fontMetrics().height()
    top = spider.centre().y() - spider.radius()
    assert top <= spider.LEGEND + 2 * line + 8  # no band of blank above the chart
    inside = QRectF(spider.rect())
    for index in range(len(DIMENSIONS)):
        box, _align = spider.label_box(index)
        assert box.top() >= spider.LEGEND and inside.contains(box), DIMENSIONS[index].label
    room = tab.height() - tab.trend.mapTo(tab, tab.trend.rect().topLeft()).y()
    assert tab.trend.height() >= min(TREND_MOST, room - 20)

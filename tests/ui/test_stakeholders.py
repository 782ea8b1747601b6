"""Stakeholder mapping in the window: the grid, the keyboard, files and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from alliance_desk.core import wall
from alliance_desk.core.people import Side
from alliance_desk.store import contact_log, portfolio, stakeholder_ratings, stakeholders
from alliance_desk.ui.stakeholders.columns import (
    INTERACTION_COLUMNS,
    PEOPLE_COLUMNS,
    person_lines,
)
from alliance_desk.ui.stakeholders.grid import cell_centre
from alliance_desk.ui.table_model import RowTableModel
from tests.helpers import teammate

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def view(demo_window):
    """The Stakeholders section showing the demo's biggest alliance."""
    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("stakeholders")
    return demo_window.stakeholders


def person(view, name: str):
    return next(
        s
        for s in stakeholders.list_stakeholders(view.desk.store, view.desk.alliance_id)
        if s.name == name
    )


def drag(grid, start: QPointF, end: QPointF) -> None:
    """Press, move and release the left button on the grid, as a mouse would."""
    viewport = grid.viewport()
    middle, last = grid.mapFromScene((start + end) / 2), grid.mapFromScene(end)
    points = [grid.mapFromScene(start), middle, last, last]
    kinds = [
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonRelease,
    ]
    for kind, point in zip(kinds, points, strict=True):
        buttons = (
            Qt.MouseButton.NoButton
            if kind is QEvent.Type.MouseButtonRelease
            else Qt.MouseButton.LeftButton
        )
        event = QMouseEvent(
            kind,
            QPointF(point),
            QPointF(viewport.mapToGlobal(point)),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)


def test_models_pass_qtmodeltester(qtmodeltester, view) -> None:
    """The people and contact-log models obey Qt's model contract, sorted and filtered."""
    people = stakeholders.list_stakeholders(view.desk.store, view.desk.alliance_id)
    model = RowTableModel(PEOPLE_COLUMNS)
    model.set_rows(person_lines(people, wall.today()))
    qtmodeltester.check(model)
    model.sort(10, Qt.SortOrder.DescendingOrder)
    model.set_filter("partner")
    qtmodeltester.check(model)
    log = RowTableModel(INTERACTION_COLUMNS)
    log.set_rows(contact_log.interactions(view.desk.store, view.desk.alliance_id))
    qtmodeltester.check(log)
    assert log.rowCount() > 0


def test_grid_shows_everyone_with_counterpart_lines(view) -> None:
    people = stakeholders.list_stakeholders(view.desk.store, view.desk.alliance_id)
    assert set(view.grid.markers) == {s.id for s in people}
    pairs = {tuple(sorted((s.id, o))) for s in people for o in s.counterpart_ids}
    assert len(view.grid.lines) == len(pairs) > 0
    view.lines_toggle.setChecked(False)
    assert not any(line.isVisible() for line, _, _ in view.grid.lines)


def test_drag_a_marker_rerates_and_undo_restores(view, qtbot) -> None:
    """Dragging Daniel from power 3 / interest 2 to 5 / 5 stores a new dated rating; undo
    takes it back, on the grid and in the file."""
    daniel = person(view, "Daniel Brooks")
    assert (daniel.details.power, daniel.details.interest) == (3, 2)
    marker = view.grid.markers[daniel.id]
    drag(view.grid, marker.pos(), cell_centre(5, 5))
    qtbot.waitUntil(lambda: view.desk.undo_stack.count() == 1)
    moved = person(view, "Daniel Brooks")
    assert (moved.details.power, moved.details.interest) == (5, 5)
    history = stakeholder_ratings.rating_history(view.desk.store, daniel.id)
    assert [(r.power, r.interest) for r in history] == [(3, 2), (5, 5)]
    assert view.grid.markers[daniel.id].stakeholder.details.power == 5
    assert view.panel.stakeholder.id == daniel.id  # still selected after the redraw
    view.desk.undo_stack.undo()
    back = person(view, "Daniel Brooks")
    assert (back.details.power, back.details.interest) == (3, 2)
    assert len(stakeholder_ratings.rating_history(view.desk.store, daniel.id)) == 1


def test_drop_in_the_same_cell_changes_nothing(view) -> None:
    daniel = person(view, "Daniel Brooks")
    marker = view.grid.markers[daniel.id]
    drag(view.grid, marker.pos(), marker.pos() + QPointF(20, 10))
    assert view.desk.undo_stack.count() == 0
    assert view.grid.markers[daniel.id].pos() == view.grid.markers[daniel.id].home


def test_log_an_interaction_from_the_keyboard(view, qtbot) -> None:
    """Select a person, Ctrl+I, type the note, Ctrl+Enter: logged with that person, undoable."""
    hannah = person(view, "Hannah Weiss")
    view.select(hannah.id)
    view.table.setFocus()

    seen: list[list[int]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            seen.append(dialog.chosen_people())
            qtbot.keyClicks(dialog.note, "Agreed to meet before the JSC")
            qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        finally:
            if dialog.isVisible():  # never leave a modal dialog blocking the suite
                dialog.reject()

    QTimer.singleShot(0, answer)
    qtbot.keyClick(view.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert seen == [[hannah.person.id]]
    latest = contact_log.interactions(view.desk.store, view.desk.alliance_id, hannah.person.id)
    assert latest[0].note == "Agreed to meet before the JSC"
    assert person(view, "Hannah Weiss").last_contact == latest[0].occurred_on
    view.desk.undo_stack.undo()
    again = contact_log.interactions(view.desk.store, view.desk.alliance_id, hannah.person.id)
    assert "Agreed to meet before the JSC" not in [i.note for i in again]


def test_needs_attention_lists_gaps_and_opens_the_person(view) -> None:
    texts = view.gaps.texts()
    assert any(t.startswith("No counterpart · Hannah Weiss") for t in texts)
    assert any(t.startswith("No contact plan · Hannah Weiss") for t in texts)
    # what to do, not why again ("No counterpart on our side: Pair them…" was cut at 1440)
    assert any(
        t.startswith("No contact plan · Hannah Weiss") and t.endswith("— Set a cadence")
        for t in texts
    )
    assert any(
        t.startswith("No counterpart · Hannah") and t.endswith("— Pair them with someone")
        for t in texts
    )
    why = view.gaps.model.index(texts.index(next(t for t in texts if "No contact plan" in t)), 1)
    assert "High power, no communication plan" in why.data(Qt.ItemDataRole.ToolTipRole)
    assert any(t.startswith("Call overdue") or t.startswith("Call due") for t in texts)
    row = next(r for r, t in enumerate(texts) if "Hannah" in t)
    view.gaps.table.doubleClicked.emit(view.gaps.model.index(row, 0))
    assert view.panel.stakeholder.name == "Hannah Weiss"


def test_side_filter_hides_the_other_side(view) -> None:
    view.side_filter.setCurrentIndex(view.side_filter.findData(Side.PARTNER))
    visible = {m.stakeholder.side for m in view.grid.markers.values() if m.isVisible()}
    assert visible == {Side.PARTNER}
    assert {line.stakeholder.side for line in view.model.visible_rows()} == {Side.PARTNER}


def test_edit_a_person_in_the_panel_and_undo(view, qtbot) -> None:
    laura = person(view, "Laura Nieminen")
    view.select(laura.id)
    title = view.panel.form.title
    title.selectAll()
    qtbot.keyClicks(title, "Chief Regulatory Officer")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert person(view, "Laura Nieminen").person.title == "Chief Regulatory Officer"
    view.panel.form.power.setValue(5)  # a rating change from the form is a dated rating too
    assert len(stakeholder_ratings.rating_history(view.desk.store, laura.id)) == 2
    view.desk.undo_stack.undo()
    view.desk.undo_stack.undo()
    restored = person(view, "Laura Nieminen")
    assert restored.person.title == laura.person.title and restored.details.power == 4
    assert len(stakeholder_ratings.rating_history(view.desk.store, laura.id)) == 1


def test_a_custom_cadence_is_typed_and_shown_in_words(view, qtbot) -> None:
    """The custom cadence asked for an iCalendar rule ("FREQ=WEEKLY;INTERVAL=3"): it is now
    typed as people say it, kept as the rule calendars read, and shown again in words."""
    from alliance_desk.core.cadence import Cadence

    laura = person(view, "Laura Nieminen")
    view.select(laura.id)
    form = view.panel.form
    form.cadence.setCurrentIndex(form.cadence.findData(Cadence.CUSTOM))
    form.cadence_rule.selectAll()
    qtbot.keyClicks(form.cadence_rule, "every other week")
    qtbot.keyClick(form.cadence_rule, Qt.Key.Key_Return)
    saved = person(view, "Laura Nieminen").details
    assert (saved.cadence, saved.cadence_rule) == (Cadence.CUSTOM, "FREQ=WEEKLY;INTERVAL=2")
    view.select(person(view, "Hannah Weiss").id)
    view.select(laura.id)
    assert form.cadence_rule.text() == "every 2 weeks"
    undo_count = view.desk.undo_stack.count()
    form.cadence_rule.setFocus()
    qtbot.keyClick(form.cadence_rule, Qt.Key.Key_Return)  # unchanged in words: nothing saved
    assert view.desk.undo_stack.count() == undo_count


def test_the_custom_rule_is_open_to_typing_for_the_custom_cadence_only(view) -> None:
    """A rule typed beside "No plan" or "Monthly" counted for nothing and was dropped on
    saving, without a word: the line takes typing only while the cadence is custom."""
    from alliance_desk.core.cadence import Cadence
    from alliance_desk.ui.stakeholders.dialogs import PersonForm

    for form in (PersonForm(), view.panel.form):
        if form is view.panel.form:
            view.select(person(view, "Laura Nieminen").id)
        for cadence in Cadence:
            form.cadence.setCurrentIndex(form.cadence.findData(cadence))
            assert form.cadence_rule.isEnabled() == (cadence is Cadence.CUSTOM), cadence
    assert not PersonForm().cadence_rule.isEnabled()  # a new person: "No plan"


def test_pair_from_the_panel(view) -> None:
    hannah = person(view, "Hannah Weiss")
    view.select(hannah.id)
    combo = view.panel.pair_with
    combo.setCurrentIndex(combo.findText("Pair with Daniel Brooks"))
    view.panel.pair_button.click()
    daniel = person(view, "Daniel Brooks")
    assert person(view, "Hannah Weiss").counterpart_ids == (daniel.id,)
    view.desk.undo_stack.undo()
    assert person(view, "Hannah Weiss").counterpart_ids == ()


def test_import_good_file_then_bad_file(view, tmp_path: Path, messages) -> None:
    """A clean file adds everyone at once (one undo step); a file with one bad row adds no one
    and says which row and column."""
    before = len(view.people)
    good = tmp_path / "people.csv"
    rows = ["name;side;power;interest;stance"] + [
        f"Person {i};partner;{i % 5 + 1};3;neutral" for i in range(40)
    ]
    good.write_bytes(("\ufeff" + "\r\n".join(rows)).encode("utf-8"))
    view.import_csv(str(good))
    assert len(view.people) == before + 40
    bad = tmp_path / "bad.csv"
    bad.write_text("name,side,power\nNew One,partner,3\nNew Two,partner,9\n", encoding="utf-8")
    view.import_csv(str(bad))
    assert len(view.people) == before + 40
    assert messages and "row 3, column “power”" in messages[-1][1]
    view.desk.undo_stack.undo()
    assert len(view.people) == before


def test_export_then_import_into_another_alliance(view, tmp_path: Path) -> None:
    """Exported people import cleanly elsewhere with the same ratings and stances."""
    out = tmp_path / "halo.csv"
    view.export_csv(str(out))
    source = {(s.name, s.details.power, s.details.stance) for s in view.people}
    empty = portfolio.create_alliance(
        view.desk.store, __import__("tests.helpers", fromlist=["draft"]).draft()
    )
    view.desk.select_alliance(empty.id)
    assert view.pages.currentWidget() is view.nobody
    view.import_csv(str(out))
    assert {(s.name, s.details.power, s.details.stance) for s in view.people} == source


def test_save_grid_as_png(view, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "grid.png"
    view.save_png(str(out))
    image = QImage(str(out))
    assert not image.isNull() and image.width() >= 800


def test_no_alliance_chosen_offers_the_list(demo_window) -> None:
    demo_window.show_section("stakeholders")
    view = demo_window.stakeholders
    assert view.pages.currentWidget() is view.choose
    item = view.choose.list.item(0)
    view.choose.list.itemClicked.emit(item)
    assert demo_window.desk.alliance_id == item.data(Qt.ItemDataRole.UserRole)
    assert view.pages.currentIndex() == 0


def test_a_person_edited_elsewhere_is_not_overwritten_from_the_panel(view, messages) -> None:
    """A teammate retitles Laura first: my panel edit is refused with a message, my typing
    stays in the field, and saving again (now knowingly) replaces theirs."""
    from dataclasses import replace

    laura = person(view, "Laura Nieminen")
    view.select(laura.id)
    with teammate(view.desk.store) as other:
        theirs = stakeholders.get_stakeholder(other, laura.id)
        stakeholders.edit_person(
            other,
            laura.id,
            replace(theirs.person.draft(), title="Theirs"),
            theirs.details,
            expected_version=(theirs.person.version, theirs.version),
        )
    view.panel.form.title.setText("Mine")
    view.panel.save()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert view.panel.form.title.text() == "Mine"
    assert person(view, "Laura Nieminen").person.title == "Theirs"
    assert view.desk.undo_stack.count() == 0
    view.panel.save()
    assert person(view, "Laura Nieminen").person.title == "Mine"


def test_a_drag_on_a_stale_grid_is_refused_and_the_grid_catches_up(view, qtbot, messages):
    """A teammate re-rated Daniel after my grid was drawn: my drag is refused, nothing is
    recorded, and the grid redraws him where the teammate put him."""
    daniel = person(view, "Daniel Brooks")
    with teammate(view.desk.store) as other:
        stakeholder_ratings.rate(other, daniel.id, 4, 4)
    marker = view.grid.markers[daniel.id]
    drag(view.grid, marker.pos(), cell_centre(5, 5))
    qtbot.waitUntil(lambda: bool(messages))
    assert "Their version is shown now" in messages[-1][1]
    assert view.desk.undo_stack.count() == 0
    now = person(view, "Daniel Brooks")
    assert (now.details.power, now.details.interest) == (4, 4)
    assert view.grid.markers[daniel.id].stakeholder.details.power == 4


def test_undo_of_a_rerating_never_removes_a_teammates_later_one(view, qtbot, messages):
    daniel = person(view, "Daniel Brooks")
    drag(view.grid, view.grid.markers[daniel.id].pos(), cell_centre(5, 5))
    qtbot.waitUntil(lambda: view.desk.undo_stack.count() == 1)
    with teammate(view.desk.store) as other:
        stakeholder_ratings.rate(other, daniel.id, 1, 1)
    view.desk.undo_stack.undo()
    assert messages and "was not undone" in messages[-1][1]
    now = person(view, "Daniel Brooks")
    assert (now.details.power, now.details.interest) == (1, 1)


def test_a_person_hidden_by_the_filter_is_no_longer_selected(view, qtbot) -> None:
    """Filtering to "Hannah" with Laura selected lets Laura go: Ctrl+I never ticks her."""
    laura = person(view, "Laura Nieminen")
    view.select(laura.id)
    assert view.current() is not None
    view.text_filter.setText("Hannah")
    assert view.current() is None
    assert not view.table.selectionModel().hasSelection()
    assert view.grid.selected_id() is None

    seen: list[list[int]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        seen.append(dialog.chosen_people())
        dialog.reject()

    view.table.setFocus()
    QTimer.singleShot(0, answer)
    qtbot.keyClick(view.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    visible = {line.stakeholder.person.id for line in view.model.visible_rows()}
    assert laura.person.id not in seen[0]
    assert set(seen[0]) <= visible  # focusing the list may select its first visible person
    view.text_filter.setText("Laura")  # still shown when the filter keeps them
    view.select(laura.id)
    view.text_filter.setText("Nieminen")
    assert view.current().id == laura.id


def test_the_contact_log_is_newest_first_with_every_note_in_full(view) -> None:
    """Selecting a contact shows its whole note; the person's own list shows each note in
    full, newest first, with the full text as its tooltip."""
    from alliance_desk.core.stakeholders import validate_interaction

    laura = person(view, "Laura Nieminen")
    note = "First line of the call.\nSecond line: they want the filing plan by Friday.\nThird."
    contact_log.log_interaction(
        view.desk.store,
        view.desk.alliance_id,
        validate_interaction(
            {"occurred_on": wall.today(), "person_ids": [laura.person.id], "note": note}
        ),
    )
    view.reload()
    rows = view.log_model.visible_rows()
    days = [i.occurred_on for i in rows]
    assert days == sorted(days, reverse=True) and rows[0].note == note
    view.log_table.selectRow(0)
    assert note in view.log_note.text()
    view.select(laura.id)
    first = view.panel.contacts.item(0)
    assert note in first.text() and first.toolTip() == first.text()


def test_on_all_alliances_the_chooser_opens_the_alliance_picked(demo_window, qtbot) -> None:
    """Stakeholders on "All alliances" lists the alliances whole (no sideways scroll, no
    empty box under them); the Open button takes the one selected, as Enter and a click do."""
    window = demo_window
    window.desk.select_alliance(None)
    window.show_section("stakeholders")
    chooser = window.stakeholders.choose
    qtbot.waitUntil(chooser.isVisible)
    names = [a.id for a in portfolio.list_alliances(window.desk.store)]
    assert chooser.list.count() == len(names)
    assert (
        chooser.list.height()
        <= sum(chooser.list.sizeHintForRow(row) for row in range(chooser.list.count()))
        + 2 * chooser.list.frameWidth()
        + 2
    )
    chooser.list.setCurrentRow(2)
    chooser.open_button.click()
    assert window.desk.alliance_id == names[2]


@pytest.mark.parametrize(
    ("name", "room", "label"),
    [
        ("김민준 (Kim Min-jun)", "김민준 (Kim", "김민준"),
        ("佐藤 健一 (Kenichi Sato)", "佐藤 健一 (Ke", "佐藤 健一"),
        ("Kwame Nkrumah-Asante", "Kwame N.", "Kwame N."),
        ("Daniel Brooks", "Daniel Brooks", "Daniel Brooks"),
        ("Dr. Samuel Achebe", "Samuel Achebe", "Samuel Achebe"),  # was "Dr. A."
        ("Dr. Samuel Achebe", "Samuel A.", "Samuel A."),
    ],
)
def test_a_name_too_long_for_the_grid_drops_its_transliteration_before_its_surname(
    qapp, name, room, label
) -> None:
    """On the map "김민준 (Kim Min-jun)" was shortened to "김민준 M.", the initial of its
    transliteration; a bracketed part goes first, then the surname becomes an initial."""
    from PySide6.QtGui import QFontMetricsF

    from alliance_desk.ui.stakeholders.grid import short_label

    metrics = QFontMetricsF(qapp.font())
    assert short_label(name, metrics, metrics.horizontalAdvance(room) + 1) == label


def test_a_new_person_starts_at_the_stores_defaults_not_the_first_of_each_list(qtbot) -> None:
    """Add person preset Stance to Champion (the first in its list) and Channel to In person,
    where a person added any other way is neutral, met by video: one set of defaults."""
    from dataclasses import asdict

    from alliance_desk.core.stakeholders import StakeholderDraft
    from alliance_desk.ui.stakeholders.dialogs import AddPersonDialog

    dialog = AddPersonDialog([])
    qtbot.addWidget(dialog)
    dialog.form.name.setText("Ana Lima")
    checked = dialog.form.validated()
    assert checked is not None
    _person, details = checked
    assert details == StakeholderDraft()
    assert asdict(details)["stance"].value == "neutral"
    assert dialog.form.stance.currentText() == "Neutral"


def test_a_counterpart_line_passes_under_the_names_it_crosses(view) -> None:
    """On the demo's map dashed counterpart lines ran through "Tomás Ferreira", "Marco
    Bellini" and others: each name is drawn on the grid's colour, so its letters read the same with
    counterpart lines shown or hidden."""
    from PySide6.QtCore import QRect

    grid, scale = view.grid, 2.0
    names = [marker.label for marker in grid.markers.values()]
    for name in names:
        name.fit(None)  # as in the picture: in scene units
    boxes = {name.full: name.mapRectToScene(name.boundingRect()) for name in names}
    crossed = set()
    for line, _a, _b in grid.lines:
        if not line.isVisible():
            continue
        ends = line.mapToScene(line.line().p1()), line.mapToScene(line.line().p2())
        points = [ends[0] + (ends[1] - ends[0]) * (i / 400) for i in range(401)]
        crossed |= {full for full, box in boxes.items() if any(box.contains(p) for p in points)}
    assert {"Tomás Ferreira", "Marco Bellini"} <= crossed, crossed
    with_lines = grid.to_image(scale)
    view.lines_toggle.setChecked(False)
    without = grid.to_image(scale)
    for full in crossed:
        box = boxes[full]
        pixels = QRect(
            round(box.left() * scale) + 3,
            round(box.top() * scale) + 3,
            round(box.width() * scale) - 6,
            round(box.height() * scale) - 6,
        )
        assert with_lines.copy(pixels) == without.copy(pixels), full


def test_the_undo_of_a_logged_contact_names_its_day_as_lists_do(view) -> None:
    """Edit › Undo read "Undo Log call of 2026-12-06" beside "…to Mon 7 Dec" for a snooze:
    a day is written as the lists write it."""
    from alliance_desk.core.dates import shown
    from alliance_desk.core.stakeholders import validate_interaction
    from alliance_desk.ui.stakeholders.commands import LogInteractionCommand

    daniel = person(view, "Daniel Brooks")
    draft = validate_interaction(
        {"kind": "call", "occurred_on": wall.today().isoformat(), "person_ids": [daniel.person.id]}
    )
    view.desk.run(LogInteractionCommand(view.desk, view.desk.alliance_id, draft))
    text = view.desk.undo_stack.undoText()
    assert text == f"Log call of {shown(wall.today())}", text
    assert wall.today().isoformat() not in text


def test_add_person_names_its_alliance_and_asks_who_as_a_row_of_its_form(
    demo_window, qtbot
) -> None:
    """Add person said "to this alliance" in its title and put "Who" above a combo as wide as
    the dialog, the only field not in line with the others; every other Add dialog names
    its alliance in a line at the top."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel

    from alliance_desk.store import portfolio
    from alliance_desk.ui.stakeholders.dialogs import AddPersonDialog, add_person
    from tests.helpers import answer_dialog

    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name.startswith("HALO-7"))
    seen: dict[str, object] = {}

    def look(dialog: AddPersonDialog) -> None:
        dialog.resize(700, dialog.height())
        qtbot.waitUntil(lambda: dialog.form.name.isVisible())
        seen["lines"] = [label.text() for label in dialog.findChildren(QLabel)]
        seen["title"] = dialog.windowTitle()

        def left(widget) -> int:
            return widget.mapTo(dialog, QPoint(0, 0)).x()

        seen["lefts"] = (left(dialog.existing), left(dialog.form.name))
        dialog.reject()

    answer_dialog(qtbot, look)
    add_person(demo_window.desk, demo_window, halo.id)
    assert f"For {halo.name}" in seen["lines"]
    assert seen["title"] == "Add a person"
    who, name = seen["lefts"]
    assert who == name  # the person chosen lines up with the fields below


def test_choosing_an_alliance_here_selects_its_first_person(demo_window, qtbot) -> None:
    """Choosing an alliance while on Stakeholders left nobody selected and half the section
    blank ("Select a person…"), where coming to the section selected the first person, as
    every register selects its first row."""
    from alliance_desk.store import portfolio

    store = demo_window.desk.store
    halo, asia = (
        next(a for a in portfolio.list_alliances(store) if a.name.startswith(start))
        for start in ("HALO-7", "Asia")
    )
    demo_window.desk.select_alliance(None)
    demo_window.show_section("stakeholders")
    view = demo_window.stakeholders
    for alliance in (halo, asia):  # from the chooser, then from another alliance's people
        demo_window.desk.select_alliance(alliance.id)
        qtbot.waitUntil(lambda a=alliance: view.alliance_name == a.name)
        first = view.model.row_at(0).stakeholder
        assert view.current() is not None and view.current().id == first.id
        assert view.table.currentIndex().row() == 0

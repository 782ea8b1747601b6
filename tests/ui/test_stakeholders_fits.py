"""The people list stays useful on a laptop: at 1024×700 and 1440×900 it shows ten people or
more at once, whether or not someone is selected, while the selected person's name and the
actions on them stay in view above their scrolling details."""

from __future__ import annotations

import pytest

from alliance_desk.store import portfolio
from tests.ui.test_fits import SIZES, problems, settle

HALO = "HALO-7 oncology co-development"


def rows_in_view(table) -> int:
    """How many whole rows the list shows without scrolling."""
    return table.viewport().height() // table.rowHeight(0)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_people_list_shows_ten_people_or_more(demo_window, size) -> None:
    window = demo_window
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    window.show_section("stakeholders")
    window.resize(*size)
    settle()
    view = window.view("stakeholders")
    assert view.model.rowCount() > 10, "the demo alliance has more people than ten"
    assert rows_in_view(view.table) >= 10, "with nobody selected"
    view.select(view.people[0].id)
    settle()
    assert rows_in_view(view.table) >= 10, "with a person's details shown below"
    panel = view.panel
    for widget in (panel.title, panel.log_button, panel.onboard_button):
        corner = widget.mapTo(window, widget.rect().bottomRight())
        assert widget.isVisible() and corner.y() < window.height() and corner.x() < window.width()
    assert panel.details.isVisible() and panel.details.viewport().height() >= 40
    assert not problems(window, "a person selected"), "nothing of the details is cut"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_grids_words_are_readable_and_apart(demo_window, size) -> None:
    """However small the grid is drawn, its names, titles and numbers are at the desktop's
    font size on screen (they were 6 pixels tall at 1024×700), inside the grid, and none
    covers another; a picture of the grid still draws them at its own scale."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication

    from alliance_desk.ui.stakeholders.caption import Caption

    window = demo_window
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    window.show_section("stakeholders")
    window.resize(*size)
    window.show()
    settle()
    grid = window.view("stakeholders").grid
    smallest = QFontInfo(QApplication.font()).pixelSize() * 0.9
    viewport = grid.viewport().rect()
    boxes = []
    for item in grid.scene().items():
        if not isinstance(item, Caption) or not item.isVisible():
            continue
        box = item.deviceTransform(grid.viewportTransform()).mapRect(item.boundingRect())
        assert item.font.pixelSize() >= smallest - 0.5, item.text
        assert viewport.contains(box.toAlignedRect()), f"{item.text!r} is cut"
        boxes.append((item.text, box))
    assert len(boxes) >= 11 + 4 + 10 + 2, "names, quadrant titles, numbers, axis titles"
    crowded = [
        (a, b)
        for i, (a, box) in enumerate(boxes)
        for b, other in boxes[i + 1 :]
        if box.adjusted(1, 1, -1, -1).intersects(other)
    ]
    assert not crowded
    picture = grid.to_image(scale=2.0)
    assert picture.width() > 1000
    assert all(  # back on screen after the picture
        item.font.pixelSize() >= smallest - 0.5
        for item in grid.scene().items()
        if isinstance(item, Caption)
    )


def test_the_contact_log_reads_out_the_newest_contact(demo_window) -> None:
    """The pane under the contact log is never blank: it shows the newest contact in full."""
    window = demo_window
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    window.show_section("stakeholders")
    settle()
    view = window.view("stakeholders")
    newest = max(view.log_model.all_rows(), key=lambda i: i.occurred_on)
    assert view.log_table.currentIndex().row() == 0
    assert newest.note and newest.note in view.log_note.text()


def test_logging_a_contact_shows_who_is_ticked_and_eight_people_whole(qtbot) -> None:
    """The "With" list of Log an interaction shows eight people whole (it showed three and a
    half), the ticked ones first even when they come last by name."""
    from alliance_desk.ui.stakeholders.dialogs import LogInteractionDialog

    people = [(n, f"Person {n:02d} (Partner)") for n in range(1, 13)]
    dialog = LogInteractionDialog(people, {12})
    qtbot.addWidget(dialog)
    dialog.show()
    settle()
    shown = dialog.people
    assert shown.viewport().height() >= sum(shown.sizeHintForRow(r) for r in range(8))
    first = shown.item(0)
    assert first.text() == "Person 12 (Partner)" and first.checkState().name == "Checked"
    assert dialog.chosen_people() == [12]
    assert dialog.height() <= 700 - 60, "the dialog fits a 1024×700 screen with its frame"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_needs_attention_is_a_list_to_scan_and_enter_opens_the_person(
    demo_window, qtbot, size
) -> None:
    """One thing per row — the person, why, since or by when, what to do — with the person
    and why on screen whole, each person's overdue contact listed once; Enter on a row opens
    that person on the People tab."""
    from PySide6.QtCore import Qt

    window = demo_window
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name == HALO)
    window.desk.select_alliance(halo.id)
    window.show_section("stakeholders")
    window.resize(*size)
    view = window.view("stakeholders")
    view.tabs.setCurrentWidget(view.gaps)
    settle()
    table, model = view.gaps.table, view.gaps.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert titles[:3] == ["Person", "Why", "When"]
    assert model.rowCount() >= 8
    assert table.rowHeight(0) < 2 * table.fontMetrics().height() + 8, "one line per row"
    lines = model.visible_rows()
    overdue = [(line.stakeholder_id, line.late) for line in lines if line.when and line.late]
    assert len(overdue) == len(set(overdue)), "an overdue contact is listed once per person"
    for column in range(3):
        assert not table.isColumnHidden(column)
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert right <= table.viewport().width()
        for row in range(model.rowCount()):
            text = model.index(row, column).data()
            assert table.fontMetrics().horizontalAdvance(text) <= table.columnWidth(column), text
    late = next(r for r, line in enumerate(lines) if line.late)
    assert model.index(late, 2).data().endswith(" late")
    assert not table.isColumnHidden(2), "when it fell due shows beside the person"
    row = max(r for r, line in enumerate(lines) if line.name != lines[0].name)
    table.setFocus()
    table.setCurrentIndex(model.index(row, 0))
    # the chosen line whole under the list, whatever the columns left out
    detail = view.gaps.detail
    assert detail.isVisible() and detail.wordWrap()
    why = lines[row].about or lines[row].why  # why whole: the column says it in a word or two
    assert detail.text().startswith(f"{lines[row].name} — {why}")
    assert detail.text().endswith(f"What to do: {lines[row].todo}")
    assert detail.geometry().right() <= view.gaps.width()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert view.tabs.currentIndex() == 0
    assert view.panel.stakeholder.id == lines[row].stakeholder_id

"""Which alliance? — asked when a record is added on "All alliances"."""

from __future__ import annotations

from PySide6.QtCore import Qt

from alliance_desk.store import portfolio
from alliance_desk.ui.alliance_picker import AlliancePicker


def test_every_alliance_shows_whole_when_the_picker_opens(demo_store, qtbot) -> None:
    """At 560 × 380 the picker showed five and a half of the demo's seven alliances and cut
    the first name ("Asia licensing of Halcyon immunology portf…")."""
    alliances = portfolio.list_alliances(demo_store)
    assert len(alliances) == 7
    dialog = AlliancePicker(alliances, "An escalation belongs to one alliance.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.search.table
    model = table.model()
    last = table.visualRect(model.index(model.rowCount() - 1, 0))
    assert last.bottom() <= table.viewport().height(), (last, table.viewport().height())
    # the widest name with the cell's own margins, as Qt measures a column to fit it
    assert table.sizeHintForColumn(0) <= table.columnWidth(0)
    right = table.columnViewportPosition(2) + table.columnWidth(2)
    assert right <= table.viewport().width()  # the tier column too, without scrolling


def _named(dialog: AlliancePicker) -> str | None:
    current = dialog.search.current()
    return current.name if current is not None else None


def test_enter_picks_no_alliance_the_user_did_not_point_at(demo_store, qtbot) -> None:
    """The first alliance in the alphabet was current when the picker opened, so a quick
    Enter filed a new record under "Asia licensing …" whatever the user was looking at.
    With no record behind it, none is current and Choose waits; typing picks the best
    match, and clearing the line picks none again."""
    alliances = portfolio.list_alliances(demo_store)
    dialog = AlliancePicker(alliances, "An escalation belongs to one alliance.")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _named(dialog) is None and not dialog.choose_button.isEnabled()
    qtbot.keyClick(dialog.search.line, Qt.Key.Key_Return)
    assert dialog.chosen is None and dialog.isVisible()
    qtbot.keyClicks(dialog.search.line, "kestrel")  # the partner's name
    assert _named(dialog) == "HALO-7 oncology co-development"
    assert dialog.choose_button.isEnabled()
    dialog.search.line.clear()
    assert _named(dialog) is None and not dialog.choose_button.isEnabled()
    qtbot.keyClick(dialog.search.line, Qt.Key.Key_Down)  # the arrow keys reach the list
    assert _named(dialog) == alliances[0].name and dialog.choose_button.isEnabled()


def test_the_alliance_of_the_record_behind_is_the_one_enter_picks(demo_store, qtbot) -> None:
    alliances = portfolio.list_alliances(demo_store)
    halo = next(a for a in alliances if a.name.startswith("HALO-7"))
    dialog = AlliancePicker(alliances, "A meeting belongs to one alliance.", suggested=halo.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _named(dialog) == halo.name
    qtbot.keyClick(dialog.search.line, Qt.Key.Key_Return)
    assert dialog.chosen == halo.id


def test_a_new_risk_on_all_alliances_suggests_the_selected_risk_s_alliance(
    demo_window, qtbot
) -> None:
    from tests.helpers import answer_dialog

    demo_window.desk.select_alliance(None)
    demo_window.show_section("risks")
    tab = demo_window.risks.risks
    tab.reload()
    assert tab.current is not None
    suggested: list[str | None] = []

    def look(dialog) -> None:
        assert isinstance(dialog, AlliancePicker)
        suggested.append(_named(dialog))
        dialog.reject()

    answer_dialog(qtbot, look)
    tab.add()
    names = {a.id: a.name for a in portfolio.list_alliances(demo_window.desk.store)}
    assert suggested == [names[tab.current.alliance_id]]

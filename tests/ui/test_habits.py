"""Habits in the window: checking in, automatic credits, the review prompt, undo."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from alliance_desk.core import wall
from alliance_desk.core.habits import HabitSummary, week_start
from alliance_desk.core.stakeholders import validate_interaction
from alliance_desk.store import contact_log, habits, portfolio, stakeholders
from alliance_desk.ui.habits.dialogs import LAST_PROMPT
from alliance_desk.ui.habits.view import COLUMNS
from alliance_desk.ui.table_model import RowTableModel
from tests.helpers import answer_dialog

TODAY = wall.today()
MONDAY = week_start(TODAY)


def line(view, key: str) -> HabitSummary:
    return next(entry for entry in view.lines if entry.habit.key == key)


def test_model_passes_qtmodeltester(qtmodeltester, demo_window) -> None:
    demo_window.show_section("habits")
    model = RowTableModel(COLUMNS)
    model.set_rows(demo_window.habits.lines)
    qtmodeltester.check(model)
    assert model.rowCount() == 7


def test_check_in_from_the_keyboard_and_undo(demo_window, qtbot) -> None:
    demo_window.show_section("habits")
    view = demo_window.habits
    view.select("bridge")
    before = line(view, "bridge").count

    def fill(dialog) -> None:
        assert dialog.form.fields["habit"].currentData() == "bridge"
        qtbot.keyClicks(dialog.form.fields["note"], "Explained their governance model to legal")
        dialog.form.fields["minutes"].setValue(40)
        dialog.accept()

    seen = answer_dialog(qtbot, fill)
    view.table.setFocus()
    qtbot.keyClick(
        view.table,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seen and seen[0] is not None
    assert line(view, "bridge").count == before + 1
    assert line(view, "bridge").minutes >= 40
    demo_window.desk.undo_stack.undo()
    assert line(view, "bridge").count == before


def test_logging_an_interaction_credits_engaging_stakeholders_once(demo_window) -> None:
    """Recorded work fills the habit without ticking twice; the credit can be taken away."""
    demo_window.show_section("habits")
    store = demo_window.desk.store
    view = demo_window.habits
    before = line(view, "engage").count
    alliance = portfolio.list_alliances(store)[0]
    person = stakeholders.list_stakeholders(store, alliance.id)[0].person.id
    contact_log.log_interaction(
        store,
        alliance.id,
        validate_interaction({"occurred_on": TODAY, "person_ids": [person], "note": "Quick call"}),
    )
    demo_window.desk.refresh_all()
    assert line(view, "engage").count == before + 1
    model = view.checkins_model
    row = model.find(lambda listed: listed.checkin.note == "Interaction: Quick call")
    assert model.index(row, 4).data() == "auto" and model.index(row, 3).data() == alliance.name
    assert model.index(row, 1).data() == "Manage and engage stakeholders"
    view.checkins.setCurrentIndex(model.index(row, 0))
    view.remove_checkin()
    assert line(view, "engage").count == before
    demo_window.desk.undo_stack.undo()
    assert line(view, "engage").count == before + 1


def test_target_change_and_pause(demo_window) -> None:
    demo_window.show_section("habits")
    view = demo_window.habits
    view.select("excellence")
    view.target.setValue(0)
    assert (
        next(h for h in habits.habits(demo_window.desk.store) if h.key == "excellence").target == 0
    )
    assert (
        "paused"
        in view.model.index(view.model.find(lambda e: e.habit.key == "excellence"), 1).data()
    )
    demo_window.desk.undo_stack.undo()
    assert (
        next(h for h in habits.habits(demo_window.desk.store) if h.key == "excellence").target == 1
    )


def test_week_navigation_and_heat_map(demo_window) -> None:
    demo_window.show_section("habits")
    view = demo_window.habits
    assert len(view.heat.rows) == 8 and all(len(values) == 52 for _, values in view.heat.rows)
    assert view.heat.rows[-1][0] == "All seven"
    view.move_week(-1)
    assert view.week == MONDAY - timedelta(weeks=1)
    view.move_week(0)
    assert view.week == MONDAY


def test_review_prompt_once_per_new_week(demo_window, settings, qtbot) -> None:
    view = demo_window
    settings.remove(LAST_PROMPT)
    assert view.prompt_review_if_due() is False  # a first start has no week to review
    settings.setValue(LAST_PROMPT, (MONDAY - timedelta(weeks=3)).isoformat())

    def fill(dialog) -> None:
        dialog.form.fields["went_well"].setPlainText("JSC prep on time")
        dialog.form.fields["focus"].setPlainText("Publish the pack")
        dialog.accept()

    seen = answer_dialog(qtbot, fill)
    assert view.prompt_review_if_due() is True
    assert seen and seen[0] is not None
    last_week = MONDAY - timedelta(weeks=1)
    assert habits.review(demo_window.desk.store, last_week) == (
        "JSC prep on time",
        "",
        "Publish the pack",
    )
    assert view.prompt_review_if_due() is False  # asked once this week


def test_export_checkins_csv(demo_window, tmp_path) -> None:
    demo_window.show_section("habits")
    out = tmp_path / "checkins.csv"
    demo_window.habits.export_csv(str(out))
    text = out.read_bytes().decode("utf-8-sig")
    assert text.startswith("date,habit,automatic,source,alliance,")
    assert "Publish your work,no" in text and ",yes,interaction," in text
    # an alliance by its name: its number meant nothing in a spreadsheet
    assert ",yes,interaction,HALO-7 oncology co-development," in text


def test_the_review_shows_the_weeks_facts_and_past_reviews_are_found_again(
    demo_window, qtbot
) -> None:
    """Beside the three boxes: the week's credits, contacts, items done, escalations
    resolved and calls missed. Saved reviews are listed in the Habits section, open from
    there, and any of them can be chosen inside the review."""
    demo_window.show_section("habits")
    view = demo_window.habits
    view.tabs.setCurrentIndex(1)
    listed = [view.reviews.item(r) for r in range(view.reviews.count())]
    weeks = [item.data(Qt.ItemDataRole.UserRole) for item in listed]
    assert weeks == sorted(weeks, reverse=True) and len(weeks) == 2  # the demo's two
    assert "Brief Hannah before the JSC" in listed[0].text()
    seen: list[tuple[str, str, str]] = []

    def look(dialog) -> None:
        facts = dialog.facts.text()
        for words in ("made for you by what you logged", "contacts logged", "onboarding items"):
            assert words in facts
        assert "escalations resolved" in facts and "your plans called for, not held" in facts
        assert "credits" not in facts and "calls missed" not in facts  # words that said nothing
        seen.append((dialog.week.isoformat(), dialog.form.values()["focus"], facts))
        older = dialog.days.index(weeks[1])
        dialog.weeks.setCurrentIndex(older)
        dialog.weeks.activated.emit(older)
        seen.append((dialog.week.isoformat(), dialog.form.values()["focus"], ""))
        dialog.reject()

    answer_dialog(qtbot, look)
    view.reviews.itemActivated.emit(listed[0])
    assert seen[0][:2] == (
        weeks[0].isoformat(),
        "Brief Hannah before the JSC; get the second CMO shortlist decided.",
    )
    assert seen[1][:2] == (weeks[1].isoformat(), "Block Thursday mornings for partner calls.")


def test_the_weeks_facts_count_what_happened(demo_window) -> None:
    """A contact logged and an escalation resolved this week show in this week's facts."""
    from alliance_desk.core.escalations import validate_resolution
    from alliance_desk.core.stakeholders import validate_interaction
    from alliance_desk.store import escalation_moves, escalations, portfolio, stakeholders

    store = demo_window.desk.store
    before = habits.week_facts(store, MONDAY)
    alliance = portfolio.list_alliances(store)[0]
    person = stakeholders.list_stakeholders(store, alliance.id)[0].person.id
    contact_log.log_interaction(
        store,
        alliance.id,
        validate_interaction({"occurred_on": wall.today(), "person_ids": [person], "note": "x"}),
    )
    issue = next(e for e in escalations.list_escalations(store) if e.status.active)
    escalation_moves.resolve(
        store,
        issue.id,
        validate_resolution({"root_cause": "a", "resolution": "b", "kind": "compromise"}),
    )
    after = habits.week_facts(store, MONDAY)
    assert (after.contacts, after.resolved) == (before.contacts + 1, before.resolved + 1)
    assert after.credits == before.credits + 2


def test_week_arrows_are_compact_buttons_with_keys(demo_window, qtbot) -> None:
    """◀ ▶ are small tool buttons (not 80-pixel push buttons) that say their keys, and
    Alt+Left / Alt+Right step the week from the keyboard."""
    demo_window.resize(1024, 700)
    demo_window.show()
    demo_window.show_section("habits")
    view = demo_window.habits
    demo_window.activateWindow()
    qtbot.waitActive(demo_window)
    names = ("Previous week", "Next week")
    arrows = [b for b in view.findChildren(QToolButton) if b.accessibleName() in names]
    assert len(arrows) == 2
    for button in arrows:
        assert button.isVisible() and button.width() <= 40
        assert "Alt+" in button.toolTip()
    qtbot.keyClick(demo_window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.week == MONDAY - timedelta(weeks=1))  # a shortcut animates
    qtbot.keyClick(demo_window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.week == MONDAY)


def test_the_year_fills_its_page_with_a_key(demo_window) -> None:
    """On a wide screen the 52 weeks are drawn in taller rows (not a strip over an empty
    page), and on either screen the month names and the key fit under them."""
    from tests.ui.test_fits import SIZES, settle

    demo_window.show()
    demo_window.show_section("habits")
    view = demo_window.habits
    view.tabs.setCurrentWidget(view.heat)
    heights = []
    for size in SIZES:
        demo_window.resize(*size)
        settle()
        heat = view.heat
        line = heat.fontMetrics().height()
        needed = len(heat.rows) * (heat.cell_height() + 3) + 4 + 2 * line + 12
        assert needed <= heat.height(), (size, needed, heat.height())
        heights.append(heat.cell_height())
    assert heights[0] >= heat.CELL and heights[-1] >= 20


def test_the_week_s_facts_start_their_words_in_one_column(demo_window, qtbot) -> None:
    """ "4 of 7  habits on target" and "6  credits earned" began their words at different
    places: the figures now have a column of their own."""
    from PySide6.QtGui import QTextDocument

    starts: list[float] = []

    def look(dialog) -> None:
        document = QTextDocument()
        document.setHtml(dialog.facts.text())
        document.setTextWidth(400)
        block, texts = document.begin(), []
        while block.isValid():
            if block.text().strip():
                texts.append((block.text(), document.documentLayout().blockBoundingRect(block)))
            block = block.next()
        words = [rect.left() for text, rect in texts if not text[0].isdigit()]
        figures = [text for text, _rect in texts if text[0].isdigit()]
        assert len(words) == len(figures) >= 6
        starts.extend(words)
        dialog.reject()

    demo_window.show_section("habits")
    view = demo_window.habits
    answer_dialog(qtbot, look)
    view.review(view.week)
    assert len(set(starts)) == 1, starts

"""Onboarding in the window: starting a plan, ticking, undo, moving the start, templates."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from alliance_desk.core import wall
from alliance_desk.core.onboarding import ItemStatus
from alliance_desk.store import checklists, governance, onboarding, portfolio, stakeholders
from alliance_desk.ui.onboarding import templates as onboarding_templates
from alliance_desk.ui.onboarding.view import PLAN_COLUMNS
from alliance_desk.ui.table_model import RowTableModel
from tests.helpers import answer_dialog, teammate

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def view(demo_window):
    demo_window.show_section("onboarding")
    return demo_window.onboarding


def test_plans_model_passes_qtmodeltester(qtmodeltester, view) -> None:
    model = RowTableModel(PLAN_COLUMNS)
    model.set_rows(onboarding.list_plans(view.desk.store))
    qtmodeltester.check(model)
    model.sort(4, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.rowCount() == 4


def test_start_onboarding_a_new_committee_member(view, qtbot) -> None:
    """From the stakeholder's alliance: his role is suggested from his roles, the committee
    checklist from the role, day one from the alliance's next committee meeting; Ctrl+Enter."""
    store = view.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    view.desk.select_alliance(halo.id)
    jonathan = next(
        s for s in stakeholders.list_stakeholders(store, halo.id) if s.name == "Jonathan Okafor"
    )
    jsc = next(
        m for m in governance.coming_meetings(store, wall.now(), None)
        if m.alliance_id == halo.id
    )  # fmt: skip
    seen: list[tuple[str, str, date]] = []

    def fill(dialog) -> None:
        dialog.person.setCurrentIndex(dialog.person.findData(jonathan.id))
        seen.append(
            (dialog.role.text(), dialog.template.currentText(), dialog.start.date().toPython())
        )
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, fill)
    view.table.setFocus()
    qtbot.keyClick(
        view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert seen == [("JSC member", "Governance committee member", jsc.starts_at.date())]
    plans = [p for p in onboarding.list_plans(store, halo.id) if p.person_name == "Jonathan Okafor"]
    assert len(plans) == 1 and plans[0].start_date == jsc.starts_at.date()
    assert plans[0].template_name == "Governance committee member"
    assert view.detail.plan.id == plans[0].id
    assert view.detail.items.topLevelItem(0).text(0) == "Before day one"
    assert plans[0].progress(wall.today()).overdue == 0  # born on time, not 6 items late
    view.desk.undo_stack.undo()
    assert not [
        p for p in onboarding.list_plans(store, halo.id) if p.person_name == "Jonathan Okafor"
    ]


def test_onboard_someone_new_from_start_onboarding(view, qtbot) -> None:
    """New person… inside Start onboarding adds them to the alliance and selects them; the
    JSC role brings the committee checklist; on "All alliances" it first asks which one."""
    store = view.desk.store
    view.desk.select_alliance(None)

    def pick(dialog) -> None:
        qtbot.keyClicks(dialog.search.line, "halo-7 onc")
        qtbot.keyClick(dialog.search.line, Qt.Key.Key_Return)

    chosen: list[str] = []

    def start(dialog) -> None:
        QTimer.singleShot(0, lambda: add(QApplication.activeModalWidget()))
        dialog.new_person.click()
        chosen.append(dialog.person.currentText())
        chosen.append(dialog.template.currentText())
        qtbot.keyClick(dialog.role, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    def add(dialog) -> None:
        dialog.form.name.setText("Dana Novak")
        dialog.form.roles.setText("JSC member")
        qtbot.keyClick(dialog.form.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    answer_dialog(qtbot, pick, start)
    view.start_plan()
    assert chosen == ["Dana Novak (Our company)", "Governance committee member"]
    (plan,) = [p for p in onboarding.list_plans(store) if p.person_name == "Dana Novak"]
    assert plan.role == "JSC member" and plan.template_name == "Governance committee member"


def test_duplicate_plan_is_refused_with_a_message(view, qtbot, messages) -> None:
    store = view.desk.store
    laura_plan = next(p for p in onboarding.list_plans(store) if p.person_name == "Laura Nieminen")
    view.desk.select_alliance(laura_plan.alliance_id)

    def fill(dialog) -> None:
        dialog.person.setCurrentIndex(dialog.person.findData(laura_plan.stakeholder_id))
        dialog.role.setText("jdc MEMBER")
        dialog.accept()

    kept = []
    answer_dialog(qtbot, fill, lambda dialog: kept.append(dialog.role.text()))
    view.start_plan()
    assert messages and "already has an onboarding plan as JDC member" in messages[-1][1]
    assert kept == ["jdc MEMBER"]  # the dialog came back with what was typed, to fix or cancel
    assert view.desk.undo_stack.count() == 0
    assert len(onboarding.list_plans(store)) == 4


def test_tick_with_space_and_undo(view, qtbot) -> None:
    """Space ticks the selected item, keeping the day it was done; Ctrl+Z unticks it."""
    plan = view.detail.plan
    open_item = next(i for i in plan.items if i.status is ItemStatus.OPEN)
    view.detail.select_item(open_item.id)
    view.detail.items.setFocus()
    qtbot.keyClick(view.detail.items, Qt.Key.Key_Space)
    ticked = next(
        i for i in onboarding.get_plan(view.desk.store, plan.id).items if i.id == open_item.id
    )
    assert ticked.status is ItemStatus.DONE and ticked.done_on == wall.today()
    assert view.detail.current_item_id() == open_item.id  # the cursor stays on the item
    qtbot.keyClick(view.detail.items, Qt.Key.Key_N)
    assert (
        next(
            i for i in onboarding.get_plan(view.desk.store, plan.id).items if i.id == open_item.id
        ).status
        is ItemStatus.NOT_APPLICABLE
    )
    view.desk.undo_stack.undo()
    view.desk.undo_stack.undo()
    back = next(
        i for i in onboarding.get_plan(view.desk.store, plan.id).items if i.id == open_item.id
    )
    assert back.status is ItemStatus.OPEN and back.done_on is None


def test_ticking_the_checkbox_works_too(view, qtbot) -> None:
    """Clicking an item's box ticks it (and the rebuilt list never pulls the item from under
    the click: this used to crash)."""
    plan = view.detail.plan
    open_item = next(i for i in plan.items if i.status is ItemStatus.OPEN)
    view.detail.select_item(open_item.id)
    view.detail.items.currentItem().setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(
        lambda: (
            onboarding.get_plan(view.desk.store, plan.id).progress().done
            == plan.progress().done + 1
        )
    )
    assert view.detail.current_item_id() == open_item.id


def test_moving_the_start_date_moves_open_items(view, qtbot) -> None:
    plan = view.detail.plan
    field = view.detail.start
    field.selectAll()
    qtbot.keyClicks(field, (plan.start_date + timedelta(days=14)).isoformat())
    qtbot.keyClick(field, Qt.Key.Key_Return)
    moved = onboarding.get_plan(view.desk.store, plan.id)
    assert moved.start_date == plan.start_date + timedelta(days=14)
    done_before = {i.id: i.due for i in plan.items if i.status is ItemStatus.DONE}
    assert all(i.due == done_before[i.id] for i in moved.items if i.id in done_before)
    field.selectAll()
    qtbot.keyClicks(field, "next tuesdayish")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "not a date" in view.detail.start_error.text()
    view.desk.undo_stack.undo()
    assert onboarding.get_plan(view.desk.store, plan.id).start_date == plan.start_date


def test_add_an_adhoc_item_and_a_note(view, qtbot) -> None:
    plan = view.detail.plan

    def fill(dialog) -> None:
        qtbot.keyClicks(dialog.title, "Dinner with the partner's CMO")
        dialog.accept()

    answer_dialog(qtbot, fill)
    view.detail.add_item()
    titles = [i.title for i in onboarding.get_plan(view.desk.store, plan.id).items]
    assert "Dinner with the partner's CMO" in titles
    # The new item is the one chosen, the keyboard in the checklist (it stayed on Add item…:
    # Space opened the dialog again, Down went to Delete plan).
    QApplication.processEvents()
    added = next(
        i
        for i in onboarding.get_plan(view.desk.store, plan.id).items
        if i.title.startswith("Dinner")
    )
    assert view.detail.current_item_id() == added.id
    assert view.window().focusWidget() is view.detail.items
    view.detail.note.setPlainText("Prefers calls to e-mail")
    view.detail.note.document().setModified(True)
    view.detail.save_note()
    assert onboarding.get_plan(view.desk.store, plan.id).note == "Prefers calls to e-mail"


def test_template_editor_refuses_bad_items_and_saves_good_ones(view, qtbot) -> None:
    from alliance_desk.core.onboarding import Template

    editor = onboarding_templates.TemplateEditor(Template("Advisers", "", ()))
    qtbot.addWidget(editor)
    editor.accept()
    assert "at least one item" in editor.errors.text()
    editor.add_row("Send the CDA", "-1.5", onboarding_templates.OwnerRole.ME, False, "")
    editor.accept()
    assert "whole number" in editor.errors.text() and editor.result_template is None
    editor.table.item(0, 1).setText("-2")
    editor.accept()
    assert editor.result_template is not None
    view.save_template(editor.result_template)
    assert [t.name for t in view.templates() if t.id is not None] == ["Advisers"]


def test_a_broken_builtin_template_is_reported_and_the_view_still_works(
    demo_window, tmp_path, monkeypatch
) -> None:
    folder = tmp_path / "onboarding"
    folder.mkdir()
    (folder / "ok.json").write_text(
        json.dumps({"name": "Ok", "items": [{"title": "A", "offset_days": 0}]})
    )
    (folder / "bad.json").write_text(json.dumps({"name": "Bad", "items": []}))
    real = checklists.load_builtin_templates
    monkeypatch.setattr(checklists, "load_builtin_templates", lambda: real(folder))
    from alliance_desk.ui.onboarding.view import OnboardingView

    view = OnboardingView(demo_window.desk)
    assert "bad.json" in view.problems.text() and not view.problems.isHidden()
    assert [t.name for t in view.templates()] == ["Ok"]


def test_stakeholders_show_onboarding_status_and_the_gap(demo_window) -> None:
    demo_window.show_section("stakeholders")
    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    view = demo_window.stakeholders
    column = [c.title for c in view.model.columns].index("Onboarding")
    lines = {line.stakeholder.name: line for line in view.model.visible_rows()}
    assert lines["Laura Nieminen"].onboarding.startswith("5/")
    assert lines["Tomás Ferreira"].onboarding == "—"
    row = view.model.find(lambda line: line.stakeholder.name == "Laura Nieminen")
    assert view.model.index(row, column).data().startswith("5/")
    gaps = view.gaps.texts()
    assert any(g.startswith("Not onboarded · Tomás Ferreira") for g in gaps)
    assert not any("onboarded · Laura" in g for g in gaps)


def test_a_tick_on_a_stale_list_is_refused_and_the_list_catches_up(view, qtbot, messages):
    """A teammate set the item aside after my list was drawn: my Space does not overwrite
    that; I am told, and the list shows the item as they left it."""
    plan = view.detail.plan
    item = next(i for i in plan.items if i.status is ItemStatus.OPEN)
    with teammate(view.desk.store) as other:
        onboarding.set_item_status(other, item.id, ItemStatus.NOT_APPLICABLE)
    view.detail.select_item(item.id)
    view.detail.items.setFocus()
    qtbot.keyClick(view.detail.items, Qt.Key.Key_Space)
    assert messages and "changed elsewhere" in messages[-1][1]
    assert view.desk.undo_stack.count() == 0
    shown = next(i for i in view.detail.plan.items if i.id == item.id)
    assert shown.status is ItemStatus.NOT_APPLICABLE


def test_a_note_edited_elsewhere_keeps_my_text_and_a_second_save_wins(view, messages):
    plan = view.detail.plan
    with teammate(view.desk.store) as other:
        onboarding.set_note(other, plan.id, "Theirs", expected_version=plan.version)
    view.detail.note.setPlainText("Mine")
    view.detail.note.document().setModified(True)
    view.detail.save_note()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert view.detail.note.toPlainText() == "Mine"
    assert onboarding.get_plan(view.desk.store, plan.id).note == "Theirs"
    view.detail.save_note()  # still marked as not saved: leaving the field again saves it
    assert onboarding.get_plan(view.desk.store, plan.id).note == "Mine"


def test_a_checklist_edit_refused_as_a_conflict_reopens_with_my_text(view, qtbot, messages):
    """A teammate saved the checklist while I had it open: I am told, the editor comes back
    with what I typed, and saving it again replaces their version knowingly."""
    from dataclasses import replace

    from alliance_desk.core.onboarding import Template, TemplateItem

    store = view.desk.store
    checklists.save_template(store, Template("Advisers", "", (TemplateItem("Send the CDA", -2),)))
    (mine,) = checklists.list_templates(store)
    with teammate(store) as other:
        checklists.save_template(other, replace(mine, purpose="Theirs"))
    names = []

    def rename(editor) -> None:
        names.append(editor.name.text())
        editor.name.setText("Advisers (mine)")
        editor.accept()

    dialog = onboarding_templates.TemplatesDialog(view)
    qtbot.addWidget(dialog)
    seen = answer_dialog(qtbot, rename, rename)
    dialog._open_editor(mine)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert messages and "changed elsewhere" in messages[-1][1]
    assert names == ["Advisers", "Advisers (mine)"]  # reopened with my text
    (saved,) = checklists.list_templates(store)
    assert saved.name == "Advisers (mine)"


def test_start_onboarding_asks_who_instead_of_offering_the_first_person(view, qtbot) -> None:
    """The first person on the alliance and their first role were preset: a plan started
    in a hurry was someone else's."""
    halo = next(a for a in portfolio.list_alliances(view.desk.store) if a.name.startswith("HALO"))
    view.desk.select_alliance(halo.id)
    before = len(onboarding.list_plans(view.desk.store))
    seen: list[tuple] = []

    def start(dialog) -> None:
        seen.append((dialog.person.currentData(), dialog.role.text()))
        dialog.accept()
        assert dialog.isVisible()
        seen.append(dialog.form.errors["stakeholder_id"].text())
        dialog.reject()

    answer_dialog(qtbot, start)
    view.start_plan()
    assert seen == [(None, ""), "Choose who is joining, or add them with New person…"]
    assert len(onboarding.list_plans(view.desk.store)) == before


def test_deleting_a_checklist_asks_first_and_a_built_in_one_says_why_it_stays(
    view, qtbot, monkeypatch
) -> None:
    """One's own checklist went at once with no way back; Delete on a built-in one did
    nothing and said nothing."""
    from PySide6.QtWidgets import QMessageBox

    from alliance_desk.core.onboarding import Template, TemplateItem

    store = view.desk.store
    checklists.save_template(store, Template("Advisers", "", (TemplateItem("Send the CDA", -2),)))
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []

    def answer(*args, **kwargs):
        asked.append(args[2])
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    dialog = onboarding_templates.TemplatesDialog(view)
    qtbot.addWidget(dialog)
    rows = {
        dialog.list.item(r).data(Qt.ItemDataRole.UserRole).name: r
        for r in range(dialog.list.count())
    }
    built_in = next(
        r
        for r in range(dialog.list.count())
        if dialog.list.item(r).data(Qt.ItemDataRole.UserRole).id is None
    )
    dialog.list.setCurrentRow(built_in)
    dialog._delete()
    assert "is built in and stays" in dialog.message.text() and not asked
    dialog.list.setCurrentRow(rows["Advisers"])
    dialog._delete()
    assert len(asked) == 1 and "Advisers" in asked[0]
    assert [t.name for t in checklists.list_templates(store)] == ["Advisers"]  # No: kept
    dialog.list.setCurrentRow(rows["Advisers"])
    dialog._delete()
    assert checklists.list_templates(store) == []


def test_the_template_editor_shows_its_headers_and_owners_whole(view, qtbot) -> None:
    """ "Days from start" read "ays from star" and the owner boxes "My counterp"."""
    from alliance_desk.core.onboarding import OwnerRole, Template, TemplateItem

    items = tuple(TemplateItem(f"Step {n}", n, owner) for n, owner in enumerate(OwnerRole))
    editor = onboarding_templates.TemplateEditor(Template("Advisers", "", items))
    qtbot.addWidget(editor)
    editor.resize(1000, 560)
    editor.show()
    qtbot.waitExposed(editor)
    header = editor.table.horizontalHeader()
    for column in (1, 2):
        text = editor.table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(text), text
    for row in range(editor.table.rowCount()):
        box = editor.table.cellWidget(row, 2)
        assert box.width() >= box.sizeHint().width() - 2, box.currentText()


def test_a_done_item_says_its_day_as_the_due_day_beside_it_does(view) -> None:
    """'Done 13 Nov 2026' stood beside a due day 'Fri 13 Nov': one way of saying a day."""
    from alliance_desk.core.dates import shown_short

    detail, today = view.detail, wall.today()
    done = [i for i in detail.plan.items if i.status is ItemStatus.DONE and i.done_on]
    assert done
    rows = {
        detail.items.topLevelItem(g).child(c).data(0, Qt.ItemDataRole.UserRole): (g, c)
        for g in range(detail.items.topLevelItemCount())
        for c in range(detail.items.topLevelItem(g).childCount())
    }
    for item in done:
        group, child = rows[item.id]
        row = detail.items.topLevelItem(group).child(child)
        assert row.text(3) == f"Done {shown_short(item.done_on, today)}"
        assert row.text(1) == shown_short(item.due, today)

"""Risks, decisions and obligations in the window: add, edit, undo, filters, Today."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from alliance_desk.core import wall
from alliance_desk.core.risks import DecisionStatus, RiskCategory
from alliance_desk.store import obligations, portfolio, risks
from alliance_desk.store.policy import set_setting
from alliance_desk.ui.risks.registers import DECISIONS, OBLIGATIONS, RISKS
from alliance_desk.ui.table_model import RowTableModel
from tests.helpers import answer_dialog

HALO = "HALO-7 oncology co-development"


@pytest.fixture
def view(demo_window):
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    return demo_window.risks


@pytest.mark.parametrize("spec", [RISKS, DECISIONS, OBLIGATIONS], ids=lambda s: s.noun)
def test_register_models_pass_qtmodeltester(qtmodeltester, demo_store, spec) -> None:
    model = RowTableModel(spec.columns)
    model.set_rows(spec.load(demo_store, None))
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    assert model.rowCount() > 0


def test_highest_scores_first_and_heat_map_counts(view) -> None:
    scores = [r.draft.score for r in view.risks.model.visible_rows()]
    assert scores == sorted(scores, reverse=True)
    assert sum(view.heat.cells.values()) == len(view.risks.records)


def test_add_a_risk_refuses_bad_likelihood_then_saves(view, qtbot) -> None:
    def fill(dialog) -> None:
        dialog.form.fields["title"].setText("Data-sharing agreement lapses")
        dialog.form.fields["likelihood"].setValue(0)  # the spin box clamps to 1
        assert dialog.form.fields["likelihood"].value() == 1
        dialog.form.fields["title"].setText("")
        dialog.accept()
        assert dialog.isVisible() and dialog.form.errors["title"].text() == "This is required."
        dialog.form.fields["title"].setText("Data-sharing agreement lapses")
        dialog.form.fields["impact"].setValue(5)
        # the category is chosen, not preset (Business was every hurried risk's)
        category = dialog.form.fields["category"]
        assert category.currentText() == "Choose…" and category.currentData() is None
        dialog.accept()
        assert dialog.isVisible() and dialog.form.errors["category"].text().startswith("Choose")
        category.setCurrentIndex(category.findData(RiskCategory.LEGAL))
        dialog.accept()

    answer_dialog(qtbot, fill)
    view.risks.add()
    added = next(
        r
        for r in risks.list_risks(view.desk.store)
        if r.draft.title == "Data-sharing agreement lapses"
    )
    assert (added.draft.likelihood, added.draft.impact) == (1, 5)
    assert added.draft.category is RiskCategory.LEGAL
    assert view.risks.current.id == added.id
    view.desk.undo_stack.undo()
    assert "Data-sharing agreement lapses" not in [
        r.draft.title for r in risks.list_risks(view.desk.store)
    ]


def test_rerating_a_risk_keeps_its_history_and_undo_takes_it_back(view) -> None:
    risk = view.risks.current  # (the register shows no history: the store keeps it)
    history = len(next(r for r in risks.list_risks(view.desk.store) if r.id == risk.id).history)
    view.risks.form.fields["likelihood"].setValue(5)
    moved = next(r for r in risks.list_risks(view.desk.store) if r.id == risk.id)
    assert moved.draft.likelihood == 5 and len(moved.history) == history + 1
    view.desk.undo_stack.undo()
    back = next(r for r in risks.list_risks(view.desk.store) if r.id == risk.id)
    assert back.draft.likelihood == risk.draft.likelihood and len(back.history) == history


def test_invalid_date_in_the_form_is_not_saved(view, qtbot) -> None:
    risk = view.risks.current
    field = view.risks.form.fields["next_review"]
    field.selectAll()
    qtbot.keyClicks(field, "sometime soon")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert "not a date" in view.risks.form.errors["next_review"].text()
    unchanged = risks.list_risks(view.desk.store, history=False)
    assert next(r for r in unchanged if r.id == risk.id) == risk


def test_decisions_not_implemented_filter(view) -> None:
    """The threshold is the portfolio's rule: changed with `settings`, the filter follows."""
    view.tabs.setCurrentWidget(view.decisions)
    view.late_only.setChecked(True)
    shown = view.decisions.model.visible_rows()
    assert shown and all(d.draft.status is not DecisionStatus.IMPLEMENTED for d in shown)
    assert all((wall.today() - d.draft.decided_on).days > 60 for d in shown)
    assert "over 60 days" in view.late_only.text()
    set_setting(view.desk.store, "not-implemented-days", "5")
    assert "over 5 days" in view.late_only.text()
    assert len(view.decisions.model.visible_rows()) > len(shown)


def test_delete_an_obligation_and_undo(view, qtbot) -> None:
    view.tabs.setCurrentWidget(view.obligations)
    before = len(view.obligations.records)
    view.obligations.table.setFocus()
    view.obligations.delete()
    assert len(obligations.list_obligations(view.desk.store, view.desk.alliance_id)) == before - 1
    view.desk.undo_stack.undo()
    assert len(obligations.list_obligations(view.desk.store, view.desk.alliance_id)) == before


def _first_risk_open(window):
    """The portfolio's first risk, shown in the risk register's form."""
    risk = risks.list_risks(window.desk.store)[0]
    window.desk.select_alliance(risk.alliance_id)
    window.show_section("risks")
    tab = window.risks.risks
    tab.select(risk.id)
    return risk, tab


def test_a_register_edit_made_elsewhere_is_not_overwritten_silently(demo_window, messages):
    """The risk register's form, like the alliance form: refused with a message, text kept,
    and a second save replaces the other version knowingly."""
    from dataclasses import replace

    from alliance_desk.store.database import open_store

    store = demo_window.desk.store
    risk, tab = _first_risk_open(demo_window)
    other = open_store(store.path, start_backup=False)
    try:
        (theirs,) = [r for r in risks.list_risks(other) if r.id == risk.id]
        risks.update_risk(
            other,
            risk.id,
            replace(theirs.draft, mitigation="Theirs"),
            expected_version=theirs.version,
        )
    finally:
        other.close()
    tab.form.fields["mitigation"].setPlainText("Mine")
    tab._save()
    assert messages and "changed elsewhere" in messages[-1][1]
    assert tab.form.fields["mitigation"].toPlainText() == "Mine"
    assert next(r for r in risks.list_risks(store) if r.id == risk.id).draft.mitigation == "Theirs"
    tab._save()
    assert next(r for r in risks.list_risks(store) if r.id == risk.id).draft.mitigation == "Mine"


def test_my_own_edits_and_their_undo_never_count_as_conflicts(demo_window, messages):
    """Versions guard against other editors, not against this window's own history."""
    store = demo_window.desk.store
    risk, tab = _first_risk_open(demo_window)
    tab.form.fields["mitigation"].setPlainText("First")
    tab._save()
    tab.form.fields["mitigation"].setPlainText("Second")
    tab._save()
    tab.form.fields["likelihood"].setValue(5 if risk.draft.likelihood != 5 else 1)
    tab._save()
    assert not messages, messages
    for _ in range(3):
        demo_window.desk.undo_stack.undo()
    assert not messages, messages
    assert next(r for r in risks.list_risks(store) if r.id == risk.id).draft == risk.draft


def test_a_register_tab_shows_changes_made_while_another_tab_was_open(demo_window) -> None:
    """Tabs load when shown; a decision recorded while the risk register is on screen is
    listed as soon as the decision log is opened."""
    from alliance_desk.core.risks import validate_decision

    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name.startswith("HALO-7 onc"))
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    view = demo_window.risks
    view.tabs.setCurrentWidget(view.risks)
    decision = validate_decision({"title": "Fund the bridging study", "decided_on": wall.today()})
    risks.add_decision(store, halo.id, decision)
    demo_window.desk.refresh_all()  # as every saved edit does
    view.tabs.setCurrentWidget(view.decisions)
    assert "Fund the bridging study" in [d.draft.title for d in view.decisions.records]


def test_an_open_obligation_past_its_day_says_so_in_its_status(demo_store) -> None:
    """Its status reads "Open, past due" in the overdue colour; one still ahead, or one
    done, reads as it is."""
    from datetime import timedelta

    from alliance_desk.core.obligations import ObligationDraft, ObligationStatus, Party

    alliance = portfolio.list_alliances(demo_store)[0]
    today = wall.today()
    for title, due, status in (
        ("Late report", today - timedelta(days=3), ObligationStatus.OPEN),
        ("Report ahead", today + timedelta(days=9), ObligationStatus.OPEN),
        ("Report sent", today - timedelta(days=3), ObligationStatus.DONE),
    ):
        draft = ObligationDraft(title, Party.OURS, due, 2, status)
        obligations.add_obligation(demo_store, alliance.id, draft)
    column = next(c for c in OBLIGATIONS.columns if c.title == "Status")
    shown = {
        o.draft.title: (column.text(o), column.colour(o) if column.colour else None)
        for o in obligations.list_obligations(demo_store, alliance.id)
    }
    assert shown["Late report"][0].endswith("past due") and shown["Late report"][1] is not None
    assert "past due" not in shown["Report ahead"][0] and shown["Report ahead"][1] is None
    assert "past due" not in shown["Report sent"][0]


def test_what_changed_elsewhere_shows_after_a_refresh_and_nothing_else_is_read(
    demo_window,
) -> None:
    """The register keeps the alliances' names, the people on an alliance and each
    alliance's heat map cells between showings (store/register_head.py): someone put on the
    alliance elsewhere is offered as an owner, a risk closed by hand leaves the heat map and
    an alliance renamed shows its new name in the register after F5 — and a showing after
    which nothing changed reads none of them again."""
    from sqlalchemy import text

    from alliance_desk.core.people import validate_person
    from alliance_desk.core.stakeholders import validate_stakeholder
    from alliance_desk.store import stakeholders
    from alliance_desk.store.database import open_store
    from tests.helpers import statements_run

    store = demo_window.desk.store
    demo_window.desk.select_alliance(None)
    demo_window.show_section("risks")
    tab = demo_window.risks.risks
    risk = max(tab.records, key=lambda r: r.draft.score)
    tab.select(risk.id)
    heat = dict(demo_window.risks.heat.cells)
    cell = (risk.draft.likelihood, risk.draft.impact)
    assert heat[cell] >= 1
    other = open_store(store.path, start_backup=False)
    try:
        person = validate_person({"name": "Zora Okafor", "side": "partner"})
        details = validate_stakeholder({"roles": "Risk owner", "power": 3, "interest": 4})
        stakeholders.add_new_person(other, risk.alliance_id, person, details)
        with other.write() as session:
            session.execute(
                text("UPDATE risks SET status = 'closed' WHERE id = :i"), {"i": risk.id}
            )
            session.execute(
                text("UPDATE alliances SET name = 'Renamed by hand' WHERE id = :i"),
                {"i": risk.alliance_id},
            )
    finally:
        other.close()
    demo_window.desk.refresh_all()
    after = dict(demo_window.risks.heat.cells)
    assert after.get(cell, 0) == heat[cell] - 1
    assert sum(after.values()) == sum(heat.values()) - 1
    mine = next(r for r in tab.records if r.alliance_id == risk.alliance_id)
    tab.select(mine.id)
    owners = tab.form.fields["owner_id"]
    names = [owners.itemText(i) for i in range(owners.count())]
    assert "Zora Okafor (partner)" in names, names
    row = tab.model.visible_rows().index(mine)
    shown = [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]
    assert "Renamed by hand" in shown

    before = dict(demo_window.risks.heat.cells)
    run = [statement for statement, _ in statements_run(store, demo_window.desk.refresh_all)]
    assert demo_window.risks.heat.cells == before
    assert not [s for s in run if "count(*)" in s and "risks" in s], run  # cells kept
    assert not [s for s in run if "stakeholders" in s and "people" in s], run  # people kept


def test_a_review_past_due_and_a_critical_score_stand_out_in_the_register(demo_store) -> None:
    """An open risk whose review date has passed reads in the overdue colour (a closed one,
    or one reviewed later, does not); a critical score reads apart from a high one."""
    from dataclasses import replace
    from datetime import timedelta

    from alliance_desk.core.risks import RiskStatus

    first = risks.list_risks(demo_store)[0]
    today = wall.today()

    def risk(likelihood: int, impact: int, review, status=RiskStatus.OPEN):
        draft = replace(
            first.draft, likelihood=likelihood, impact=impact, next_review=review, status=status
        )
        return replace(first, draft=draft)

    rows = [
        risk(5, 5, today - timedelta(days=2)),
        risk(4, 4, today + timedelta(days=2)),
        risk(2, 2, today - timedelta(days=2), RiskStatus.CLOSED),
    ]
    model = RowTableModel(RISKS.columns)
    model.set_rows(rows)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    review, score = titles.index("Next review"), titles.index("Score")

    def colour(row: int, column: int):
        found = model.index(row, column).data(Qt.ItemDataRole.ForegroundRole)
        return None if found is None else QBrush(found).color().name()

    assert colour(0, review) is not None
    assert colour(1, review) is None and colour(2, review) is None
    assert None not in (colour(0, score), colour(1, score)) and colour(0, score) != colour(1, score)
    assert colour(2, score) is None

"""The Desk announces what each operation changed, once, and notices an operation that took
more than one transaction (the window's tests all fail on one: see conftest.py)."""

from __future__ import annotations

from alliance_desk.core.changes import Changes, Kind
from alliance_desk.store import portfolio, risks
from alliance_desk.ui.desk import StoreCommand
from tests.helpers import draft


class CallCommand(StoreCommand):
    """An edit given as two calls, to say exactly which writes an operation makes."""

    def __init__(self, desk, text, do, undo) -> None:
        super().__init__(desk, text)
        self._do, self._undo = do, undo

    def apply(self) -> None:
        self._do()

    def revert(self) -> None:
        self._undo()


def test_an_operation_is_announced_once_with_what_it_changed(demo_window) -> None:
    desk = demo_window.desk
    heard: list[Changes] = []
    desk.changed.connect(heard.append)
    alliance = portfolio.list_alliances(desk.store)[0]
    made: list[int] = []
    desk.run(
        CallCommand(
            desk,
            "Add an alliance",
            lambda: made.append(portfolio.create_alliance(desk.store, draft()).id),
            lambda: portfolio.delete_alliance(desk.store, made[0]),
        )
    )
    assert [c.ids for c in heard] == [{Kind.ALLIANCE: {made[0]}}]
    desk.undo_stack.undo()
    assert heard[-1].ids == {Kind.ALLIANCE: {made[0]}}
    assert desk.split_operations == []
    portfolio.update_alliance(desk.store, alliance.id, draft(name="Renamed outside a command"))
    assert heard[-1].ids == {Kind.ALLIANCE: {alliance.id}}  # a write anywhere is heard


def test_an_operation_in_two_transactions_is_noticed(demo_window) -> None:
    desk = demo_window.desk
    heard: list[Changes] = []
    desk.changed.connect(heard.append)
    risk = risks.list_risks(desk.store)[0]
    alliance = portfolio.list_alliances(desk.store)[0]

    def twice() -> None:
        portfolio.update_alliance(desk.store, alliance.id, draft(name="One"))
        risks.remove_risk(desk.store, risk.id)

    desk.run(CallCommand(desk, "Two writes", twice, lambda: None))
    assert desk.split_operations == ["Two writes"]
    assert len(heard) == 1 and heard[0].kinds == {Kind.ALLIANCE, Kind.RISK}
    desk.split_operations.clear()  # noticed on purpose here


def _selects(window, edit) -> int:
    from bench.statements import counting

    with counting(window.desk.store.engine) as seen:
        edit()
    return seen["SELECT"]


def test_a_field_edit_reads_only_what_it_changed(demo_window) -> None:
    """A field saved in the person panel or the escalation log runs at most three SELECTs
    (it ran 24 when every view re-read everything), and the row on screen shows the edit."""
    window = demo_window
    halo = next(a for a in portfolio.list_alliances(window.desk.store) if a.name.startswith("HALO"))
    window.desk.select_alliance(halo.id)
    window.show_section("stakeholders")
    view = window.stakeholders
    view.select(view.people[0].id)
    form = view.panel.form

    def retitle() -> None:
        form.fields["title"].setText("Chief Alliance Officer")
        form.fields["title"].setModified(True)
        form.announce()

    assert _selects(window, retitle) <= 3
    row = view.model.find(lambda line: line.stakeholder.id == view.people[0].id)
    assert view.model.row_at(row).stakeholder.person.title == "Chief Alliance Officer"
    assert _selects(window, window.desk.undo_stack.undo) <= 3
    assert view.panel.stakeholder.person.title != "Chief Alliance Officer"

    window.desk.select_alliance(None)
    window.show_section("escalations")
    log = window.escalations
    log.select(log.model.row_at(0).escalation.id)

    def rename() -> None:
        log.panel.form.fields["title"].setText("Renamed in place")
        log.panel.form.fields["title"].setModified(True)
        log.panel.form.announce()

    assert _selects(window, rename) <= 3
    assert log.current.title == "Renamed in place"
    assert any(line.escalation.title == "Renamed in place" for line in log.model.visible_rows())


def test_a_record_made_in_a_dialog_is_said_saved_in_the_status_bar(demo_window) -> None:
    """Create alliance, Add risk, Escalate, Check in: no word that anything was saved, where
    Snooze, Log call and Delete say so."""
    from alliance_desk.core.portfolio import validate_alliance
    from alliance_desk.ui.portfolio.commands import CreateAllianceCommand

    class Accepted:
        def __init__(self) -> None:
            self.times = 0

        def exec(self) -> int:
            self.times += 1
            return 1 if self.times == 1 else 0

    desk = demo_window.desk
    made = desk.run_dialog(
        Accepted(),
        lambda: CreateAllianceCommand(
            desk, validate_alliance({"name": "Nordic pilot", "partner": "Acme Oy"})
        ),
    )
    assert made is not None
    message = demo_window.statusBar().currentMessage()
    assert message == "Done: Create alliance “Nordic pilot”. Undo with Ctrl+Z.", message

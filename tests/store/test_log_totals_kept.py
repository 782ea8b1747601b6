"""The escalation log's heading (store/escalation_totals.py `log_totals`) keeps each alliance's
sums until that alliance's escalations change (store/alliance_counts.py, migration 0040):
whoever writes — the app, SQL typed by hand — the heading kept is the heading a store
holding nothing reads, and an issue edited through the app sums again its alliance alone."""

from __future__ import annotations

from dataclasses import replace

from alliance_desk.core.policy import Policy
from alliance_desk.store import alliance_counts, escalations
from alliance_desk.store.database import open_store
from alliance_desk.store.escalation_totals import log_totals
from tests.store.test_change_counts import alliances_counted, each_write_shows_as_afresh
from tests.store.test_today_ranking import DAY, generated  # noqa: F401  (the fixture)

SLA = Policy().sla

# Each a write by hand that moves the heading: statuses, ages, delays, alliances.
CHANGES = {
    "issues are resolved": (
        "UPDATE escalations SET status = 'resolved' WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') ORDER BY id LIMIT 25",
    ),
    "issues were raised long ago and delayed": (
        "UPDATE escalations SET raised_on = :long_ago, delay_days = delay_days + 9 "
        "WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') "
        "ORDER BY id DESC LIMIT 25",
    ),
    "issues move to another alliance": (
        "UPDATE escalations SET alliance_id = (SELECT min(id) FROM alliances) WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') "
        "AND alliance_id != (SELECT min(id) FROM alliances) ORDER BY id LIMIT 10",
    ),
    "issues are deleted": (
        "DELETE FROM escalations WHERE id IN ({ids})",
        "SELECT id FROM escalations ORDER BY id LIMIT 30",
    ),
    "an alliance is renamed": (
        "UPDATE alliances SET name = 'Zeta ' || name WHERE id IN ({ids})",
        "SELECT alliance_id FROM escalations WHERE status = 'open' ORDER BY id LIMIT 1",
    ),
    "an alliance is deleted": (
        "UPDATE alliances SET deleted_at = :long_ago WHERE id IN ({ids})",
        "SELECT alliance_id FROM escalations WHERE status = 'open' ORDER BY id DESC LIMIT 1",
    ),
}


def test_the_heading_kept_is_the_heading_read_afresh_whoever_writes(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    from datetime import timedelta

    tallied = alliances_counted(monkeypatch)
    target = generated.path or generated.location.url
    elsewhere = open_store(target, start_backup=False)

    def heading(on):
        return log_totals(on, None, today=DAY, policy=SLA)

    def afresh():
        alliance_counts.forget(elsewhere)
        return heading(elsewhere)

    try:
        shown = heading(generated)
        assert shown == afresh() and shown.count > 0
        mine = len(tallied)
        assert heading(generated) == shown
        assert len(tallied) == mine  # nothing changed: nothing summed again
        for n in range(3):  # an issue edited through the app: its alliance summed again
            issue = escalations.list_escalations(generated)[n]
            draft = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
            escalations.update_escalation(generated, issue.id, draft)
            mine = len(tallied)
            assert heading(generated) == afresh()
            assert tallied[mine] == [issue.alliance_id]
        values = {"long_ago": DAY - timedelta(days=200)}
        each_write_shows_as_afresh(
            generated, CHANGES, values, heading(generated), lambda: heading(generated), afresh
        )
    finally:
        elsewhere.close()


def test_an_edit_reads_its_alliance_s_issues_alone(store) -> None:
    """After an edit the heading reads the changed alliance's issues and nothing else: the
    count of every issue comes from each alliance's own count, kept with its sums (counting
    the whole log again took 11–22 ms a showing on the team store at ten times). An alliance
    whose issues are all closed still counts them."""
    from alliance_desk.core.escalations import validate_escalation, validate_resolution
    from alliance_desk.store import escalation_moves, portfolio
    from tests.helpers import draft, statements

    ids = [portfolio.create_alliance(store, draft(name=name)).id for name in ("A", "B", "C")]
    for n in range(12):
        made = validate_escalation(
            {"title": f"issue {n}", "category": "conflict", "raised_on": DAY}
        )
        made_id = escalations.raise_escalation(store, ids[n % 3], made)
        if n % 3 == 2:  # all of C's
            done = {"root_cause": "r", "resolution": "s", "kind": "compromise"}
            escalation_moves.resolve(store, made_id, validate_resolution(done))
            escalation_moves.close(store, made_id)
    before = log_totals(store, None, today=DAY, policy=SLA)
    assert (before.count, before.cost.open_count, sorted(before.ages)) == (12, 8, ["A", "B"])
    issue = escalations.list_escalations(store, ids[0])[0]
    escalations.update_escalation(store, issue.id, replace(issue.draft, title="renamed"))
    ran = statements(store, lambda: log_totals(store, None, today=DAY, policy=SLA))
    assert len(ran) == 2  # the change counters, then the edited alliance's sums
    for statement in ran:
        restricted = statement.count("escalations.alliance_id IN (SELECT value FROM json_each")
        restricted += statement.count("escalations.alliance_id = ANY(")
        assert statement.count("FROM escalations") == restricted, statement
    assert log_totals(store, None, today=DAY, policy=SLA) == before
    alliance_counts.forget(store)
    assert log_totals(store, None, today=DAY, policy=SLA) == before

"""The Value section's sums of risks and decisions are kept until a table they read changes
(store/change_counts.py VALUE), its sums of escalations alliance by alliance until that
alliance's escalations change (store/alliance_counts.py, migration 0040): whoever writes —
the app, SQL typed by hand, a teammate — the picture read with them kept is the picture read
afresh; an edit of anything else does not read them again, and an issue's edit reads again
its alliance's escalations alone. A member learns nothing of an alliance not granted."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import timedelta

import pytest

from alliance_desk.core.value import MilestoneDraft
from alliance_desk.store import (
    alliance_counts,
    batch,
    change_counts,
    escalations,
    policy,
    value,
    value_facts,
    value_sla,
)
from tests.helpers import Statements
from tests.store.test_change_counts import _by_hand, _tables, each_write_shows_as_afresh
from tests.store.test_team_access import Refused, setup  # noqa: F401  (the team store)
from tests.store.test_today_ranking import DAY, NOW, generated  # noqa: F401  (the fixture)

MIGRATION = importlib.import_module("migrations.versions.0037_change_counts")


def _picture(store, rules=None):
    return value_facts.value_picture(store, rules or policy.load_policy(store), DAY, NOW)


def _afresh(store):
    """The picture with nothing kept: every sum read again, every statement built anew."""
    change_counts.forget()
    alliance_counts.forget()
    batch._PREPARED.clear()
    return _picture(store)


def test_the_kept_sums_read_only_counted_tables(store) -> None:
    """Each kept part's statement names only the tables VALUE lists for it (the escalations'
    only escalations), and migration 0037 counts the writes of every one of them."""
    rules = policy.load_policy(store)
    with store.read() as session:
        parts = tuple(change_counts.VALUE)
        queries = value_facts._kept_queries(session, rules, DAY, parts)
        sums = value_sla.escalation_sums(session, rules.sla, DAY, batch.ids("alliances"))
    assert set(queries) == set(change_counts.VALUE)
    for part, query in queries.items():
        named = _tables(query.statement)
        assert named and named <= set(change_counts.VALUE[part]), (part, named)
    assert _tables(sums) == {"escalations"}
    counted = {*MIGRATION.WATCHED, *MIGRATION.TEAM_ONLY}
    assert {t for tables in change_counts.VALUE.values() for t in tables} <= counted
    assert "escalations" in counted


# Each a write by hand that changes what one kept part sums.
CHANGES = {
    "open issues reached their level long ago (past their service level)": (
        "UPDATE escalations SET level_since = :long_ago WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') ORDER BY id LIMIT 40",
    ),
    "risks become likely and grave": (
        "UPDATE risks SET likelihood = 5, impact = 5 WHERE id IN ({ids})",
        "SELECT id FROM risks WHERE status != 'closed' ORDER BY id LIMIT 40",
    ),
    "questions were raised long ago and wait for an answer": (
        "UPDATE decisions SET raised_on = :long_ago, decided_on = NULL WHERE id IN ({ids})",
        "SELECT id FROM decisions ORDER BY id LIMIT 40",
    ),
    "questions are answered": (
        "UPDATE decisions SET decided_on = :today WHERE id IN ({ids})",
        "SELECT id FROM decisions WHERE raised_on IS NOT NULL ORDER BY id LIMIT 20",
    ),
    "issues move to the alliance holding most": (
        "UPDATE escalations SET alliance_id = (SELECT alliance_id FROM escalations "
        "GROUP BY alliance_id ORDER BY count(*) DESC, alliance_id LIMIT 1) WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') "
        "ORDER BY id DESC LIMIT 30",
    ),
    "an alliance is renamed (the alliances, left out while unchanged, come back)": (
        "UPDATE alliances SET name = 'Zeta ' || name WHERE id IN ({ids})",
        "SELECT id FROM alliances ORDER BY id LIMIT 1",
    ),
    "issues are deleted": (
        "DELETE FROM escalations WHERE id IN ({ids})",
        "SELECT id FROM escalations WHERE status IN ('open', 'escalated') ORDER BY id LIMIT 40",
    ),
}


def test_the_picture_with_its_sums_kept_is_the_picture_read_afresh_whoever_writes(
    store,
    generated,  # noqa: F811
) -> None:
    """Read twice (kept), then after each write typed by hand to a table a kept part sums:
    each time the picture changed, and is exactly the picture read with nothing kept."""
    values = {"long_ago": DAY - timedelta(days=90), "today": DAY}
    shown = _afresh(generated)
    assert _picture(generated) == shown
    each_write_shows_as_afresh(
        generated, CHANGES, values, shown, lambda: _picture(generated), lambda: _afresh(generated)
    )


def test_an_edit_of_a_milestone_keeps_the_sums_and_an_issue_edit_reads_them_again(
    store,
    generated,  # noqa: F811
) -> None:
    """A milestone added: one statement (the kept sums not read); an escalation renamed:
    a second one reads the sums again. Both times the picture read afresh."""
    first, rules = _afresh(generated), policy.load_policy(generated)
    alliance = first[0].id
    draft = MilestoneDraft(title="Pilot live", planned_on=DAY - timedelta(days=30), value=5e5)
    value.add_milestone(generated, alliance, draft)
    with Statements(generated) as counted:
        after_milestone = _picture(generated, rules)
    assert len(counted.seen) == 1
    assert after_milestone != first
    assert after_milestone == _afresh(generated)
    _picture(generated)  # kept again
    issue = escalations.list_escalations(generated)[0]
    renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    escalations.update_escalation(generated, issue.id, renamed)
    with Statements(generated) as counted:
        after_issue = _picture(generated, rules)
    assert len(counted.seen) == 2
    assert after_issue == _afresh(generated)


def test_an_issue_edited_reads_again_the_escalations_of_its_alliance_alone(
    store,
    generated,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Renamed through the app: its alliance's sums are read again, the others kept; moved
    to another alliance (and long overdue) by hand: both alliances'. The picture is the one
    read afresh."""
    asked: list = []
    real = alliance_counts.by_alliance

    def spy(store, key, counters, table, read):
        return real(store, key, counters, table, lambda ids: asked.append(ids) or read(ids))

    monkeypatch.setattr(alliance_counts, "by_alliance", spy)
    _afresh(generated)
    assert asked == [None]
    issue = escalations.list_escalations(generated)[0]
    renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    escalations.update_escalation(generated, issue.id, renamed)
    after = _picture(generated)
    assert asked[1:] == [[issue.alliance_id]]
    other = next(line.id for line in after if line.id != issue.alliance_id)
    long_ago = DAY - timedelta(days=90)  # and long past its level's time: both pictures move
    _by_hand(
        generated,
        f"UPDATE escalations SET alliance_id = {other}, level_since = :long_ago, "
        f"status = 'open' WHERE id = {issue.id}",
        long_ago=long_ago,
    )
    moved = _picture(generated)
    assert asked[2:] == [sorted([issue.alliance_id, other])]
    assert moved != after
    assert moved == _afresh(generated)


@pytest.mark.usefixtures("setup")
def test_a_member_reads_no_counter_of_an_alliance_not_granted(setup) -> None:  # noqa: F811
    """Alice's issue on her confidential alliance moves its alliance's counter; Bob, with
    psql, sees the escalations total move, and of the alliances' counters only the shared
    one's; he can neither call the counting function nor write a counter of his own."""
    from alliance_desk.core.escalations import validate_escalation
    from alliance_desk.core.risks import validate_risk
    from alliance_desk.store import risks

    alice = setup.stores["alice"]
    secret, shared = setup.ids["secret"], setup.ids["shared"]
    before = dict(setup.sql("bob", "SELECT name, n FROM ad_change_counts()"))
    escalations.raise_escalation(
        alice,
        secret,
        validate_escalation({"title": "Quiet", "category": "conflict", "raised_on": DAY}),
    )
    seen = dict(setup.sql("bob", "SELECT name, n FROM ad_change_counts()"))
    assert seen["escalations"] > before["escalations"]
    assert f"escalations@{shared}" in seen
    assert not any(name.startswith("escalations@") and name != f"escalations@{shared}"
                   for name in seen)  # fmt: skip
    risks.add_risk(  # and a risk there (revision 0044): the same
        alice,
        secret,
        validate_risk(
            {"title": "Quiet risk", "category": "business", "likelihood": 4, "impact": 4}
        ),
    )
    seen = dict(setup.sql("bob", "SELECT name, n FROM ad_change_counts()"))
    assert not any(name.startswith("risks@") and name != f"risks@{shared}" for name in seen)
    admins = dict(setup.sql("root", "SELECT name, n FROM change_counts WHERE member <> ''"))
    assert f"escalations@{secret}" in admins  # it is counted, just not shown to him
    assert f"risks@{secret}" in admins
    for statement in (
        "SELECT ad_count_alliance_change()",
        f"INSERT INTO change_counts (name, member, n) VALUES ('escalations@{shared}', 'x', 9)",
    ):
        with pytest.raises((*Refused, Exception)):
            setup.sql("bob", statement)

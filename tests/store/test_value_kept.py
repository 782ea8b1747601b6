"""The Value section's sums of escalations, risks and decisions are kept until a table they
read changes (store/change_counts.py VALUE): whoever writes — the app, SQL typed by hand, a
teammate — the picture read with them kept is the picture read afresh, and an edit of
anything else does not read them again."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import timedelta

from alliance_desk.core.value import MilestoneDraft
from alliance_desk.store import batch, change_counts, escalations, policy, value, value_facts
from tests.helpers import Statements
from tests.store.test_change_counts import _by_hand, _ids_with, _tables
from tests.store.test_team_access import setup  # noqa: F401  (the team store)
from tests.store.test_today_ranking import DAY, NOW, generated  # noqa: F401  (the fixture)

MIGRATION = importlib.import_module("migrations.versions.0037_change_counts")


def _picture(store, rules=None):
    return value_facts.value_picture(store, rules or policy.load_policy(store), DAY, NOW)


def _afresh(store):
    """The picture with nothing kept: every sum read again, every statement built anew."""
    change_counts.forget()
    batch._PREPARED.clear()
    return _picture(store)


def test_the_kept_sums_read_only_counted_tables(store) -> None:
    """Each kept part's statement names only the tables VALUE lists for it, and migration
    0037 counts the writes of every one of them."""
    with store.read() as session:
        parts = tuple(change_counts.VALUE)
        queries = value_facts._kept_queries(session, policy.load_policy(store), DAY, parts)
    assert set(queries) == set(change_counts.VALUE)
    for part, query in queries.items():
        named = _tables(query.statement)
        assert named and named <= set(change_counts.VALUE[part]), (part, named)
    counted = {*MIGRATION.WATCHED, *MIGRATION.TEAM_ONLY}
    assert {t for tables in change_counts.VALUE.values() for t in tables} <= counted


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
    for change, (statement, chosen) in CHANGES.items():
        ids = _ids_with(generated, chosen, values)
        assert ids, change
        asked = {k: v for k, v in values.items() if f":{k}" in statement}
        _by_hand(generated, statement.format(ids=ids), **asked)
        kept = _picture(generated)
        assert kept != shown, f"nothing to see after: {change}"
        assert kept == _afresh(generated), change
        shown = kept


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

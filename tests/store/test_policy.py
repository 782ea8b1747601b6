"""The portfolio's rules live in the portfolio: a teammate reads what was set, a change never
overwrites a newer one silently, and a user's old preferences come in once without
overriding the team's."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from alliance_desk.core.policy import Policy
from alliance_desk.core.validation import FieldError
from alliance_desk.store import policy, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.errors import ConflictError
from alliance_desk.store.location import resolve
from alliance_desk.store.migrate import upgrade
from tests.helpers import draft, teammate


def test_a_new_portfolio_has_the_default_rules(store) -> None:
    assert policy.load_policy(store) == Policy()
    assert policy.stored_settings(store) == {}


def test_a_rule_set_here_is_what_a_teammate_reads(store) -> None:
    policy.set_setting(store, "sla-level-1", "2")
    policy.set_setting(store, "holidays", "2026-12-25, 2026-12-28")
    with teammate(store) as other:
        theirs = policy.load_policy(other)
    assert theirs.sla_days == (5, 2, 10, 10)
    assert theirs.holidays == {date(2026, 12, 25), date(2026, 12, 28)}
    assert theirs == policy.load_policy(store)


def test_a_bad_value_writes_nothing(store) -> None:
    with pytest.raises(FieldError, match="week-start"):
        policy.set_setting(store, "week-start", "someday")
    assert policy.stored_settings(store) == {}


def test_a_change_begun_before_a_teammates_is_refused_whole(store) -> None:
    """Both changed the same rule: mine is refused, and my other change is not half-made."""
    seen = policy.load_policy(store)
    with teammate(store) as other:
        policy.set_setting(other, "sla-level-2", "3")
    mine = replace(seen, sla_days=(5, 5, 20, 10), week_start=6)
    with pytest.raises(ConflictError, match="sla-level-2"):
        policy.update_policy(store, seen, mine)
    now = policy.load_policy(store)
    assert now.sla_days == (5, 5, 3, 10) and now.week_start == 0


def test_changes_to_different_rules_both_stand(store) -> None:
    seen = policy.load_policy(store)
    with teammate(store) as other:
        policy.set_setting(other, "holidays", "2026-12-25")
    after = policy.update_policy(store, seen, replace(seen, not_implemented_days=30))
    assert after.not_implemented_days == 30 and after.holidays == {date(2026, 12, 25)}
    assert policy.load_policy(store) == after


def test_old_preferences_come_in_once_and_never_override_the_team(store) -> None:
    policy.set_setting(store, "sla-level-0", "9")  # the team's rule
    kept = policy.adopt_settings(
        store,
        {"sla-level-0": "3", "week-start": "6", "keep-off-weekends": "false", "holidays": "bad"},
    )
    assert kept == ["sla-level-0"]
    now = policy.load_policy(store)
    assert now.sla_days[0] == 9 and now.week_start == 6 and not now.keep_off_weekends
    assert "holidays" not in policy.stored_settings(store)  # unreadable: left out


def test_upgrading_a_portfolio_with_records_keeps_them_and_starts_with_defaults(
    db_path: Path,
) -> None:
    """The migration of this change runs on a file holding records, from the revision before."""
    location = resolve(db_path)
    db_path.touch(mode=0o600)
    upgrade(location, "0017_personal_habits")
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "INSERT INTO alliances (id, name, partner, alliance_type, phase, criticality, "
            "complexity, north_star, strategic_value, financial_value, internal_only, "
            "created_at, updated_at, version) VALUES (3, 'Aurora', 'Borealis', 'licensing', "
            "'execution', 3, 3, '', 3, 0, 0, '2024-01-02 10:00:00', '2024-01-02 10:00:00', 1)"
        )
    connection.close()
    store = open_store(db_path)
    try:
        assert [a.name for a in portfolio.list_alliances(store)] == ["Aurora"]
        assert policy.load_policy(store) == Policy()
        policy.set_setting(store, "week-start", "sunday")
        assert policy.load_policy(store).week_start == 6
    finally:
        store.close()


def test_a_policy_change_reports_itself(store) -> None:
    """Views that follow the rules hear of a change like of any other record."""
    told = []
    store.on_change(told.append)
    policy.set_setting(store, "sla-level-0", "2")
    portfolio.create_alliance(store, draft())
    assert [sorted(k.value for k in c.kinds) for c in told] == [["policy"], ["alliance"]]

"""A team of users on one PostgreSQL portfolio: each connects with their own database role,
and an interaction flagged private is unreadable to everyone but its author — enforced by
row-level security in the database, not by the app (so hand-written SQL cannot see it)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from alliance_desk.core import wall
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import contact_log, portfolio, stakeholders
from alliance_desk.store.database import open_store
from tests.helpers import draft


class Team(dict):
    """The members' stores by name; `grant` shares an alliance with one of them, as an
    administrator would (`alliance-desk team grant`)."""

    url: str
    roles: dict[str, str]

    def grant(self, who: str, alliance_id: int) -> None:
        from alliance_desk.store import team as administration
        from alliance_desk.store.location import resolve

        administration.grant(resolve(self.url), self.roles[who], [str(alliance_id)])


@pytest.fixture
def team(team_database, postgres_template):
    """Two login roles, alice and bob, members of the app's alliance_desk_team role."""
    suffix = uuid.uuid4().hex[:8]
    names = {"alice": f"alice_{suffix}", "bob": f"bob_{suffix}"}
    with postgres_template.connect() as connection:
        for role in names.values():
            connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'"))
            connection.execute(text(f"GRANT alliance_desk_team TO {role}"))
    url = make_url(team_database)
    stores = Team(
        (
            who,
            open_store(
                url.set(username=role, password=f"pw-{role}").render_as_string(hide_password=False)
            ),
        )
        for who, role in names.items()
    )
    stores.url, stores.roles = team_database, names
    yield stores
    for store in stores.values():
        store.close()
    with postgres_template.connect() as connection:
        connection.execute(text(f"DROP DATABASE {url.database} WITH (FORCE)"))  # then its users
        for role in names.values():
            connection.execute(text(f"DROP ROLE {role}"))


def _shared_alliance(team, by: str = "alice"):
    """An alliance created by `by`, granted to the whole team, with one partner person on it:
    (alliance, the person's id)."""
    store = team[by]
    alliance = portfolio.create_alliance(store, draft(name="Shared alliance"))
    for who in team.roles:
        team.grant(who, alliance.id)
    stakeholders.add_new_person(
        store,
        alliance.id,
        validate_person({"name": "Ana Lima", "side": "partner"}),
        validate_stakeholder({}),
    )
    return alliance, stakeholders.list_stakeholders(store, alliance.id)[0].person.id


def test_a_private_interaction_is_hidden_from_teammates_by_the_database(team) -> None:
    alice, bob = team["alice"], team["bob"]
    alliance, person = _shared_alliance(team)

    def log(store, note: str, private: bool) -> int:
        values = {"occurred_on": wall.today(), "person_ids": [person], "note": note}
        return contact_log.log_interaction(
            store, alliance.id, validate_interaction({**values, "private": private})
        )

    log(alice, "Shared: supply plan agreed", private=False)
    secret = log(alice, "Private: Ana hinted at a reorganisation", private=True)

    mine = contact_log.interactions(alice, alliance.id)
    assert {i.note for i in mine} == {
        "Shared: supply plan agreed",
        "Private: Ana hinted at a reorganisation",
    }
    assert next(i for i in mine if i.id == secret).private
    theirs = contact_log.interactions(bob, alliance.id)
    assert [i.note for i in theirs] == ["Shared: supply plan agreed"]

    with bob.engine.begin() as connection:  # not even by hand
        notes = connection.execute(text("SELECT note FROM interactions")).scalars().all()
        assert notes == ["Shared: supply plan agreed"]
        links = connection.execute(text("SELECT interaction_id FROM interaction_people"))
        assert secret not in links.scalars().all()
        changed = connection.execute(
            text("UPDATE interactions SET note = 'overwritten' WHERE id = :id"), {"id": secret}
        )
        assert changed.rowcount == 0
    kept = {i.id: i.note for i in contact_log.interactions(alice, alliance.id)}
    assert kept[secret] == "Private: Ana hinted at a reorganisation"
    # Bob's own private note is just as hidden from Alice.
    log(bob, "Bob's private aside", private=True)
    seen_by_alice = {i.note for i in contact_log.interactions(alice, alliance.id)}
    assert "Bob's private aside" not in seen_by_alice


def test_the_team_store_asks_for_a_password_and_says_when_it_is_wrong(carol) -> None:
    from alliance_desk.store.errors import PasswordRequired
    from alliance_desk.store.location import with_password

    with pytest.raises(PasswordRequired, match="needs your password"):
        open_store(carol)
    with pytest.raises(PasswordRequired, match="did not accept the password"):
        open_store(with_password(carol, "guess"))
    open_store(with_password(carol, "carols-secret")).close()


def test_without_a_terminal_the_command_line_says_how_to_give_the_password(carol, capsys):
    from alliance_desk.cli import main

    assert main(["--db", carol, "alliances"]) == 2
    err = capsys.readouterr().err
    assert "needs your password" in err and "PGPASSWORD" in err


def test_habits_are_each_users_own_on_the_team_store(team) -> None:
    """Alice and Bob share the portfolio, not their habits: each sees only their own
    check-ins, targets and weekly reviews (the database hides the other's, even from SQL
    typed by hand), reviewing the same week overwrites nothing, and work one of them records
    credits only that one's habits."""
    from alliance_desk.core.escalations import validate_escalation, validate_resolution
    from alliance_desk.core.habits import CheckIn
    from alliance_desk.core.risks import validate_decision
    from alliance_desk.store import escalation_moves, escalations, habits, risks

    alice, bob = team["alice"], team["bob"]
    today = wall.today()
    alliance, person = _shared_alliance(team)
    contact_log.log_interaction(
        alice,
        alliance.id,
        validate_interaction({"occurred_on": today, "person_ids": [person], "note": "Call"}),
    )
    risks.add_decision(alice, alliance.id, validate_decision({"title": "Go", "decided_on": today}))
    issue = escalations.raise_escalation(
        alice,
        alliance.id,
        validate_escalation({"title": "Slot", "category": "conflict", "raised_on": today}),
    )
    escalation_moves.resolve(
        bob,
        issue,
        validate_resolution({"root_cause": "Plan", "resolution": "Agreed", "kind": "compromise"}),
    )
    habits.add_checkin(alice, CheckIn("bridge", today, "Alice's lunch"))
    habits.set_target(alice, "engage", 9)
    habits.save_review(alice, today, "Alice: went well", "", "")
    habits.save_review(bob, today, "Bob: went well", "", "")  # the same week, his own

    def credited(store) -> set[str]:
        return {c.habit for c in habits.checkins(store, today, today)}

    assert credited(alice) == {"engage", "value", "bridge"}  # her call, decision, lunch
    assert credited(bob) == {"resolve"}  # only what he did
    assert habits.review(alice, today)[0] == "Alice: went well"
    assert habits.review(bob, today)[0] == "Bob: went well"
    assert next(h for h in habits.habits(alice) if h.key == "engage").target == 9
    assert next(h for h in habits.habits(bob) if h.key == "engage").target != 9
    with bob.engine.begin() as connection:  # not even by hand
        assert connection.execute(text("SELECT count(*) FROM habit_checkins")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM habit_targets")).scalar() == 0
        changed = connection.execute(text("UPDATE habit_weekly_reviews SET went_well = 'x'"))
        assert changed.rowcount == 1  # his own review only
    assert habits.review(alice, today)[0] == "Alice: went well"


def test_a_snooze_is_each_users_own_on_the_team_store(team) -> None:
    """Alice snoozing a call on Today never hides it from Bob's Today, nor can she see or
    lift his snoozes."""
    from alliance_desk.store import today as store_today

    alice, bob = team["alice"], team["bob"]
    day = wall.today()
    later = day + timedelta(days=3)
    assert store_today.snooze(alice, "call:1", later) is None
    assert store_today.snoozes(alice, day) == {"call:1": later}
    assert store_today.snoozes(bob, day) == {}
    assert store_today.snooze(bob, "call:1", day + timedelta(days=9)) is None  # his own
    assert store_today.snoozes(alice, day) == {"call:1": later}
    assert store_today.snooze(alice, "call:1", None) == later
    assert store_today.snoozes(bob, day) == {"call:1": day + timedelta(days=9)}


def test_search_never_finds_a_teammates_private_interaction(team) -> None:
    """Search reads the tables under row security: Bob finds Alice's shared note, never her
    private one — not by its words, not by a prefix, not by a phrase."""
    from alliance_desk.store.search import search

    alice, bob = team["alice"], team["bob"]
    alliance, person = _shared_alliance(team)
    for note, private in [("Shared zqsupply plan agreed", False), ("zqsecret reorg", True)]:
        values = {"occurred_on": wall.today(), "person_ids": [person], "note": note}
        contact_log.log_interaction(
            alice, alliance.id, validate_interaction({**values, "private": private})
        )
    assert [h.title for h in search(alice, "zqsecret")]
    for query in ["zqsecret", "zqsec", '"zqsecret reorg"', "reorg", "zq"]:
        notes = [h.plain_snippet for h in search(bob, query)]
        assert not any("zqsecret" in n for n in notes), query
    assert [h.what for h in search(bob, "zqsupply")] == ["interaction"]


def test_search_never_finds_an_alliance_not_granted(team) -> None:
    """An alliance Alice keeps to herself: its name, notes and people never come back to Bob's
    search, whatever he types."""
    from alliance_desk.store.search import search

    alice, bob = team["alice"], team["bob"]
    hidden = portfolio.create_alliance(alice, draft(name="Zqhidden merger talks"))
    stakeholders.add_new_person(
        alice,
        hidden.id,
        validate_person({"name": "Zqhidden Contact", "side": "partner"}),
        validate_stakeholder({"notes": "zqhidden wants out"}),
    )
    assert {h.what for h in search(alice, "zqhidden")} == {"alliance", "person"}
    for query in ["zqhidden", "zqh", "merger", '"wants out"']:
        assert search(bob, query) == [], query
    assert search(bob, "zqhidden", alliance_id=hidden.id) == []


def test_a_practice_baseline_is_each_users_own_on_the_team_store(team) -> None:
    """A self-assessment is its author's: a teammate neither lists it nor reads its answers,
    even with plain SQL, and cannot delete it."""
    from alliance_desk.store import baseline
    from alliance_desk.store.errors import StoreError

    alice, bob = team["alice"], team["bob"]
    key = next(iter(baseline.model().questions))
    made = baseline.take_baseline(alice, wall.today(), {key: 2}, "Mine")
    assert [b.note for b in baseline.list_baselines(alice)] == ["Mine"]
    assert baseline.list_baselines(bob) == []
    with bob.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM baseline_answers")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM practice_baselines")).scalar() == 0
    with pytest.raises(StoreError):
        baseline.remove_baseline(bob, made)
    assert len(baseline.list_baselines(alice)) == 1


def test_teammates_share_an_alliances_milestones_and_kpis(team) -> None:
    """Milestones and KPIs belong to the alliance, not to one user: both see and edit them."""
    from alliance_desk.core.value import validate_kpi, validate_milestone
    from alliance_desk.store import value

    alice, bob = team["alice"], team["bob"]
    alliance, _ = _shared_alliance(team)
    value.add_milestone(
        alice, alliance.id, validate_milestone({"title": "M", "planned_on": wall.today()})
    )
    kpi = value.add_kpi(alice, alliance.id, validate_kpi({"name": "K", "target": 5}))
    value.record_actual(bob, kpi, wall.today(), 4)
    assert [m.title for m in value.list_milestones(bob, alliance.id)] == ["M"]
    assert value.list_kpis(alice, alliance.id)[0].latest == 4


def test_milestones_and_kpis_of_an_alliance_not_granted_stay_hidden(team) -> None:
    """Bob, not granted Alice's own alliance, sees none of its milestones, KPIs or actuals,
    by the app or by plain SQL."""
    from alliance_desk.core.value import validate_kpi, validate_milestone
    from alliance_desk.store import value

    alice, bob = team["alice"], team["bob"]
    kept = portfolio.create_alliance(alice, draft(name="Alice's own"))
    value.add_milestone(
        alice, kept.id, validate_milestone({"title": "Zqsecret", "planned_on": wall.today()})
    )
    kpi = value.add_kpi(alice, kept.id, validate_kpi({"name": "Zqkpi", "target": 5}))
    value.record_actual(alice, kpi, wall.today(), 4)
    assert value.list_milestones(bob, kept.id) == []
    assert value.list_kpis(bob, kept.id) == []
    with bob.engine.begin() as connection:
        for table in ("milestones", "kpis", "kpi_actuals"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0

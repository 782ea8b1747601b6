"""Each contact's link carries its interaction's alliance and day (migration 0029), kept by the
database whoever writes (the app, SQL typed by hand, an upgrade of a portfolio holding rows),
so Today's calls — read from that copy — say exactly what the interactions say, on the file
and on the team store, where another member's private contact stays out of sight."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from alliance_desk.core import wall
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import contact_log, portfolio, stakeholders, today
from alliance_desk.store.database import open_store
from tests.helpers import draft, set_back, table_columns
from tests.store.test_team_access import setup  # noqa: F401  (the team store, its members)

NOW = wall.now().replace(microsecond=0)
DAY = NOW.date()


def _monthly(store, alliance_id: int, name: str) -> tuple[int, int]:
    """(stakeholder id, person id) of someone new with a monthly contact plan."""
    sid = stakeholders.add_new_person(
        store,
        alliance_id,
        validate_person({"name": name, "side": "partner"}),
        validate_stakeholder({"cadence": "monthly"}),
    )
    person = next(s for s in stakeholders.list_stakeholders(store, alliance_id) if s.id == sid)
    return sid, person.person.id


def _met(store, alliance_id: int, person_id: int, day: date, private: bool = False) -> int:
    return contact_log.log_interaction(
        store,
        alliance_id,
        validate_interaction({"occurred_on": day, "person_ids": [person_id], "private": private}),
    )


def _call(store, stakeholder_id: int):
    """Today's call to that stakeholder (None: none due)."""
    found = today.load_today(store, now=NOW, limit=None)
    return next((t for t in found.tasks if t.key == f"call:{stakeholder_id}"), None)


def _copies(store) -> set[tuple[int, int, int | None, str | None]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT p.interaction_id, p.person_id, p.alliance_id, p.occurred_on, "
                "i.alliance_id, i.occurred_on FROM interaction_people p "
                "JOIN interactions i ON i.id = p.interaction_id"
            )
        ).all()
    return {(r[0], r[1], r[2], str(r[3])) for r in rows if (r[2], str(r[3])) != (r[4], str(r[5]))}


def test_each_link_carries_its_interactions_day_whoever_writes_it(store) -> None:
    """Logged in the app, inserted by hand without the copy or with a wrong one, its
    interaction moved to another day: the copy is right each time, and so is the call."""
    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    other = portfolio.create_alliance(store, draft(name="Osprey")).id
    sid, person = _monthly(store, alliance, "Hannah Weiss")
    _met(store, alliance, person, DAY - timedelta(days=60))
    recent = _met(store, alliance, person, DAY - timedelta(days=2))
    stakeholders.add_existing_person(store, other, person, validate_stakeholder({}))
    _met(store, other, person, DAY - timedelta(days=1))  # another alliance's contact
    assert _call(store, sid) is None  # met two days ago: next call in a month
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE interactions SET occurred_on = :day WHERE id = :id"),
            {"day": DAY - timedelta(days=50), "id": recent},
        )
    call = _call(store, sid)
    assert call is not None and call.late  # last met 50 days ago: 20 days late
    assert f"last contact {DAY - timedelta(days=50):%d %b %Y}" in call.why
    with store.engine.begin() as connection:
        made = connection.execute(
            text(
                "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note, "
                "internal_only, created_at, private) VALUES (:a, :day, 'call', 0, 'By hand', "
                "false, :now, false) RETURNING id"
            ),
            {"a": alliance, "day": DAY - timedelta(days=3), "now": NOW},
        ).scalar_one()
        connection.execute(
            text("INSERT INTO interaction_people (interaction_id, person_id) VALUES (:i, :p)"),
            {"i": made, "p": person},
        )
    assert _copies(store) == set()
    assert _call(store, sid) is None  # met three days ago, by hand
    with store.engine.begin() as connection:  # a wrong copy: put right
        connection.execute(
            text(
                "UPDATE interaction_people SET occurred_on = :day, alliance_id = :other "
                "WHERE interaction_id = :i"
            ),
            {"day": DAY, "other": other, "i": made},
        )
    assert _copies(store) == set()
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM interactions WHERE id = :i"), {"i": made})
    call = _call(store, sid)
    assert call is not None and f"last contact {DAY - timedelta(days=50):%d %b %Y}" in call.why


def test_a_portfolio_holding_contacts_gains_the_copy_and_keeps_its_rows(store) -> None:
    """Set back to 0028 (the copy and its index gone), then upgraded: every link gains its
    interaction's day, Today's calls are what they were, and nothing is lost either way."""

    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    late, person = _monthly(store, alliance, "Hannah Weiss")
    _met(store, alliance, person, DAY - timedelta(days=45))
    fresh, other = _monthly(store, alliance, "Aiko Tanaka")
    _met(store, alliance, other, DAY - timedelta(days=5))
    before = today.load_today(store, now=NOW, limit=None)
    location = store.location
    with set_back(store, "0028_value_speed") as connection:
        columns = table_columns(connection, "interaction_people")
        assert not columns & {"alliance_id", "occurred_on"} and "person_id" in columns
        assert connection.execute(text("SELECT count(*) FROM interaction_people")).scalar() == 2
    upgraded = open_store(location.url if location.path is None else location.path)
    try:
        assert _copies(upgraded) == set()
        after = today.load_today(upgraded, now=NOW, limit=None)
        assert after.tasks == before.tasks and after.cards == before.cards
        assert _call(upgraded, late) is not None and _call(upgraded, fresh) is None
    finally:
        upgraded.close()


def test_another_members_private_contact_is_not_his_last_contact(setup) -> None:  # noqa: F811
    """Alice met Rui privately today: her Today has no call to Rui, Bob's still asks for one
    (never met, as far as he may know) — also after the team store is set back and upgraded
    by its owner, who sees none of their rows."""
    from alembic import command

    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import alembic_config

    alice, bob = setup.stores["alice"], setup.stores["bob"]
    shared = setup.ids["shared"]
    sid, rui = _monthly(alice, shared, "Rui Costa")
    _met(alice, shared, rui, DAY - timedelta(days=40))  # both see this one: 10 days late
    _met(alice, shared, rui, DAY, private=True)

    def whose() -> tuple[object, object]:
        return _call(alice, sid), _call(bob, sid)

    mine, his = whose()
    assert mine is None
    assert his is not None and his.late
    assert f"last contact {DAY - timedelta(days=40):%d %b %Y}" in his.why
    root = resolve(setup.url_for("root"))
    command.downgrade(alembic_config(root), "0028_value_speed")
    open_store(setup.url_for("root")).close()  # the owner upgrades again
    for who in ("alice", "bob"):
        setup.stores[who].close()
        setup.stores[who] = open_store(setup.url_for(who))
    alice, bob = setup.stores["alice"], setup.stores["bob"]
    mine, his = whose()
    assert mine is None and his is not None and his.late
    assert _copies(alice) == set()

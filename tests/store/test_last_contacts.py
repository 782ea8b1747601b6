"""Each person's last contact on each alliance, kept by the database (`last_contacts`,
migration 0035, and on the team store each member's own private contacts' in
`private_last_contacts`, 0041): after any sequence of changes, by the app or by SQL typed by
hand, they are what the interactions say, and Today's calls read from them are what the
look-up among the links gave — on the file and on the team store, where members may only
read them, each member only their own private days, and another member's private contact
never shows."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from alliance_desk.core import wall
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import calls_due, contact_log, portfolio, stakeholders, today, today_calls
from alliance_desk.store.database import open_store
from alliance_desk.store.last_contacts import last_contact_of, looked_up
from alliance_desk.store.models import StakeholderRow, table
from tests.helpers import draft, set_back
from tests.store.test_team_access import Refused, setup  # noqa: F401  (the team store)
from tests.store.test_today_ranking import generated  # noqa: F401  (the fixture)

NOW = wall.now().replace(microsecond=0)
DAY = NOW.date()
# The last contact of each person on each alliance: on the team store of the shared ones (a
# private one's day is never kept there), on the file of all (every one is the user's, 0039).
TRUTH = (
    "SELECT l.person_id, i.alliance_id, max(i.occurred_on) FROM interaction_people l "
    "JOIN interactions i ON i.id = l.interaction_id {shared}"
    "GROUP BY l.person_id, i.alliance_id"
)


# Each owner's last private contact with each person on each alliance (team store only).
PRIVATE_TRUTH = (
    "SELECT i.owner, l.person_id, i.alliance_id, max(i.occurred_on) FROM interaction_people l "
    "JOIN interactions i ON i.id = l.interaction_id WHERE i.private "
    "GROUP BY i.owner, l.person_id, i.alliance_id"
)
PRIVATE_KEPT = "SELECT owner, person_id, alliance_id, day FROM private_last_contacts"


def wrong_days(store) -> set[tuple]:
    """Rows of last_contacts and private_last_contacts that differ from the days recomputed
    from the interactions (as the superuser or file user sees them all), and days missing
    from them. On the file private days are never kept apart."""
    truth = TRUTH.format(shared="" if store.path is not None else "WHERE NOT i.private ")
    private_truth = PRIVATE_TRUTH if store.path is None else PRIVATE_TRUTH + " LIMIT 0"
    with store.engine.connect() as connection:
        kept = connection.execute(text("SELECT person_id, alliance_id, day FROM last_contacts"))
        wrong = set(map(tuple, kept)) ^ set(map(tuple, connection.execute(text(truth))))
        private = set(map(tuple, connection.execute(text(PRIVATE_KEPT))))
        return wrong | private ^ set(map(tuple, connection.execute(text(private_truth))))


def last_contacts(store, day: date) -> tuple[dict, dict]:
    """Each stakeholder's last contact on or before `day`: (read from the kept days, looked
    up among the links as before)."""
    placed, last = table(StakeholderRow), last_contact_of(day)
    with store.read() as session:
        kept = dict(session.execute(last.joined(select(placed.c.id, last.day))).all())
        seek = dict(session.execute(select(placed.c.id, looked_up(day))).all())
    return kept, seek


class LookedUp:
    """The last contact as it was read before migration 0035: a look-up per stakeholder."""

    def __init__(self, day: date) -> None:
        self.day = looked_up(day)

    def joined(self, query):
        return query


def todays_calls_both_ways(store, monkeypatch) -> tuple:
    """Today's tasks and cards read from the kept days, then from the look-ups."""
    from alliance_desk.store import batch, today_rank

    def fresh():
        batch._PREPARED.clear()
        today_rank._BUILT.clear()
        found = today.load_today(store, now=NOW, limit=None)
        return found.tasks, found.cards, calls_due.calls_due(store, DAY)

    kept = fresh()
    with monkeypatch.context() as patched:
        patched.setattr(today_calls, "last_contact_of", LookedUp)
        patched.setattr(stakeholders, "last_contact_of", LookedUp)
        seek = fresh()
    fresh()  # the kept statements again, for whoever reads next
    return kept, seek


def _person(store, alliance_id: int, name: str) -> int:
    sid = stakeholders.add_new_person(
        store,
        alliance_id,
        validate_person({"name": name, "side": "partner"}),
        validate_stakeholder({"cadence": "monthly"}),
    )
    return next(
        s for s in stakeholders.list_stakeholders(store, alliance_id) if s.id == sid
    ).person.id


def _sql(store, statement: str, **values) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement), values)


def _ids(store, statement: str) -> list[int]:
    with store.engine.connect() as connection:
        return list(connection.execute(text(statement)).scalars())


def test_the_kept_days_follow_every_change_and_today_reads_what_the_links_say(
    store, monkeypatch
) -> None:
    """Two hundred random changes — contacts logged (some private, some for a later date),
    moved to another day or alliance, made private or shared, people unlinked or swapped,
    interactions, people and alliances deleted — by the app and by SQL typed by hand: after
    each the kept days are the interactions' own, and each stakeholder's last contact (on
    three days: before, on and after the contacts) is what the look-up gives."""
    chance = random.Random(25)
    alliances = [portfolio.create_alliance(store, draft(name=f"A{n}")).id for n in range(3)]
    people = [_person(store, alliances[0], f"Person {n}") for n in range(6)]
    for person in people:  # each also placed on the other alliances
        for alliance in alliances[1:]:
            stakeholders.add_existing_person(
                store, alliance, person, validate_stakeholder({"cadence": "weekly"})
            )

    def live(kind: str) -> list[int]:
        return _ids(store, f"SELECT id FROM {kind} ORDER BY id")

    def log() -> None:
        alliance = chance.choice(live("alliances"))
        who = chance.sample(live("people"), k=min(2, len(live("people"))))
        day = DAY + timedelta(days=chance.randint(-90, 20))
        values = {"occurred_on": day, "person_ids": who, "private": chance.random() < 0.3}
        contact_log.log_interaction(store, alliance, validate_interaction(values))

    def log_by_hand() -> None:
        with store.engine.begin() as connection:
            made = connection.execute(
                text(
                    "INSERT INTO interactions (alliance_id, occurred_on, kind, sentiment, note, "
                    "internal_only, created_at, private) VALUES (:a, :day, 'call', 0, '', "
                    "false, :now, :private) RETURNING id"
                ),
                {"a": chance.choice(live("alliances")), "now": NOW,
                 "day": DAY - timedelta(days=chance.randint(-5, 60)),
                 "private": chance.random() < 0.3},
            ).scalar_one()  # fmt: skip
            connection.execute(
                text("INSERT INTO interaction_people (interaction_id, person_id) VALUES (:i, :p)"),
                {"i": made, "p": chance.choice(live("people"))},
            )

    def on_one(statement: str) -> None:
        found = live("interactions")
        if found:
            _sql(
                store,
                statement,
                id=chance.choice(found),
                day=DAY + timedelta(days=chance.randint(-90, 20)),
                alliance=chance.choice(live("alliances")),
            )

    def unlink() -> None:
        links = _ids(store, "SELECT interaction_id FROM interaction_people")
        if links:
            _sql(store, "DELETE FROM interaction_people WHERE interaction_id = :i AND person_id "
                 "IN (SELECT min(person_id) FROM interaction_people WHERE interaction_id = :i)",
                 i=chance.choice(links))  # fmt: skip

    def swap() -> None:
        links = _ids(store, "SELECT interaction_id FROM interaction_people")
        if links:
            _sql(store, "UPDATE interaction_people SET person_id = :p WHERE interaction_id = :i "
                 "AND person_id = (SELECT min(person_id) FROM interaction_people "
                 "WHERE interaction_id = :i) AND NOT EXISTS (SELECT 1 FROM interaction_people "
                 "WHERE interaction_id = :i AND person_id = :p)",
                 i=chance.choice(links), p=chance.choice(live("people")))  # fmt: skip

    def delete_by_app() -> None:
        found = live("interactions")
        if found:
            contact_log.delete_interaction(store, chance.choice(found))

    def delete_rare(kind: str) -> None:
        if len(live(kind)) > 2 and chance.random() < 0.3:
            _sql(store, f"DELETE FROM {kind} WHERE id = :id", id=chance.choice(live(kind)))

    changes = [
        log, log, log, log, log_by_hand, unlink, swap, delete_by_app,
        lambda: on_one("UPDATE interactions SET occurred_on = :day WHERE id = :id"),
        lambda: on_one("UPDATE interactions SET alliance_id = :alliance WHERE id = :id"),
        lambda: on_one("UPDATE interactions SET private = NOT private WHERE id = :id"),
        lambda: on_one("UPDATE interactions SET private = true, occurred_on = :day WHERE id = :id"),
        lambda: on_one("UPDATE interactions SET occurred_on = :day, alliance_id = :alliance, "
                       "private = false WHERE id = :id"),
        lambda: on_one("DELETE FROM interactions WHERE id = :id"),
        lambda: delete_rare("people"),
        lambda: delete_rare("alliances"),
    ]  # fmt: skip
    for step in range(200):
        chance.choice(changes)()
        assert wrong_days(store) == set(), f"after change {step}"
        if step % 20 == 0:
            for day in (DAY - timedelta(days=30), DAY, DAY + timedelta(days=30)):
                kept, seek = last_contacts(store, day)
                assert kept == seek, f"after change {step}, on {day}"
    assert _ids(store, "SELECT count(*) FROM last_contacts")[0] > 0
    private_days = _ids(store, "SELECT count(*) FROM private_last_contacts")[0]
    assert private_days > 0 if store.path is None else private_days == 0
    kept, seek = todays_calls_both_ways(store, monkeypatch)
    assert kept == seek
    # An administrator empties the links at once (on the team store: TRUNCATE, which fires
    # no row trigger): no link, no day.
    emptied = "TRUNCATE" if store.path is None else "DELETE FROM"
    _sql(store, f"{emptied} interaction_people")
    assert _ids(store, "SELECT count(*) FROM last_contacts") == [0]
    assert _ids(store, "SELECT count(*) FROM private_last_contacts") == [0]


def test_a_portfolio_holding_contacts_gains_its_kept_days(store) -> None:
    """Set back to 0034 (no kept days), then upgraded: the days of the contacts already
    recorded are kept — a private contact's left out on the team store, counted on the file
    (where every contact is the user's: 0039)."""
    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    person = _person(store, alliance, "Hannah Weiss")
    for days, private in ((40, False), (10, False), (2, True)):
        values = {"occurred_on": DAY - timedelta(days=days), "person_ids": [person]}
        contact_log.log_interaction(
            store, alliance, validate_interaction({**values, "private": private})
        )
    location = store.location
    with set_back(store, "0034_body_index") as connection:
        assert connection.execute(text("SELECT count(*) FROM interaction_people")).scalar() == 3
    upgraded = open_store(location.url if location.path is None else location.path)
    try:
        assert wrong_days(upgraded) == set()
        with upgraded.engine.connect() as connection:
            (row,) = connection.execute(text("SELECT person_id, day FROM last_contacts")).all()
            private = connection.execute(text("SELECT person_id, day FROM private_last_contacts"))
            kept_apart = [(person, DAY - timedelta(days=2))] if location.path is None else []
            assert [(p, date.fromisoformat(str(d))) for p, d in private] == kept_apart
        latest = DAY - timedelta(days=10 if location.path is None else 2)
        assert row[0] == person and str(row[1]) == str(latest)
        kept, seek = last_contacts(upgraded, DAY)
        assert kept == seek and set(kept.values()) == {DAY - timedelta(days=2)}
    finally:
        upgraded.close()


def test_a_member_may_only_read_the_kept_days(setup) -> None:  # noqa: F811
    """Bob, with psql, cannot write a day, change one, delete one or empty the table, nor
    call the function the triggers write through; he reads the days of his alliances only."""
    ana, shared = setup.ids["ana"], setup.ids["shared"]
    for statement in (
        f"INSERT INTO last_contacts (person_id, alliance_id, day) VALUES ({ana}, {shared}, "
        "'2099-01-01')",
        "UPDATE last_contacts SET day = '2099-01-01'",
        "DELETE FROM last_contacts",
        "TRUNCATE last_contacts",
        f"SELECT ad_last_contact_put({ana}, {shared}, '2099-01-01')",
        f"SELECT ad_last_contact_put({ana}, {shared}, NULL)",
    ):
        with pytest.raises(Refused):
            setup.sql("bob", statement)
    rows = setup.sql("bob", "SELECT person_id, alliance_id, day FROM last_contacts")
    assert rows == [(ana, shared, wall.today())]  # not the day on Confidential
    assert len(setup.sql("alice", "SELECT * FROM last_contacts")) == 2


def test_a_members_private_days_are_theirs_alone_and_only_the_database_writes_them(
    setup,  # noqa: F811
) -> None:
    """Alice's private note on Ana keeps her a private day. Bob reads none of it, and with psql
    cannot write, forge, change, delete or empty a day, nor call the functions the triggers
    write through — not for himself either; Alice cannot write hers by hand."""
    ana, shared = setup.ids["ana"], setup.ids["shared"]
    alice, bob = setup.roles["alice"], setup.roles["bob"]
    mine = setup.sql("alice", PRIVATE_KEPT)
    assert mine == [(alice, ana, shared, wall.today())]
    assert setup.sql("bob", "SELECT * FROM private_last_contacts") == []
    for who, owner in (("bob", alice), ("bob", bob), ("alice", alice)):
        for statement in (
            f"INSERT INTO private_last_contacts (owner, person_id, alliance_id, day) "
            f"VALUES ('{owner}', {ana}, {shared}, '2099-01-01')",
            "UPDATE private_last_contacts SET day = '2099-01-01'",
            "DELETE FROM private_last_contacts",
            "TRUNCATE private_last_contacts",
            f"SELECT ad_private_contact_put('{owner}', {ana}, {shared}, '2099-01-01')",
            f"SELECT ad_private_contact_put('{owner}', {ana}, {shared}, NULL)",
            f"SELECT ad_private_contact_keep('{owner}', {ana}, {shared})",
        ):
            with pytest.raises(Refused):
                setup.sql(who, statement)
    assert setup.sql("alice", "SELECT day FROM private_last_contacts") == [(wall.today(),)]


def test_a_private_day_follows_changes_made_by_someone_row_security_does_not_bind(
    setup,  # noqa: F811
) -> None:
    """The store's owner, whom row security does not bind once it is set aside (as an
    administrator's maintenance may), moves and then deletes Alice's private note: her kept
    day follows, though the writer is not her."""
    ids = setup.ids
    earlier = wall.today() - timedelta(days=9)
    read = ("interactions", "interaction_people", "people", "alliances")
    with setup.connect("root") as connection:
        connection.execute("SET ROLE alliance_desk_owner")
        for name in read:
            connection.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
        try:
            connection.execute(
                "UPDATE interactions SET occurred_on = %s WHERE id = %s",
                (earlier, ids["private_note"]),
            )
            days = setup.sql("alice", "SELECT day FROM private_last_contacts")
            assert days == [(earlier,)]
            connection.execute("DELETE FROM interactions WHERE id = %s", (ids["private_note"],))
        finally:
            for name in read:
                connection.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
    assert setup.sql("alice", "SELECT * FROM private_last_contacts") == []


def test_another_members_private_contact_never_shows(setup, monkeypatch) -> None:  # noqa: F811
    """Alice meets Rui privately after their shared meeting, then makes the shared one private
    too: Bob's last contact with Rui stays the shared day, then is none; Alice's own Today
    counts her private contacts. Read from the kept days or looked up, the same for both."""
    alice, bob = setup.stores["alice"], setup.stores["bob"]
    shared = setup.ids["shared"]
    rui = _person(alice, shared, "Rui Costa")
    sid = next(s.id for s in stakeholders.list_stakeholders(alice, shared) if s.person.id == rui)

    def met(days: int, private: bool) -> int:
        values = {"occurred_on": DAY - timedelta(days=days), "person_ids": [rui]}
        return contact_log.log_interaction(
            alice, shared, validate_interaction({**values, "private": private})
        )

    def whose() -> tuple:
        both = []
        for who in (alice, bob):
            kept, seek = last_contacts(who, DAY)
            assert kept == seek
            calls_kept, calls_seek = todays_calls_both_ways(who, monkeypatch)
            assert calls_kept == calls_seek
            both.append(kept[sid])
        return tuple(both)

    open_meeting = met(40, False)
    met(3, True)
    met(-5, True)  # a private contact recorded for a later date
    assert whose() == (DAY - timedelta(days=3), DAY - timedelta(days=40))
    days = setup.sql("bob", f"SELECT day FROM last_contacts WHERE person_id = {rui}")
    assert days == [(DAY - timedelta(days=40),)]
    setup.sql("alice", f"UPDATE interactions SET private = true WHERE id = {open_meeting}")
    assert whose() == (DAY - timedelta(days=3), None)
    assert setup.sql("bob", f"SELECT day FROM last_contacts WHERE person_id = {rui}") == []
    setup.sql("alice", f"DELETE FROM interactions WHERE id = {open_meeting}")
    assert whose() == (DAY - timedelta(days=3), None)


def test_on_the_file_no_private_contact_is_gathered_and_the_statement_stays_cacheable(
    store,
) -> None:
    """On the file the kept day counts private contacts (0039), so no private day is read
    apart: that subquery's condition is false there and true on the team store (0041).
    The statement keeps a cache key (without one SQLAlchemy compiled Today's statements anew
    at every reading: ≈ 50 ms at ten times the heavy portfolio)."""
    placed, last = table(StakeholderRow), last_contact_of(DAY)
    statement = last.joined(select(placed.c.id, last.day))
    assert statement._generate_cache_key() is not None
    with store.read() as session:
        dialect = session.get_bind().dialect
    compiled = str(statement.compile(dialect=dialect))
    gathered = compiled.split("FROM private_last_contacts", 1)[1].split("GROUP BY", 1)[0]
    assert gathered.split() == (["WHERE", "0"] if store.path is not None else ["WHERE", "true"])


def test_a_generated_portfolio_keeps_the_days_its_contacts_say(store, generated) -> None:  # noqa: F811
    """The benchmark's generator fills the kept days in bulk, with the migrations' own
    statements: they are what the contacts say, and on the team store the private contacts
    belong to two people (the generating role and the benchmark's member)."""
    assert wrong_days(generated) == set()
    if store.path is None:
        owners = _ids(generated, "SELECT count(DISTINCT owner) FROM interactions WHERE private")
        assert owners == [2]

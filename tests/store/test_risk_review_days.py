"""Each risk carries its last rating's day (migration 0032), kept by the database whoever writes
(the app, SQL typed by hand, an upgrade of a portfolio holding rows), so Today's "risks not
reviewed in time" — counted from that day — says exactly what the ratings say, on the file and
on the team store, where keeping it is no edit: a teammate's rating does not make an open
editor's save conflict."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from alliance_desk.core import wall
from alliance_desk.core.dates import shown
from alliance_desk.core.risks import validate_risk
from alliance_desk.store import portfolio, risks, today
from alliance_desk.store.database import open_store
from tests.helpers import draft, set_back, table_columns
from tests.store.test_team_access import setup  # noqa: F401  (the team store, its members)

NOW = wall.now().replace(microsecond=0)
DAY = NOW.date()
FAR = DAY + timedelta(days=300)  # no review planned soon: the rhythm gap is what shows


def _draft(title: str, likelihood: int):
    raw = {"category": "business", "impact": 3, "next_review": FAR}
    return validate_risk({**raw, "title": title, "likelihood": likelihood})


def _risk(store, alliance_id: int, title: str, rated: date) -> int:
    return risks.add_risk(store, alliance_id, _draft(title, 3), today=rated)


def _rate(store, risk_id: int, likelihood: int, on: date, **given) -> int | None:
    """Saved from the risk's form with a new likelihood: rated on `on`."""
    return risks.update_risk(store, risk_id, _draft("Rated", likelihood), today=on, **given)


def _stale(store, alliance_id: int) -> str | None:
    """Today's rhythm task for the alliance's risk reviews: its why (None: none)."""
    found = today.load_today(store, now=NOW, limit=None)
    key = f"rhythm:risks:{alliance_id}"
    return next((t.why for t in found.tasks if t.key == key), None)


def _says(count: int, day: date) -> str:
    """Today's rhythm line for `count` open risks not reviewed in time, the oldest on `day`."""
    if count == 1:
        return f"1 open risk, reviewed {shown(day)}"
    return f"{count} open risks, the oldest reviewed {shown(day)}"


def _wrong(store) -> set[tuple[int, str]]:
    """The risks whose kept day is not their last rating's."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT k.id, k.last_rated_on, (SELECT max(r.rated_on) FROM risk_ratings r "
                "WHERE r.risk_id = k.id) FROM risks k"
            )
        ).all()
    return {(r[0], str(r[1])) for r in rows if str(r[1]) != str(r[2])}


def _sql(store, statement: str, **values) -> None:
    with store.engine.begin() as connection:
        connection.execute(text(statement), values)


def test_each_risk_carries_its_last_rating_whoever_writes_it(store) -> None:
    """Rated in the app, the rating taken back, ratings moved, added and removed by hand, the
    day itself written wrong: the day is right each time, and so is Today's count."""
    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    old = _risk(store, alliance, "Supply", DAY - timedelta(days=200))
    fresh = _risk(store, alliance, "Data", DAY - timedelta(days=5))
    assert _wrong(store) == set()
    assert _says(1, DAY - timedelta(days=200)) in (_stale(store, alliance) or "")
    rating = _rate(store, old, 4, DAY)  # reviewed today: nothing stale
    assert rating is not None and _wrong(store) == set()
    assert _stale(store, alliance) is None
    risks.unrate_risk(store, rating)  # taken back: stale again
    assert _says(1, DAY - timedelta(days=200)) in (_stale(store, alliance) or "")
    _sql(store, "UPDATE risk_ratings SET rated_on = :day WHERE risk_id = :id",
         day=DAY - timedelta(days=300), id=fresh)  # fmt: skip
    assert _wrong(store) == set()
    assert _says(2, DAY - timedelta(days=300)) in (_stale(store, alliance) or "")
    _sql(store, "INSERT INTO risk_ratings (risk_id, likelihood, impact, rated_on) "
         "VALUES (:id, 2, 2, :day)", id=fresh, day=DAY - timedelta(days=1))  # fmt: skip
    assert _says(1, DAY - timedelta(days=200)) in (_stale(store, alliance) or "")
    _sql(store, "UPDATE risks SET last_rated_on = :day", day=DAY)  # wrong: put right
    assert _wrong(store) == set()
    _sql(store, "DELETE FROM risk_ratings WHERE risk_id = :id", id=old)  # never rated now
    assert _wrong(store) == set()
    assert _stale(store, alliance) is None  # never rated, on an alliance added today: not due


def test_a_kept_day_is_no_edit_of_the_risk(store) -> None:
    """A rating added while the risk is open in an editor: the editor's save still goes
    through (the risk's version is the one it read), and the register shows the new day."""
    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    risk = _risk(store, alliance, "Supply", DAY - timedelta(days=200))
    (seen,) = risks.list_risks(store, alliance)
    _rate(store, risk, 4, DAY - timedelta(days=1), expected_version=seen.version)
    (edited,) = risks.list_risks(store, alliance)
    assert edited.version == seen.version + 1  # one save, one version
    _rate(store, risk, 5, DAY, expected_version=edited.version)
    (last,) = risks.list_risks(store, alliance)
    assert last.history[-1][0] == DAY and _wrong(store) == set()


def test_a_portfolio_holding_risks_gains_the_day_and_keeps_its_rows(store) -> None:
    """Set back to 0031 (the day and its index gone), then upgraded: every risk gains its
    last rating's day, Today is what it was, and nothing is lost either way."""

    alliance = portfolio.create_alliance(store, draft(name="Kestrel")).id
    _risk(store, alliance, "Supply", DAY - timedelta(days=200))
    _risk(store, alliance, "Data", DAY - timedelta(days=5))
    before = today.load_today(store, now=NOW, limit=None)
    assert _says(1, DAY - timedelta(days=200)) in (_stale(store, alliance) or "")
    location = store.location
    with set_back(store, "0031_log_totals") as connection:
        columns = table_columns(connection, "risks")
        assert "last_rated_on" not in columns and "title" in columns
        assert connection.execute(text("SELECT count(*) FROM risk_ratings")).scalar() == 2
    upgraded = open_store(location.url if location.path is None else location.path)
    try:
        assert _wrong(upgraded) == set()
        after = today.load_today(upgraded, now=NOW, limit=None)
        assert after.tasks == before.tasks and after.cards == before.cards
    finally:
        upgraded.close()


def test_a_teammates_rating_moves_the_count_for_everyone_granted(setup) -> None:  # noqa: F811
    """Alice rates a risk of the shared alliance while Bob has it open: Bob's Today counts it
    reviewed, his save goes through, and the store set back and upgraded by its owner (who
    sees none of the rows) keeps every risk's day."""
    from alembic import command

    from alliance_desk.store.location import resolve
    from alliance_desk.store.migrate import alembic_config

    alice, bob = setup.stores["alice"], setup.stores["bob"]
    shared = setup.ids["shared"]
    risk = _risk(alice, shared, "Supply", DAY - timedelta(days=200))
    assert _says(1, DAY - timedelta(days=200)) in (_stale(bob, shared) or "")
    seen = next(r for r in risks.list_risks(bob, shared) if r.id == risk)
    _rate(alice, risk, 4, DAY)
    assert _stale(bob, shared) is None and _stale(alice, shared) is None
    _rate(bob, risk, 4, DAY, expected_version=seen.version + 1)  # Alice's save only
    root = resolve(setup.url_for("root"))
    command.downgrade(alembic_config(root), "0031_log_totals")
    open_store(setup.url_for("root")).close()  # the owner upgrades again
    for who in ("alice", "bob"):
        setup.stores[who].close()
        setup.stores[who] = open_store(setup.url_for(who))
    assert _wrong(setup.stores["bob"]) == set()
    assert _stale(setup.stores["bob"], shared) is None

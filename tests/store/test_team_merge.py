"""Five alliance managers, five files, one team store: each member imports his own file into
the team store already in use. Records get new ids (their references follow), they are his,
nobody else's change, and each import is one transaction. Copying out gives exactly what
the member may see."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from alliance_desk.cli import main
from alliance_desk.core import wall
from alliance_desk.core.escalations import validate_escalation
from alliance_desk.core.people import validate_person
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import (
    contact_log,
    escalation_moves,
    escalations,
    habits,
    portfolio,
    risks,
    stakeholders,
    today,
    transfer,
)
from alliance_desk.store import team as administration
from alliance_desk.store.database import open_store
from alliance_desk.store.location import resolve
from alliance_desk.store.transfer import record_counts
from tests.helpers import draft

MANAGERS = 5
SNOOZED_UNTIL = wall.today() + timedelta(days=9)


def _file_of(path: Path, who: str, people: tuple[dict, ...] = ()) -> Path:
    """A manager's own portfolio: an alliance, a partner, a shared and a private note, an
    escalation with its history, a rated risk (its review snoozed on Today), a decision, a
    habit target, the shared note's habit credit dismissed, and `people` placed too."""
    store = open_store(path, start_backup=False)
    try:
        alliance = portfolio.create_alliance(store, draft(name=f"{who}'s alliance"))
        stakeholders.add_new_person(
            store,
            alliance.id,
            validate_person({"name": f"Partner of {who}", "side": "partner"}),
            validate_stakeholder({}),
        )
        person = stakeholders.list_stakeholders(store, alliance.id)[0].person.id
        for note, private in ((f"{who}: shared note", False), (f"{who}: private note", True)):
            contact_log.log_interaction(
                store,
                alliance.id,
                validate_interaction(
                    {
                        "occurred_on": wall.today(),
                        "person_ids": [person],
                        "note": note,
                        "private": private,
                    }
                ),
            )
        issue = escalations.raise_escalation(
            store,
            alliance.id,
            validate_escalation(
                {"title": f"{who}'s issue", "category": "conflict", "raised_on": wall.today()}
            ),
        )
        escalation_moves.add_note(store, issue, f"{who} called the partner")
        risks.add_risk(
            store,
            alliance.id,
            validate_risk(
                {"title": f"{who}'s risk", "category": "business", "likelihood": 3, "impact": 4}
            ),
        )
        risks.add_decision(
            store,
            alliance.id,
            validate_decision({"title": f"{who} goes", "decided_on": wall.today()}),
        )
        habits.set_target(store, "engage", 4)
        risk = next(r.id for r in risks.list_risks(store, alliance.id))
        today.snooze(store, f"risk:{risk}", SNOOZED_UNTIL)
        shared = next(i.id for i in contact_log.interactions(store, alliance.id) if not i.private)
        habits.dismiss_credit(store, "interaction", shared)
        for person in people:
            stakeholders.add_new_person(
                store, alliance.id, validate_person(person), validate_stakeholder({})
            )
    finally:
        store.close()
    return path


@pytest.fixture
def managers(team_database, postgres_template, tmp_path):
    """Five members of a team store already holding the team's own alliance; their URLs."""
    suffix = uuid.uuid4().hex[:6]
    names = [f"manager{i}_{suffix}" for i in range(MANAGERS)]
    location = resolve(team_database)
    for name in names:
        administration.add(location, name, password=f"pw-{name}")
    urls = {
        name: make_url(team_database)
        .set(username=name, password=f"pw-{name}")
        .render_as_string(hide_password=False)
        for name in names
    }
    yield urls
    with postgres_template.connect() as connection:
        connection.execute(
            text(f"DROP DATABASE IF EXISTS {make_url(team_database).database} WITH (FORCE)")
        )
        for name in names:
            connection.execute(text(f"DROP ROLE {name}"))


def _view(url: str) -> dict:
    """What a member sees: per table, the rows (without ids, which the merge renumbers)."""
    store = open_store(url)
    try:
        with store.engine.connect() as connection:
            return {
                name: sorted(
                    str(
                        sorted((k, str(v)) for k, v in row._mapping.items() if not k.endswith("id"))
                    )
                    for row in connection.execute(text(f"SELECT * FROM {name}"))
                )
                for name in ("alliances", "interactions", "escalation_events", "risk_ratings")
            }
    finally:
        store.close()


def test_five_files_merge_into_a_team_store_in_use(managers, tmp_path, capsys) -> None:
    first = next(iter(managers))
    team_alliance = portfolio.create_alliance(open_store(managers[first]), draft(name="Team's"))
    files = {name: _file_of(tmp_path / f"{name}.sqlite3", name) for name in managers}
    before = _view(managers[first])
    for name, url in managers.items():
        assert main(["--db", str(files[name]), "copy-to", url]) == 0, capsys.readouterr().err
    capsys.readouterr()
    for name, url in managers.items():
        store, mine = open_store(url), open_store(files[name], start_backup=False)
        try:
            names = sorted(a.name for a in portfolio.list_alliances(store))
            expected = sorted([f"{name}'s alliance"] + (["Team's"] if name == first else []))
            assert names == expected  # only his own (and the team's, which he created)
            alliance = next(a for a in portfolio.list_alliances(store) if a.name.startswith(name))
            notes = {i.note for i in contact_log.interactions(store, alliance.id)}
            assert notes == {f"{name}: shared note", f"{name}: private note"}
            with store.engine.connect() as connection:
                owners = connection.execute(text("SELECT DISTINCT owner FROM interactions"))
                assert set(owners.scalars()) == {make_url(url).username}
                history = connection.execute(
                    text(
                        "SELECT count(*) FROM escalation_events e JOIN escalations s ON "
                        "s.id = e.escalation_id WHERE s.title = :t"
                    ),
                    {"t": f"{name}'s issue"},
                ).scalar()
            assert history == 2  # raised, and the note: attached to the right escalation
            counts, theirs = record_counts(store), record_counts(mine)
            for table in (
                "risks",
                "risk_ratings",
                "decisions",
                "stakeholders",
                "interaction_people",
                "habit_targets",
            ):
                assert counts[table] == theirs[table], table
        finally:
            store.close()
            mine.close()
    after = _view(managers[first])
    for table, rows in before.items():  # the team's own records are untouched
        assert set(rows) <= set(after[table]), table
    assert portfolio.get_alliance(open_store(managers[first]), team_alliance.id).name == "Team's"


def test_a_merge_that_fails_part_way_adds_nothing(managers, tmp_path, monkeypatch) -> None:
    name, url = next(iter(managers.items()))
    source = open_store(_file_of(tmp_path / "mine.sqlite3", name), start_backup=False)
    target = open_store(url)
    portfolio.create_alliance(target, draft(name="Already there"))
    before = record_counts(target)
    real = transfer._renumbered

    def failing(row, table, *args):
        if table.name == "insights" or table.name == "habit_targets":
            raise RuntimeError("the power went out")
        return real(row, table, *args)

    monkeypatch.setattr(transfer, "_renumbered", failing)
    try:
        with pytest.raises(RuntimeError):
            transfer.copy_portfolio(source, target)
        assert record_counts(target) == before
    finally:
        source.close()
        target.close()


def test_copying_out_gives_exactly_what_the_member_may_see(managers, tmp_path) -> None:
    alice, bob = list(managers)[:2]
    _merge = tmp_path / "alice.sqlite3"
    assert main(["--db", str(_file_of(_merge, alice)), "copy-to", managers[alice]]) == 0
    out = tmp_path / "bob-out.sqlite3"
    assert main(["--db", managers[bob], "copy-to", str(out)]) == 0
    copied = open_store(out, start_backup=False)
    try:
        assert portfolio.list_alliances(copied) == []
        counts = record_counts(copied)
        assert counts["interactions"] == counts["escalations"] == counts["risks"] == 0
    finally:
        copied.close()


CEO = {"name": "Dana Ortiz", "side": "partner", "organisation": "Borealis", "title": "CEO"}
SAM = {"name": "Sam Lee", "side": "internal", "organisation": "Aurora"}
PEOPLE = (  # the partner's CEO in three files (her email typed three ways), Sam in two
    ({**CEO, "email": "Dana.Ortiz@borealis.example"}, SAM),
    ({**CEO, "email": "dana.ortiz@BOREALIS.example ", "title": "Chief executive"},),
    ({**CEO, "email": " DANA.ORTIZ@borealis.example"},),
    (SAM, {**CEO, "email": "dana@elsewhere.example"}),  # another Dana: another email
    ({**SAM, "organisation": "Another company"},),  # another Sam: another company
)


def test_people_in_several_files_become_one_person_of_the_team(
    managers, team_database, tmp_path, capsys
) -> None:
    told = []
    for (name, url), people in zip(managers.items(), PEOPLE, strict=True):
        file = _file_of(tmp_path / f"{name}.sqlite3", name, people)
        assert main(["--db", str(file), "copy-to", url]) == 0, capsys.readouterr().err
        told.append(capsys.readouterr().out)
    matched = [
        int(line.split()[0]) if line else 0
        for line in (
            next((row for row in out.splitlines() if "already there" in row), "") for out in told
        )
    ]
    assert matched == [0, 1, 1, 1, 0]  # Dana twice, Sam once
    admin = open_store(team_database)
    try:
        with admin.engine.connect() as connection:
            placed = dict(
                connection.execute(
                    text(
                        "SELECT p.name || ' / ' || p.organisation || ' / ' || p.email, "
                        "count(s.id) FROM people p LEFT JOIN stakeholders s ON s.person_id = p.id "
                        "WHERE p.name IN ('Dana Ortiz', 'Sam Lee') GROUP BY p.id, p.name, "
                        "p.organisation, p.email"
                    )
                ).all()
            )
    finally:
        admin.close()
    assert placed == {
        # the first file's details stay: a later file changes nobody's record
        "Dana Ortiz / Borealis / Dana.Ortiz@borealis.example": 3,
        "Dana Ortiz / Borealis / dana@elsewhere.example": 1,
        "Sam Lee / Aurora / ": 2,
        "Sam Lee / Another company / ": 1,
    }


def test_snoozes_and_dismissed_credits_follow_their_records(managers, tmp_path) -> None:
    """Each member's snooze names his risk, and his dismissed credit his note, by their ids
    in the team store; they are his, and Today and the habits behave as they did."""
    for name, url in managers.items():
        file = _file_of(tmp_path / f"{name}.sqlite3", name)
        assert main(["--db", str(file), "copy-to", url]) == 0
    for name, url in managers.items():
        store = open_store(url)
        try:
            alliance = next(a for a in portfolio.list_alliances(store) if a.name.startswith(name))
            risk = risks.list_risks(store, alliance.id)[0]
            notes = {i.note: i.id for i in contact_log.interactions(store, alliance.id)}
            assert today.snoozes(store, wall.today()) == {f"risk:{risk.id}": SNOOZED_UNTIL}
            week = wall.today() - timedelta(days=wall.today().weekday())
            credited = {c.source for c in habits.checkins(store, week, wall.today()) if c.source}
            assert ("interaction", notes[f"{name}: private note"]) in credited
            assert ("interaction", notes[f"{name}: shared note"]) not in credited
            with store.engine.connect() as connection:
                whose = connection.execute(
                    text(
                        "SELECT recorded_by FROM today_snoozes UNION ALL "
                        "SELECT recorded_by FROM habit_dismissed_credits"
                    )
                ).scalars()
                assert list(whose) == [make_url(url).username] * 2
        finally:
            store.close()


def test_a_merged_file_comes_back_out_as_it_went_in(managers, tmp_path) -> None:
    """File → a team store in use (merged, a person matched) → file: the member's records,
    snoozes and dismissed credits come back as they were, only renumbered."""
    (first, first_url), (name, url) = list(managers.items())[:2]
    theirs = _file_of(tmp_path / "first.sqlite3", first, PEOPLE[0])
    assert main(["--db", str(theirs), "copy-to", first_url]) == 0
    mine = _file_of(tmp_path / "mine.sqlite3", name, PEOPLE[1])
    assert main(["--db", str(mine), "copy-to", url]) == 0
    back = tmp_path / "back.sqlite3"
    assert main(["--db", url, "copy-to", str(back)]) == 0
    original, returned = open_store(mine, start_backup=False), open_store(back, start_backup=False)
    try:
        assert _readable(returned) == _readable(original)
    finally:
        original.close()
        returned.close()


def _readable(store) -> dict:
    """What a user reads of a portfolio, ids aside: alliances, people placed, notes, risks,
    snoozes (by the risk's title) and dismissed credits (by the note)."""
    with store.engine.connect() as connection:
        return {
            "alliances": connection.execute(text("SELECT name FROM alliances")).all(),
            "placed": sorted(
                connection.execute(
                    text(
                        "SELECT a.name, p.name, p.organisation FROM stakeholders s JOIN people p "
                        "ON p.id = s.person_id JOIN alliances a ON a.id = s.alliance_id"
                    )
                ).all()
            ),
            "notes": sorted(connection.execute(text("SELECT note FROM interactions")).all()),
            "snoozes": connection.execute(
                text(
                    "SELECT r.title, s.until FROM today_snoozes s "
                    "JOIN risks r ON s.task = 'risk:' || r.id"
                )
            ).all(),
            "dismissed": connection.execute(
                text(
                    "SELECT i.note FROM habit_dismissed_credits d "
                    "JOIN interactions i ON d.record_id = i.id AND d.kind = 'interaction'"
                )
            ).all(),
        }

"""Stakeholders in the store: people on alliances, ratings with history, counterparts,
interactions and all-or-nothing imports."""

from __future__ import annotations

from datetime import timedelta

import pytest

from alliance_desk.core import wall
from alliance_desk.core.cadence import Cadence
from alliance_desk.core.people import Side, validate_person
from alliance_desk.core.stakeholders import Stance, validate_interaction, validate_stakeholder
from alliance_desk.store import (
    calls_due,
    contact_log,
    counterparts,
    people_import,
    portfolio,
    stakeholder_ratings,
    stakeholder_removal,
    stakeholders,
)
from alliance_desk.store.errors import StoreError
from tests.helpers import draft, teammate

TODAY = wall.today()


@pytest.fixture
def alliance(store):
    return portfolio.create_alliance(store, draft())


def add(store, alliance_id, name, side, **details):
    return stakeholders.add_new_person(
        store,
        alliance_id,
        validate_person({"name": name, "side": side}),
        validate_stakeholder(details),
    )


def test_person_on_two_alliances_keeps_separate_ratings(store, alliance) -> None:
    """One person can sit on several alliances, rated separately on each."""
    other = portfolio.create_alliance(store, draft(name="Second"))
    sid = add(store, alliance.id, "Ana Lima", "partner", power=5, interest=2)
    person_id = stakeholders.list_stakeholders(store, alliance.id)[0].person.id
    assert [p[1] for p in stakeholders.people_not_on(store, other.id)] == ["Ana Lima"]
    stakeholders.add_existing_person(store, other.id, person_id, validate_stakeholder({"power": 1}))
    with pytest.raises(StoreError, match="already on this alliance"):
        stakeholders.add_existing_person(store, other.id, person_id, validate_stakeholder({}))
    assert stakeholders.get_stakeholder(store, sid).details.power == 5
    assert stakeholders.list_stakeholders(store, other.id)[0].details.power == 1


def test_rerating_keeps_dated_history_and_can_be_taken_back(store, alliance) -> None:
    """Each re-rating is stored with its date; undoing one restores the previous rating."""
    sid = add(store, alliance.id, "Ana", "partner", power=2, interest=2)
    later = TODAY + timedelta(days=3)
    rating_id = stakeholder_ratings.rate(store, sid, 5, 4, today=later)
    assert [
        (r.power, r.interest, r.rated_on) for r in stakeholder_ratings.rating_history(store, sid)
    ] == [
        (2, 2, TODAY),
        (5, 4, later),
    ]
    assert stakeholders.get_stakeholder(store, sid).details.power == 5
    stakeholder_ratings.unrate(store, rating_id)
    current = stakeholders.get_stakeholder(store, sid).details
    assert (current.power, current.interest) == (2, 2)
    assert len(stakeholder_ratings.rating_history(store, sid)) == 1


def test_editing_details_records_a_rating_only_when_it_changes(store, alliance) -> None:
    sid = add(store, alliance.id, "Ana", "partner")
    stakeholders.update_details(store, sid, validate_stakeholder({"stance": "blocker"}))
    assert len(stakeholder_ratings.rating_history(store, sid)) == 1
    stakeholders.update_details(store, sid, validate_stakeholder({"power": 4}))
    assert len(stakeholder_ratings.rating_history(store, sid)) == 2


def test_counterparts_pair_one_from_each_side(store, alliance) -> None:
    ours = add(store, alliance.id, "Mara", "internal")
    theirs = add(store, alliance.id, "Rebecca", "partner")
    also_theirs = add(store, alliance.id, "Sam", "partner")
    counterparts.pair(store, theirs, ours)  # either order
    counterparts.pair(store, ours, also_theirs)
    with pytest.raises(StoreError, match="one person from each company"):
        counterparts.pair(store, theirs, also_theirs)
    listed = {s.name: s.counterpart_ids for s in stakeholders.list_stakeholders(store, alliance.id)}
    assert listed == {"Mara": (theirs, also_theirs), "Rebecca": (ours,), "Sam": (ours,)}
    counterparts.unpair(store, theirs, ours)
    assert stakeholders.get_stakeholder(store, theirs).counterpart_ids == ()


def test_interactions_set_last_contact_and_next_due(store, alliance) -> None:
    """Logging a call with two people updates both people's last contact and due date."""
    a = add(store, alliance.id, "Ana", "partner", cadence="monthly")
    b = add(store, alliance.id, "Ben", "internal", cadence="weekly")
    people = {s.id: s.person.id for s in stakeholders.list_stakeholders(store, alliance.id)}
    when = TODAY - timedelta(days=10)
    interaction_id = contact_log.log_interaction(
        store,
        alliance.id,
        validate_interaction(
            {
                "occurred_on": when,
                "kind": "call",
                "sentiment": 1,
                "person_ids": [people[a], people[b]],
            }
        ),
    )
    ana, ben = (stakeholders.get_stakeholder(store, sid) for sid in (a, b))
    assert ana.last_contact == ben.last_contact == when
    assert ben.next_due(TODAY) == when + timedelta(days=7)
    assert ben.next_due(TODAY) < TODAY  # weekly plan, ten days ago: overdue
    assert ana.contacts_90d == ((when, 1),)
    (logged,) = contact_log.interactions(store, alliance.id, person_id=people[a])
    assert logged.people_names == ("Ana", "Ben") and logged.sentiment == 1
    contact_log.delete_interaction(store, interaction_id)
    assert stakeholders.get_stakeholder(store, a).last_contact is None


def test_remove_and_restore_keeps_history_and_pairs(store, alliance) -> None:
    ours = add(store, alliance.id, "Mara", "internal")
    theirs = add(store, alliance.id, "Rebecca", "partner", power=4)
    counterparts.pair(store, ours, theirs)
    stakeholder_ratings.rate(store, theirs, 5, 5)
    removed = stakeholder_removal.remove_from_alliance(store, theirs)
    assert [s.name for s in stakeholders.list_stakeholders(store, alliance.id)] == ["Mara"]
    stakeholder_removal.restore_to_alliance(store, removed)
    back = stakeholders.get_stakeholder(store, theirs)
    assert back.counterpart_ids == (ours,) and back.details.power == 5
    assert len(stakeholder_ratings.rating_history(store, theirs)) == 2


def test_import_is_all_or_nothing(store, alliance) -> None:
    """If one row cannot be written, none are."""
    good = (validate_person({"name": "A", "side": "partner"}), validate_stakeholder({}))
    assert len(people_import.import_people(store, alliance.id, [good, good])) == 2
    portfolio.delete_alliance(store, alliance.id)
    gone = portfolio.create_alliance(store, draft(name="tmp"))
    with store.write() as session:  # remove the alliance under the import's feet
        from alliance_desk.store.models import AllianceRow

        session.delete(session.get(AllianceRow, gone.id))
    with pytest.raises(StoreError):
        people_import.import_people(store, gone.id, [good])
    assert people_import.existing_keys(store, alliance.id) == {("a", Side.PARTNER.value)}


def test_cadence_change_restarts_the_plan(store, alliance) -> None:
    """Setting a plan on someone never contacted makes them due from that day."""
    sid = add(store, alliance.id, "Ana", "partner")
    assert stakeholders.get_stakeholder(store, sid).next_due(TODAY) is None
    stakeholders.update_details(store, sid, validate_stakeholder({"cadence": "weekly"}))
    person = stakeholders.get_stakeholder(store, sid)
    assert person.details.cadence is Cadence.WEEKLY and person.next_due(TODAY) == TODAY


def test_whole_portfolio_listing_keeps_contacts_per_alliance(store, alliance) -> None:
    """Listing every alliance at once keeps each person's contacts apart per alliance."""
    other = portfolio.create_alliance(store, draft(name="Second"))
    sid = add(store, alliance.id, "Ana", "partner", cadence="weekly")
    person_id = stakeholders.get_stakeholder(store, sid).person.id
    stakeholders.add_existing_person(store, other.id, person_id, validate_stakeholder({}))
    contact_log.log_interaction(
        store,
        other.id,
        validate_interaction({"occurred_on": TODAY, "person_ids": [person_id]}),
    )
    everyone = {(s.alliance_id, s.name): s for s in stakeholders.list_stakeholders(store, None)}
    assert everyone[(alliance.id, "Ana")].last_contact is None
    assert everyone[(other.id, "Ana")].last_contact == TODAY
    portfolio.delete_alliance(store, other.id)
    assert {s.alliance_id for s in stakeholders.list_stakeholders(store, None)} == {alliance.id}


def test_calls_due_lists_planned_people_due_by_the_horizon(store, alliance) -> None:
    """Today's calls: overdue and soon-due planned contacts, soonest first; no plan, a recent
    contact or a deleted alliance keeps someone off the list."""
    late = add(store, alliance.id, "Ana", "partner", cadence="weekly")
    add(store, alliance.id, "Ben", "partner")  # no plan
    recent = add(store, alliance.id, "Cy", "partner", cadence="monthly")
    add(store, alliance.id, "Dee", "internal", cadence="quarterly")  # never contacted: due now
    for sid, days_ago in ((late, 10), (recent, 3)):
        person = stakeholders.get_stakeholder(store, sid).person.id
        when = TODAY - timedelta(days=days_ago)
        contact_log.log_interaction(
            store, alliance.id, validate_interaction({"occurred_on": when, "person_ids": [person]})
        )
    gone = portfolio.create_alliance(store, draft(name="Wound down"))
    add(store, gone.id, "Eve", "partner", cadence="weekly")
    portfolio.delete_alliance(store, gone.id)

    due = calls_due.calls_due(store, TODAY, 7)
    assert [(c.name, c.due) for c in due] == [
        ("Ana", TODAY - timedelta(days=3)),
        ("Dee", TODAY),
    ]
    assert due[0].last_contact == TODAY - timedelta(days=10) and due[1].last_contact is None
    assert [c.name for c in calls_due.calls_due(store, TODAY, 40)] == ["Ana", "Dee", "Cy"]


def test_a_person_edited_elsewhere_is_never_overwritten_silently(store, alliance) -> None:
    """A teammate changes the person first: my edit, begun from what I saw before, is refused
    with a clear message and theirs stays; saving again from what is there now replaces it."""
    from dataclasses import replace

    from alliance_desk.store.errors import ConflictError

    sid = add(store, alliance.id, "Ana Lima", "partner", power=2)

    def retitle(into, seen, title: str, **details) -> None:
        """Save `title` (and `details`) over the version of the person `seen`."""
        stakeholders.edit_person(
            into,
            sid,
            replace(seen.person.draft(), title=title),
            replace(seen.details, **details),
            expected_version=(seen.person.version, seen.version),
        )

    mine = stakeholders.get_stakeholder(store, sid)
    with teammate(store) as other:
        retitle(other, stakeholders.get_stakeholder(other, sid), "CSO")
    with pytest.raises(ConflictError, match="“Ana Lima” was changed elsewhere"):
        retitle(store, mine, "CMO", stance=Stance.BLOCKER, power=5)
    now = stakeholders.get_stakeholder(store, sid)
    assert now.person.title == "CSO" and now.details.stance is not Stance.BLOCKER
    assert len(stakeholder_ratings.rating_history(store, sid)) == 1  # nothing half-written
    retitle(store, now, "CMO")
    assert stakeholders.get_stakeholder(store, sid).person.title == "CMO"


def test_a_drag_on_a_stale_grid_does_not_undo_a_teammates_rating(store, alliance) -> None:
    """Re-rating (the grid) and taking a rating back (undo) both check the version."""
    from alliance_desk.store.errors import ConflictError

    sid = add(store, alliance.id, "Ana", "partner", power=2, interest=2)
    seen = stakeholders.get_stakeholder(store, sid)
    with teammate(store) as other:
        stakeholder_ratings.rate(other, sid, 4, 4, expected_version=seen.version)
    with pytest.raises(ConflictError, match="Their version is shown now"):
        stakeholder_ratings.rate(store, sid, 1, 5, expected_version=seen.version)
    now = stakeholders.get_stakeholder(store, sid)
    assert (now.details.power, now.details.interest) == (4, 4)
    mine = stakeholder_ratings.rate(store, sid, 1, 5, expected_version=now.version)
    with pytest.raises(ConflictError):  # undoing from a version before my own rating
        stakeholder_ratings.unrate(store, mine, expected_version=now.version)
    stakeholder_ratings.unrate(
        store, mine, expected_version=stakeholders.get_stakeholder(store, sid).version
    )
    assert stakeholders.get_stakeholder(store, sid).details.power == 4


def test_undoing_an_edit_takes_its_rating_back_in_the_same_save(store, alliance) -> None:
    from dataclasses import replace

    sid = add(store, alliance.id, "Ana", "partner", power=2)
    before = stakeholders.get_stakeholder(store, sid)
    rating = stakeholders.edit_person(
        store, sid, before.person.draft(), replace(before.details, power=5, stance=Stance.CHAMPION)
    )
    assert rating is not None and len(stakeholder_ratings.rating_history(store, sid)) == 2
    stakeholders.edit_person(store, sid, before.person.draft(), before.details, take_back=rating)
    after = stakeholders.get_stakeholder(store, sid)
    assert after.details == before.details
    assert [r.power for r in stakeholder_ratings.rating_history(store, sid)] == [2]


@pytest.mark.slow
def test_fifty_thousand_people_import_in_one_go_and_a_bad_row_adds_nobody(db_path) -> None:
    """50,000 rows (the most a file may hold) import in one transaction, each with its own
    details and first rating; the same file with one bad row more adds nobody."""
    from alliance_desk.core.people_csv import ImportRejected, parse_people_csv
    from alliance_desk.store.database import open_store

    lines = ["name,side,title,power,interest,notes"] + [
        f"Person {n},{'partner' if n % 2 else 'internal'},Role {n},{n % 5 + 1},{n % 3 + 1},=n{n}"
        for n in range(50_000)
    ]
    data = ("\n".join(lines) + "\n").encode()
    store = open_store(db_path)
    try:
        alliance = portfolio.create_alliance(store, draft(name="Very big"))
        ids = people_import.import_people(store, alliance.id, parse_people_csv(data))
        people = stakeholders.list_stakeholders(store, alliance.id)
        assert len(ids) == len(people) == 50_000
        last = next(s for s in people if s.person.name == "Person 49999")
        assert (last.person.title, last.details.power, last.details.interest) == (
            "Role 49999",
            5,
            2,
        )
        assert last.details.notes == "=n49999"
        with pytest.raises(ImportRejected):
            parse_people_csv(data + b"Person X,sideways,,,,\n")
        assert len(stakeholders.list_stakeholders(store, alliance.id)) == 50_000
    finally:
        store.close()

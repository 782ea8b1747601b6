"""A record of one alliance never names a person, place or meeting of another (issue 16).

Each attack below goes through a public store function with an id taken from a second
alliance; each must be refused with a sentence naming the person (or meeting) and both
alliances, and must write nothing at all.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from alliance_desk.core.escalations import validate_escalation
from alliance_desk.core.governance import (
    AgendaItem,
    BodyKind,
    MeetingDraft,
    Purpose,
    validate_action,
)
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction
from alliance_desk.store import (
    committees,
    contact_log,
    counterparts,
    escalations,
    governance,
    portfolio,
    risks,
    stakeholders,
)
from alliance_desk.store.errors import StoreError
from alliance_desk.store.transfer import record_counts


@pytest.fixture
def two(demo_store):
    """HALO-7 and the Ōtori licensing deal, with someone who sits only on Ōtori's."""
    alliances = {a.name.split()[0]: a for a in portfolio.list_alliances(demo_store)}
    halo, otori = alliances["HALO-7"], alliances["Asia"]
    on_halo = stakeholders.list_stakeholders(demo_store, halo.id)
    halo_people = {s.person.id for s in on_halo}
    stranger = next(
        s
        for s in stakeholders.list_stakeholders(demo_store, otori.id)
        if s.person.id not in halo_people
    )
    meeting = next(m for m in governance.list_meetings(demo_store, otori.id))
    body = next(b for b in committees.list_bodies(demo_store, halo.id))
    return demo_store, halo, otori, on_halo, stranger, meeting, body


def escalation_with(field: str):
    def attack(store, halo, stranger, **_):
        draft = replace(
            validate_escalation({"title": "Supply slot", "category": "business_problem"}),
            **{field: stranger.person.id},
        )
        escalations.raise_escalation(store, halo.id, draft)

    return attack


def risk_owned(store, halo, stranger, **_):
    draft = validate_risk({"title": "Slot", "category": "business", "likelihood": 3, "impact": 3})
    risks.add_risk(store, halo.id, replace(draft, owner_id=stranger.person.id))


def escalation_edited(store, halo, stranger, **_):
    item = escalations.list_escalations(store, halo.id)[0]
    draft = replace(item.draft, owner_id=stranger.person.id)
    escalations.update_escalation(store, item.id, draft, expected_version=item.version)


def meeting_attended(store, stranger, body, **_):
    governance.create_meeting(
        store,
        MeetingDraft(body.id, datetime(2027, 1, 5, 14), datetime(2027, 1, 5, 16), "Basel"),
        [],
        [stranger.person.id],
    )


def meeting_presented(store, stranger, body, **_):
    governance.create_meeting(
        store,
        MeetingDraft(body.id, datetime(2027, 1, 5, 14), datetime(2027, 1, 5, 16), "Basel"),
        [AgendaItem("Supply", Purpose.DECISION, 20, stranger.person.id)],
        [],
    )


def action_owned(store, halo, stranger, **_):
    meeting = governance.list_meetings(store, halo.id)[0]
    action = validate_action({"title": "Send it", "owner_id": stranger.person.id})
    governance.add_action(store, meeting.id, action)


def interaction_with(store, halo, stranger, on_halo, **_):
    draft = validate_interaction(
        {
            "occurred_on": date(2026, 12, 1),
            "kind": "call",
            "sentiment": 0,
            "person_ids": [on_halo[0].person.id, stranger.person.id],
            "note": "Supply slot",
        }
    )
    contact_log.log_interaction(store, halo.id, draft)


def committee_member(store, halo, stranger, **_):
    committees.create_body(store, halo.id, "Stray JSC", BodyKind.JSC, [stranger.id])


def counterparts_across(store, stranger, on_halo, **_):
    counterparts.pair(store, on_halo[0].id, stranger.id)


def decision_in_their_meeting(store, halo, meeting, **_):
    draft = validate_decision({"title": "Fund it", "decided_on": "2026-12-01"})
    risks.add_decision(store, halo.id, replace(draft, meeting_id=meeting.id))


ATTACKS = {
    "escalation owner": escalation_with("owner_id"),
    "escalation counterpart": escalation_with("counterpart_id"),
    "escalation raised by": escalation_with("raised_by_id"),
    "escalation owner changed": escalation_edited,
    "risk owner": risk_owned,
    "meeting attendee": meeting_attended,
    "agenda presenter": meeting_presented,
    "action owner": action_owned,
    "interaction participant": interaction_with,
    "committee member": committee_member,
    "counterpart pair": counterparts_across,
    "decision in another alliance's meeting": decision_in_their_meeting,
}


@pytest.mark.parametrize("attack", ATTACKS.values(), ids=ATTACKS.keys())
def test_a_person_or_meeting_of_another_alliance_is_refused(two, attack) -> None:
    store, halo, otori, on_halo, stranger, meeting, body = two
    before = record_counts(store)
    with pytest.raises(StoreError) as refused:
        attack(
            store=store,
            halo=halo,
            stranger=stranger,
            on_halo=on_halo,
            meeting=meeting,
            body=body,
        )
    message = str(refused.value)
    assert halo.name in message and otori.name in message
    if attack is not decision_in_their_meeting:
        assert stranger.name in message
    assert record_counts(store) == before, "nothing of the refused operation was written"


def test_people_of_the_alliance_are_still_accepted(two) -> None:
    store, halo, _otori, on_halo, _stranger, _meeting, body = two
    ours = on_halo[0].person.id
    draft = replace(
        validate_escalation({"title": "Supply slot", "category": "business_problem"}),
        owner_id=ours,
    )
    escalation_id = escalations.raise_escalation(store, halo.id, draft)
    assert escalations.get_escalation(store, escalation_id).draft.owner_id == ours
    governance.create_meeting(
        store,
        MeetingDraft(body.id, datetime(2027, 1, 5, 14), datetime(2027, 1, 5, 16), "Basel"),
        [AgendaItem("Supply", Purpose.DECISION, 20, ours)],
        [ours],
    )

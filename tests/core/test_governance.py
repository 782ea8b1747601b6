"""Meetings, agenda copying, action items and health-check arithmetic."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from alliance_desk.core.governance import (
    AgendaItem,
    Meeting,
    MeetingDraft,
    Purpose,
    copy_agenda,
    parse_moment,
    validate_action,
    validate_agenda_item,
    validate_meeting,
)
from alliance_desk.core.health_checks import DIMENSIONS, HealthCheck, trend, validate_health_check
from alliance_desk.core.validation import ValidationError


def test_a_meeting_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_meeting(
            {"body_id": 1, "starts_at": "2026-12-07 14:00", "ends_at": "2026-12-07 13:00"}
        )
    assert caught.value.errors == {"ends_at": "The meeting cannot end before it starts."}
    made = validate_meeting(
        {"body_id": 1, "starts_at": "2026-12-07 14:00", "ends_at": "7/12/2026 16:30"}
    )
    assert made.ends_at == datetime(2026, 12, 7, 16, 30)


def test_a_meeting_needs_a_committee_and_real_times() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_meeting({"starts_at": "whenever", "ends_at": ""})
    assert set(caught.value.errors) == {"body_id", "starts_at", "ends_at"}
    assert parse_moment("2026-12-07") == datetime(2026, 12, 7, 9, 0)  # a date alone: 09:00


def test_an_action_needs_an_owner() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_action({"title": "Send the revised budget", "owner_id": None})
    assert caught.value.errors == {"owner_id": "Every action needs an owner."}
    assert validate_action({"title": "Send it", "owner_id": "4", "due": "2026-12-10"}).owner_id == 4


def test_agenda_item_checks() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_agenda_item({"title": "", "purpose": "gossip", "minutes": 0})
    assert set(caught.value.errors) == {"title", "purpose", "minutes"}


def meeting(day: int, agenda=(), actions=()) -> Meeting:
    start = datetime(2026, 12, day, 14)
    return Meeting(
        day,
        1,
        "JSC",
        MeetingDraft(1, start, start.replace(hour=16)),
        (),
        tuple(agenda),
        tuple(actions),
    )


def test_copying_the_agenda_drops_last_times_notes() -> None:
    last = meeting(1, [AgendaItem("Supply update", Purpose.DECISION, 20, 3, "Agreed Q3 slot")])
    (copied,) = copy_agenda(last)
    assert (copied.title, copied.purpose, copied.minutes, copied.presenter_id, copied.notes) == (
        "Supply update",
        Purpose.DECISION,
        20,
        3,
        "",
    )
    assert copy_agenda(None) == []


def test_health_gap_overall_and_trend() -> None:
    scores = {d.key: (4, 3) for d in DIMENSIONS}
    scores["trust"] = (5, 2)
    check = HealthCheck(1, 1, date(2026, 11, 1), scores)
    assert check.gap("trust") == 3 and check.gap("value") == 1
    assert check.overall == 3.5  # (5+2 + 4×(4+3)) / 10
    earlier = HealthCheck(2, 1, date(2026, 6, 1), {d.key: (3, 3) for d in DIMENSIONS})
    assert trend([check, earlier]) == [(date(2026, 6, 1), 3.0), (date(2026, 11, 1), 3.5)]


def test_health_check_scores_must_be_one_to_five() -> None:
    raw = {"checked_on": "2026-11-20", **{f"{d.key}.ours": 3 for d in DIMENSIONS}}
    raw.update({f"{d.key}.theirs": 4 for d in DIMENSIONS})
    raw["trust.theirs"] = 6
    with pytest.raises(ValidationError) as caught:
        validate_health_check(raw)
    assert set(caught.value.errors) == {"trust.theirs"}
    raw["trust.theirs"] = 1
    checked_on, scores, _ = validate_health_check(raw)
    assert checked_on == date(2026, 11, 20) and scores["trust"] == (3, 1)

"""Tier sets the rhythm: what an alliance misses of its tier's rhythm, in words, and as
Today's tasks (known values: due days, scores, ranking by tier, no duplicates, snoozes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import DRAFT_FIELDS, Alliance, validate_alliance
from alliance_desk.core.rhythm import Rhythm, RhythmFacts, gaps, missing, parse_rhythm
from alliance_desk.core.risks import ReviewDue
from alliance_desk.core.stakeholders import CallDue
from alliance_desk.core.today import Today, TodayInputs, build, only_alliance
from alliance_desk.core.validation import FieldError

TODAY = date(2026, 12, 3)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def test_a_kept_rhythm_misses_nothing() -> None:
    facts = RhythmFacts(1, ago(3), ago(30), ago(20), None, (ago(10), ago(25)))
    assert missing(Policy().rhythm(1), facts, TODAY) == []


def test_each_part_missed_says_why() -> None:
    rhythm = Rhythm(14, 30, 90, 60)
    facts = RhythmFacts(1, ago(15), None, ago(61), None, (ago(31), None, ago(5)))
    assert missing(rhythm, facts, TODAY) == [
        "no contact in 14 days (last 18 Nov 2026)",
        "2 open risks not reviewed in 30 days",
        "no health check in 90 days (never)",
        "no committee meeting in 60 days (last 3 Oct 2026)",
    ]
    planned = RhythmFacts(1, ago(1), ago(1), ago(61), TODAY + timedelta(days=20))
    assert missing(rhythm, planned, TODAY) == []  # the next meeting is within the rhythm


def test_the_same_facts_are_fine_for_a_lighter_tier() -> None:
    facts = RhythmFacts(1, ago(40), ago(150), ago(100), None, (ago(50),))
    policy = Policy()
    assert len(missing(policy.rhythm(1), facts, TODAY)) == 4
    assert missing(policy.rhythm(3), facts, TODAY) == []


def test_rhythm_text_is_checked() -> None:
    assert parse_rhythm("7 / 14 / 60 / 30") == Rhythm(7, 14, 60, 30)
    with pytest.raises(FieldError, match="four numbers"):
        parse_rhythm("7, 14")
    with pytest.raises(FieldError, match="from 1 to 730"):
        parse_rhythm("7, 14, 60, 9999")


# -- the rhythm's gaps as Today's tasks -------------------------------------------------------


def test_each_gap_is_due_from_the_day_the_interval_ran_out() -> None:
    rhythm = Rhythm(14, 30, 90, 60)
    facts = RhythmFacts(1, ago(47), None, ago(61), None, (ago(47), ago(35), ago(5)))
    found = gaps(rhythm, facts, TODAY)
    assert [(g.part, g.last, g.due, g.count, g.days_since(TODAY)) for g in found] == [
        ("contact", ago(47), ago(33), 1, 47),
        ("risks", ago(47), ago(17), 2, 47),  # two not reviewed in 30 days; the oldest counts
        ("health", None, TODAY, 1, None),  # never, and the alliance's age unknown: due today
        ("meeting", ago(61), ago(1), 1, 61),
    ]


def test_what_never_happened_is_due_an_interval_after_the_alliance_was_added() -> None:
    rhythm = Rhythm(14, 30, 90, 60)
    nothing = RhythmFacts(1)
    assert gaps(rhythm, nothing, TODAY, since=ago(10)) == []  # a new alliance: not yet
    assert missing(rhythm, nothing, TODAY, since=ago(10)) == []
    found = gaps(rhythm, nothing, TODAY, since=ago(100))
    assert [(g.part, g.due) for g in found] == [
        ("contact", ago(86)),
        ("health", ago(10)),
        ("meeting", ago(40)),
    ]


def _alliance(aid: int, name: str, tier: int) -> Alliance:
    draft = validate_alliance({"name": name, "partner": "P", "tier_override": tier})
    added = datetime.combine(ago(400), datetime.min.time())
    return Alliance(id=aid, created_at=added, **{f: getattr(draft, f) for f in DRAFT_FIELDS})


def _today(alliances, rhythm, **lists) -> Today:
    base = dict(calls=[], onboarding=[], clocks=[], reviews=[], obligations=[], decisions=[])
    base |= dict(meetings=[], late_actions=[], habits=[], checkins=[]) | lists
    inputs = TodayInputs(alliances=alliances, rhythm=rhythm, **base)
    return build(inputs, Policy(), TODAY, datetime.combine(TODAY, datetime.min.time()))


def test_rhythm_gaps_are_tasks_ranked_by_tier_and_urgency() -> None:
    """The same gap (no risk review for 47 days) on a tier-1 and a tier-3 alliance: both
    listed, the tier-1 one first, each with its known score; a stable key to snooze it by."""
    alliances = [_alliance(1, "Acme", 1), _alliance(3, "Minor", 3)]
    kept = dict(last_contact=ago(1), last_check=ago(1), last_meeting=ago(1))
    rhythm = {
        1: RhythmFacts(1, **kept, risk_reviews=(ago(47),)),
        3: RhythmFacts(3, **kept, risk_reviews=(ago(100),)),
    }
    tasks = _today(alliances, rhythm).tasks
    assert [(t.key, t.what, t.alliance) for t in tasks] == [
        ("rhythm:risks:1", "No risk review for 47 days (due every 30 days)", "Acme"),
        ("rhythm:risks:3", "No risk review for 100 days (due every 90 days)", "Minor"),
    ]
    acme, minor = tasks
    assert acme.why == f"Tier 1: 1 open risk, reviewed {ago(47):%d %b %Y}"
    assert acme.due == ago(17) and acme.when == "17 days late"
    # urgency 1 + 17/10, importance 0.8, weight: tier 1 × 2, strategic value 3 → × 1.25
    assert acme.score == pytest.approx(2.7 * 0.8 * 2.0 * 1.25)
    assert minor.score == pytest.approx(2.0 * 0.8 * 1.0 * 1.25)  # 10 days late, tier 3
    assert (acme.opens.what, acme.opens.alliance_id) == ("risks", 1)
    # Its row on Today names the tier and the kind of task once each.
    from alliance_desk.ui.today.tasks import kind_line

    line = kind_line(acme)
    assert line.count("Tier") == 1 and line.lower().count("rhythm") == 1, line


def test_each_part_opens_where_it_is_fixed() -> None:
    rhythm = {1: RhythmFacts(1, ago(40), ago(200), ago(70), None, (ago(45),))}
    tasks = _today([_alliance(1, "Acme", 1)], rhythm).tasks
    assert {t.key: t.opens.what for t in tasks} == {
        "rhythm:contact:1": "person",
        "rhythm:risks:1": "risks",
        "rhythm:health:1": "health",
        "rhythm:meeting:1": "meeting",
    }
    assert {t.kind for t in tasks} == {"rhythm"}


def test_a_gap_already_on_the_list_as_another_task_is_not_listed_twice() -> None:
    """A call due on the alliance covers its contact, a risk review its reviews, a meeting
    this week its meetings; a gap of another alliance is still listed."""
    alliances = [_alliance(1, "Acme", 1), _alliance(2, "Beta", 1)]
    stale = RhythmFacts(0, ago(40), ago(1), ago(70), None, (ago(45),))
    rhythm = {1: replace(stale, alliance_id=1), 2: replace(stale, alliance_id=2)}
    call = CallDue(10, 1, "Ana", "", None, ago(1))
    review = ReviewDue(5, 1, "Supply", TODAY, 12)
    tasks = _today(alliances, rhythm, calls=[call], reviews=[review]).tasks
    keys = {t.key for t in tasks}
    assert "call:10" in keys and "risk:5" in keys
    assert not {"rhythm:contact:1", "rhythm:risks:1"} & keys
    assert {"rhythm:meeting:1", "rhythm:contact:2", "rhythm:risks:2"} <= keys


def test_a_snoozed_gap_waits_for_its_day_and_one_alliance_keeps_its_own() -> None:
    alliances = [_alliance(1, "Acme", 1), _alliance(2, "Beta", 2)]
    kept = dict(last_contact=ago(1), last_meeting=ago(1))
    rhythm = {1: RhythmFacts(1, **kept), 2: RhythmFacts(2, **kept)}
    until = TODAY + timedelta(days=7)
    today = _today(alliances, rhythm, snoozed={"rhythm:health:1": until})
    assert [t.key for t in today.tasks] == ["rhythm:health:2"]
    assert [(t.key, t.snoozed_until) for t in today.snoozed] == [("rhythm:health:1", until)]
    inputs = TodayInputs(
        alliances=alliances, calls=[], onboarding=[], clocks=[], reviews=[], obligations=[],
        decisions=[], meetings=[], late_actions=[], habits=[], checkins=[], rhythm=rhythm,
    )  # fmt: skip
    beta = build(only_alliance(inputs, 2), Policy(), TODAY, datetime(2026, 12, 3))
    assert [t.key for t in beta.tasks] == ["rhythm:health:2"]
    unread = replace(inputs, rhythm=None)  # facts not read: no rhythm tasks, not "never"
    assert build(unread, Policy(), TODAY, datetime(2026, 12, 3)).tasks == ()


def test_the_value_picture_words_what_is_missing_in_the_language_installed_now() -> None:
    """The picture keeps what each alliance misses while its facts are the same objects;
    a translator installed meanwhile words it anew, and other facts are worked out anew."""
    from alliance_desk.core import i18n
    from alliance_desk.core.placement import picture

    alliances = [_alliance(1, "Acme", 1)]
    rhythm = {1: RhythmFacts(1, last_contact=ago(200))}
    english = picture(alliances, {}, rhythm, Policy(), TODAY)[0].missing
    assert english and all(not text.startswith("«") for text in english)
    i18n.install(lambda context, text: f"«{text}»")
    try:
        shouted = picture(alliances, {}, rhythm, Policy(), TODAY)[0].missing
    finally:
        i18n.install(None)
    assert shouted and all(text.startswith("«") for text in shouted)
    met = {1: RhythmFacts(1, last_contact=TODAY, last_check=TODAY, last_meeting=TODAY)}
    assert len(picture(alliances, {}, met, Policy(), TODAY)[0].missing) < len(english)

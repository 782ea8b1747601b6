"""Today's statements are built once and kept (store/batch.py's `prepared`, store/today_rank.py's
`built`): shown again after an edit, Today only runs them. A kept statement must never answer
for another day, another policy, another moment or another teammate: each Today read after
others equals the one read with nothing kept, on the file and on the team store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from alliance_desk.store import batch, governance, policy, today, today_rank
from tests.store.test_today_ranking import DAY, NOW, generated  # noqa: F401  (the fixture)


def _afresh(store, **asked):
    """Today with no statement kept: built anew, as on the first showing."""
    batch._PREPARED.clear()
    today_rank._BUILT.clear()
    return today.load_today(store, limit=None, **asked)


def test_a_statement_kept_for_one_day_never_answers_for_another(store, generated) -> None:  # noqa: F811
    days = [DAY, DAY + timedelta(days=4), DAY + timedelta(days=11)]
    expected = {
        day: _afresh(generated, today=day, now=datetime.combine(day, NOW.time())) for day in days
    }
    assert len({(t.total, t.tasks, t.cards) for t in expected.values()}) == len(days)
    for day in [*days, *reversed(days)]:  # each built once, then kept and run again
        shown = today.load_today(generated, today=day, now=datetime.combine(day, NOW.time()))
        assert shown == replace(expected[day], tasks=expected[day].tasks[: len(shown.tasks)])
        again = today.load_today(
            generated, today=day, now=datetime.combine(day, NOW.time()), limit=None
        )
        assert again == expected[day], day


def test_a_changed_policy_is_answered_by_its_own_statement(store, generated) -> None:  # noqa: F811
    before = _afresh(generated, now=NOW)
    today.load_today(generated, now=NOW, limit=None)  # kept for the policy stored now
    policy.set_setting(generated, "not-implemented-days", "1")
    policy.set_setting(generated, "sla-level-0", "1")
    rules = policy.load_policy(generated)
    after = today.load_today(generated, now=NOW, limit=None)
    given = today.load_today(generated, now=NOW, limit=None, policy=rules)
    assert after == given == _afresh(generated, now=NOW)
    assert (after.total, after.tasks, after.cards) != (before.total, before.tasks, before.cards)
    # And back: the first policy's statement answers as it did.
    earlier = today.load_today(generated, now=NOW, limit=None, policy=policy.Policy())
    assert earlier == _afresh(generated, now=NOW, policy=policy.Policy())


def test_the_moment_is_given_to_the_kept_statement_each_time(store, generated) -> None:  # noqa: F811
    """A meeting starting at 10:00 is among the next meetings at 9:59, not at 10:01 that day."""
    coming = governance.coming_meetings(generated, NOW, None)
    meeting = next(m for m in coming if m.starts_at.time() > datetime.min.time())
    day = meeting.starts_at.date()
    just_before = meeting.starts_at - timedelta(minutes=1)
    just_after = meeting.starts_at + timedelta(minutes=1)
    assert just_before.date() == just_after.date() == day
    late = today.load_today(generated, today=day, now=just_after, limit=None)
    early = today.load_today(generated, today=day, now=just_before, limit=None)
    assert meeting.meeting_id in {m.meeting_id for m in early.meetings}
    assert meeting.meeting_id not in {m.meeting_id for m in late.meetings}
    assert early == _afresh(generated, today=day, now=just_before)


def test_a_teammate_never_gets_the_week_kept_for_another(store, generated) -> None:  # noqa: F811
    """The week's habits count one's own credited work on the team store (`Store.user`): the
    statement kept for one role answers for nobody else."""
    mine = today.load_today(generated, now=NOW, limit=None)
    other = type(generated).__new__(type(generated))
    other.__dict__.update(generated.__dict__)
    other.__dict__["user"] = "someone_else"  # as a second role on the same database
    theirs = today.load_today(other, now=NOW, limit=None)
    assert theirs == _afresh(other, now=NOW)
    assert today.load_today(generated, now=NOW, limit=None) == mine == _afresh(generated, now=NOW)
    assert theirs.habits != mine.habits


def test_each_alliance_is_weighed_once_a_reading(store, generated, monkeypatch) -> None:  # noqa: F811
    """The store's plan and Python's ranking share one weight per alliance (Today read at ten
    times the heavy portfolio weighed 600 alliances twice), and the next reading, its
    alliances unchanged (kept: store/change_counts.py), weighs none again."""
    from alliance_desk.core import tasks

    weighed: list[object] = []
    real = tasks.alliance_weight

    def counted(alliance):
        weighed.append(alliance)
        return real(alliance)

    monkeypatch.setattr(tasks, "alliance_weight", counted)
    monkeypatch.setattr(today_rank, "alliance_weight", counted)
    expected = _afresh(generated, now=NOW)
    alliances = {a.id for a in weighed if a is not None}
    assert len(alliances) > 3 and len([a for a in weighed if a is not None]) == len(alliances)
    weighed.clear()
    assert today.load_today(generated, now=NOW, limit=None) == expected
    assert [a for a in weighed if a is not None] == []

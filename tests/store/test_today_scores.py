"""Today's scores in SQL (store/today_rank.py, store/today_calls.py) against core/tasks.py's:
every candidate of every bulk kind, on the file and on the team store, on nine days in a row
(a weekend and holidays among them). The urgency of each day is looked up in SQL from values
Python worked out for that day; a day off by one, a value read at the wrong width or a
statement built for yesterday would move a score by a tenth of its urgency and fail here."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from alliance_desk.core.today import DAYS_AHEAD
from alliance_desk.store import policy, portfolio, today
from alliance_desk.store.today_pages import StoreRanking
from alliance_desk.store.today_rank import KINDS, MARGIN, Plan, candidates
from tests.store.test_today_ranking import DAY, generated  # noqa: F401  (the fixture)


def test_every_candidates_score_is_the_one_core_gives_it_day_after_day(store, generated) -> None:  # noqa: F811
    rules = policy.load_policy(generated)
    alliances = portfolio.list_alliances(generated)
    seen = {kind: 0 for kind in KINDS}
    for shift in range(9):
        day = DAY + timedelta(days=shift)
        plan = Plan(
            day, rules, alliances, day + timedelta(days=DAYS_AHEAD),
            postgres=generated.path is None, snoozed=today.snoozes(generated, day),
        )  # fmt: skip
        ranked = candidates(plan, plan.asleep())
        with generated.read() as session:
            rows = session.execute(select(ranked.c.kind, ranked.c.id, ranked.c.score)).all()
        ids = {kind: [i for k, i, _ in rows if k == kind] for kind in KINDS}
        entries = StoreRanking(generated, plan, {}, asleep=False)._entries(ids)
        by_core = {entry[6]: entry[4] for entry in entries}
        by_sql = {f"{kind}:{i}": score for kind, i, score in rows}
        assert set(by_sql) == set(by_core), day
        wrong = {k: (s, by_core[k]) for k, s in by_sql.items() if abs(s - by_core[k]) > MARGIN / 2}
        assert not wrong, (day, list(wrong.items())[:5])
        for kind in ids:
            seen[kind] += len(ids[kind])
    assert all(seen.values()), seen  # every kind scored

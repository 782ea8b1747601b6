"""Today's first tasks are kept across an escalation edit alliance by alliance
(store/top_kept.py): whatever is written to escalations — renamed, raised a level, made
long overdue, resolved, reopened, moved to another alliance, deleted, raised anew — Today read
with its ranking kept is Today read afresh; an edit that leaves the top as it was reads only
its alliance's tasks, one that empties a place in the top ranks everything again."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

import pytest

from alliance_desk.core.escalations import validate_escalation
from alliance_desk.store import batch, change_counts, escalations, today, today_rank, top_kept
from alliance_desk.store.today_pages import StoreRanking
from tests.store.test_change_counts import _by_hand
from tests.store.test_today_ranking import DAY, NOW, generated  # noqa: F401  (the fixture)

LIMIT = 20  # Today's first page, as the window asks it


def _shown(found) -> tuple:
    return found.total, found.cards, found.tasks, found.snoozed


def _today(store) -> tuple:
    return _shown(today.load_today(store, now=NOW, limit=LIMIT))


def _afresh(store) -> tuple:
    """Today with nothing kept: every count and ranking read again, statements built anew."""
    change_counts.forget()
    top_kept.forget()
    batch._PREPARED.clear()
    today_rank._BUILT.clear()
    return _today(store)


@pytest.fixture
def readings(monkeypatch) -> dict[str, list]:
    """Which ranking statements Today ran: the whole one, or the moved alliances' one."""
    ran: dict[str, list] = {"whole": [], "moved": []}
    whole, moved = StoreRanking._ranked, StoreRanking._moved

    def whole_spy(self, count):
        ran["whole"].append(count)
        return whole(self, count)

    def moved_spy(self, alliances, least):
        ran["moved"].append(alliances)
        return moved(self, alliances, least)

    monkeypatch.setattr(StoreRanking, "_ranked", whole_spy)
    monkeypatch.setattr(StoreRanking, "_moved", moved_spy)
    return ran


def _open_issues(store) -> list:
    return [issue for issue in escalations.list_escalations(store) if issue.status.active]


def test_an_issue_renamed_reads_its_alliance_alone_and_today_is_as_read_afresh(
    store,
    generated,  # noqa: F811
    readings,
) -> None:
    _afresh(generated)
    assert len(readings["whole"]) == 1
    issue = _open_issues(generated)[0]
    renamed = replace(issue.draft, title=f"{issue.draft.title} (renamed)")
    escalations.update_escalation(generated, issue.id, renamed)
    kept = _today(generated)
    assert len(readings["whole"]) == 1  # not ranked again
    assert readings["moved"] == [[issue.alliance_id]]
    assert kept == _afresh(generated)


class _Portfolio:
    """Stands for a store: rankings are kept by store."""


def test_a_place_emptied_in_the_top_ranks_everything_again_a_place_kept_does_not() -> None:
    """Three wanted, margin 0.5. Alliance 1's task of 10 rescored 9.5: the third best is still
    8, only alliance 1 is read. Then it goes (resolved): the third best would be 7, which only
    a whole reading can vouch for (a task of 7.2 left out before may now be in)."""
    portfolio, key, margin = _Portfolio(), ("today top",), 0.5
    tasks = {1: [("escalation", 1, 1, 10.0)], 2: [("escalation", 2, 2, 9.0)],
             3: [("risk", 3, 3, 8.0), ("risk", 4, 3, 7.2)]}  # fmt: skip
    asked: list = []

    def read_all():
        asked.append(None)
        every = sorted((t for found in tasks.values() for t in found), key=lambda t: -t[3])
        edge = every[2][3] if len(every) >= 3 else top_kept.NONE
        return [t for t in every if t[3] >= edge - margin]

    def read_moved(alliances, least):
        asked.append((alliances, least))
        return [t for a in alliances for t in tasks.get(a, []) if t[3] >= least]

    def counters(n: int) -> dict[str, int]:
        return {"escalations": n, "escalations@1": n, "escalations@2": 1}

    def top(n: int) -> list:
        found = top_kept.top_rows(portfolio, key, counters(n), 3, margin, read_all, read_moved)
        return sorted(found, key=lambda t: -t[3])

    assert [t[1] for t in top(1)] == [1, 2, 3] and asked == [None]
    assert [t[1] for t in top(1)] == [1, 2, 3] and asked == [None]  # nothing moved
    tasks[1] = [("escalation", 1, 1, 9.5)]
    assert [t[1] for t in top(2)] == [1, 2, 3] and asked == [None, ([1], 7.5)]
    tasks[1] = []
    assert [t[1] for t in top(3)] == [2, 3, 4] and asked == [None, ([1], 7.5), ([1], 7.5), None]


def test_whatever_is_written_to_escalations_today_kept_is_today_read_afresh(
    store,
    generated,  # noqa: F811
    readings,
) -> None:
    """Sixty random writes to escalations, by the app and typed by hand, one alliance or two
    at a time: after each, Today with its ranking kept is Today read afresh; most were read
    alliance by alliance."""
    chance = random.Random(41)
    alliances = sorted({i.alliance_id for i in escalations.list_escalations(generated)})
    _afresh(generated)
    shown = _today(generated)

    def any_issue() -> int:
        return chance.choice(escalations.list_escalations(generated)).id

    def by_hand(statement: str, **values) -> None:
        _by_hand(generated, statement.format(id=any_issue()), **values)

    def raised() -> None:
        values = {"title": "Line stop", "category": "conflict",
                  "raised_on": DAY - timedelta(days=chance.randint(0, 60))}  # fmt: skip
        escalations.raise_escalation(
            generated, chance.choice(alliances), validate_escalation(values)
        )

    def renamed() -> None:
        issue = chance.choice(_open_issues(generated))
        title = f"{issue.draft.title.split(' #')[0]} #{chance.randint(0, 999)}"
        escalations.update_escalation(generated, issue.id, replace(issue.draft, title=title))

    changes = [
        renamed, renamed, raised,
        lambda: by_hand("UPDATE escalations SET level = level + 1, level_since = :day "
                        "WHERE id = {id}", day=DAY - timedelta(days=chance.randint(0, 40))),
        lambda: by_hand("UPDATE escalations SET level_since = :day WHERE id = {id}",
                        day=DAY - timedelta(days=chance.randint(30, 90))),
        lambda: by_hand("UPDATE escalations SET severity = 'critical' WHERE id = {id}"),
        lambda: by_hand("UPDATE escalations SET severity = 'low' WHERE id = {id}"),
        lambda: by_hand("UPDATE escalations SET status = 'resolved' WHERE id = {id}"),
        lambda: by_hand("UPDATE escalations SET status = 'open' WHERE id = {id}"),
        lambda: by_hand("UPDATE escalations SET alliance_id = :other WHERE id = {id}",
                        other=chance.choice(alliances)),
        lambda: by_hand("DELETE FROM escalations WHERE id = {id}"),
    ]  # fmt: skip
    changed = 0
    for step in range(60):
        chance.choice(changes)()
        kept = _today(generated)
        changed += kept != shown
        assert kept == _afresh(generated), f"after change {step}"
        _today(generated)  # kept again, from what was read afresh
        shown = kept
    assert changed >= 12  # the writes reached Today's list, not only titles nobody shows
    assert len(readings["moved"]) >= 20  # kept alliance by alliance, often

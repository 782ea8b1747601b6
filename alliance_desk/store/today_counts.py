"""Today's counts, in one statement with no row sorted (issue 25): how many bulk tasks of
each kind (store/today_rank.py's candidates) are due, late, snoozed; the stalled decisions;
the alliances with a call or a risk review due; and each alliance's open risks not reviewed
within its tier's interval (Value's rhythm, counted here rather than listing twenty thousand
risks' last ratings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.sql import Select

from alliance_desk.core.risks import RiskStatus
from alliance_desk.store import batch
from alliance_desk.store.fence import fenced
from alliance_desk.store.models import AllianceRow, RiskRow, table
from alliance_desk.store.today_rank import (
    KINDS,
    Counts,
    Plan,
    _kinds,
    built,
    escalations_counted,
    tier_of,
)


class Tally(NamedTuple):
    counts: Counts
    stalled: int  # decisions not implemented the policy's days after they were taken


def _tally_select(plan: Plan, kind: str, by_alliance: bool, within: Any = None) -> Select[Any]:
    """One kind's tally: (kind, alliance or 0, count, late, snoozed, late and snoozed,
    stalled), by alliance or not (`within`: only on those alliances)."""
    asleep = plan.asleep()
    if within is None:
        rows = built((plan, asleep, "counted"), lambda: _kinds(plan, asleep, False))
        found = rows[KINDS.index(kind)].subquery()
    elif kind == "escalation":  # the one kind kept alliance by alliance (store/today.py)
        found = built(
            (plan, asleep, "counted within", kind),
            lambda: escalations_counted(plan, asleep, within),
        ).subquery()
    else:
        raise ValueError(f"{kind} is not tallied alliance by alliance")
    at = found.c.alliance_id if by_alliance else literal(0)
    # Summed only where they may be other than 0: none of a kind snoozed, only decisions
    # stall (twenty thousand calls summed three zeros each).
    snoozed = bool(asleep[kind])
    statement = select(
        literal(kind).label("kind"), at.label("alliance_id"), func.count().label("n"),
        func.sum(found.c.late).label("late"),
        (func.sum(found.c.snoozed) if snoozed else literal(0)).label("snoozed"),
        (func.sum(found.c.late * found.c.snoozed) if snoozed else literal(0)).label("both"),
        (func.sum(found.c.stalled) if kind == "decision" else literal(0)).label("stalled"),
    )  # fmt: skip
    return statement.group_by(found.c.alliance_id) if by_alliance else statement


def counts_query(plan: Plan, kinds: Sequence[str] = KINDS) -> batch.Query[dict[str, Tally]]:
    """How many candidates of each kind (of `kinds`), late or not, snoozed or not, on each
    alliance (the alliance only for calls and risk reviews, 0 for the other kinds), and how
    many decisions are stalled (the card): each kind's own tally, so each can be kept until
    what it reads changes (store/change_counts.py). Summed without sorting a row: each
    kind's total, late, snoozed, late-and-snoozed and stalled (calls and reviews per
    alliance, a few thousand: no rhythm gap of that part beside an alliance with one)."""
    selects = [_tally_select(plan, kind, kind in ("call", "risk")) for kind in kinds]
    statement = selects[0] if len(selects) == 1 else union_all(*selects)
    return batch.Query(statement, lambda found: _tallies(found, kinds))


def by_alliance_query(plan: Plan, kind: str, chosen: bool) -> batch.Query[list[Any]]:
    """One kind's tally alliance by alliance, as rows holding `alliance_id` (`chosen`: only
    the alliances given as the ids `alliances`): kept alliance by alliance, so an edit
    tallies again only its alliance's (store/alliance_counts.py)."""
    within = batch.ids("alliances") if chosen else None
    return batch.Query(_tally_select(plan, kind, True, within), list)


def summed(kind: str, rows: Iterable[Sequence[Any]]) -> Tally:
    """A kind's tally from its rows alliance by alliance, as `counts_query` tallies it."""
    total = [0, 0, 0, 0, 0]
    for row in rows:
        for i, value in enumerate(row[2:7]):
            total[i] += value or 0
    return _tallies([(kind, 0, *total)], (kind,))[kind]


def _tallies(found: Iterable[Sequence[Any]], kinds: Sequence[str]) -> dict[str, Tally]:
    counts: dict[str, dict[tuple[str, int, int, int], int]] = {kind: {} for kind in kinds}
    stalled = dict.fromkeys(kinds, 0)
    for kind, at, n, late, asleep, both, stale in found:
        late, asleep, both = late or 0, asleep or 0, both or 0
        stalled[kind] += stale or 0
        mine = counts[kind]
        if n - late - asleep + both:
            mine[(kind, 0, 0, at)] = n - late - asleep + both
        if late - both:
            mine[(kind, 1, 0, at)] = late - both
        if asleep - both:  # few: snoozed ones
            mine[(kind, 0, 1, at)] = asleep - both
        if both:
            mine[(kind, 1, 1, at)] = both
    return {kind: Tally(counts[kind], stalled[kind]) for kind in kinds}


def together(tallies: Iterable[Tally]) -> Tally:
    """The kinds' tallies as one."""
    counts: dict[tuple[str, int, int, int], int] = {}
    stalled = 0
    for tally in tallies:
        counts.update(tally.counts)
        stalled += tally.stalled
    return Tally(counts, stalled)


def holding(counts: Counts, kind: str) -> frozenset[int]:
    """The alliances with a call (or a risk review) due: a rhythm gap in contact (risk
    reviews) is not listed beside one."""
    return frozenset(at for found, _late, _asleep, at in counts if found == kind)


def stale_reviews_query(plan: Plan) -> batch.Query[dict[int, tuple[int, date | None]]]:
    """Each alliance's open risks whose last rating is older than its tier's interval allows
    (core/rhythm.py): how many, and the oldest last rating (None: one was never rated). Read
    from each risk's last rating day, kept by the database (migration 0032), in the index
    ix_risks_last_rated: no rating is looked up. Each live alliance's cutoff is worked out
    once, then its risks are counted from the index."""
    risk, alliances = table(RiskRow).c, table(AllianceRow).c
    last = risk.last_rated_on
    tier = tier_of(alliances)
    before = {t: plan.today - timedelta(days=plan.policy.rhythm(t).risk_review_days)
              for t in (1, 2, 3)}  # fmt: skip
    cutoff = case((tier <= 1, before[1]), (tier == 2, before[2]), else_=before[3])
    chosen = () if plan.only is None else (alliances.id == plan.only,)
    live = fenced(  # worked out once per alliance, not once per risk
        select(alliances.id.label("id"), cutoff.label("cutoff"))
        .where(alliances.deleted_at.is_(None), *chosen)
        .order_by(alliances.id)
    ).subquery()
    statement = (
        select(
            live.c.id,
            func.count(),
            func.min(last),
            func.max(case((last.is_(None), 1), else_=0)),
        )
        .join_from(live, table(RiskRow), risk.alliance_id == live.c.id)
        .where(risk.status != RiskStatus.CLOSED.value, last.is_(None) | (last < live.c.cutoff))
        .group_by(live.c.id)
    )
    return batch.Query(
        statement,
        lambda found: {at: (n, None if never else oldest) for at, n, oldest, never in found},
    )

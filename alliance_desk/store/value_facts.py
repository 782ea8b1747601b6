"""The Value section's numbers, counted by the database: each alliance's risks, escalations,
latest health check, milestones and decisions summed in GROUP BY queries sent together with
the alliances and their rhythm (`batch.prepared`: built once a day, then only run), so the
picture costs one statement and a row per alliance however many records the portfolio holds;
and the open questions, slowest first, a page at a time (core/value_facts.py says what is
counted, core/placement.py what the numbers become). The sums are of every alliance's
records; the picture reads those of the live alliances."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, Select, and_, bindparam, case, func, literal, or_, select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.last import Last
from alliance_desk.core.placement import AllianceValue, picture
from alliance_desk.core.policy import Policy
from alliance_desk.core.rhythm import RhythmFacts
from alliance_desk.core.risks import RiskStatus
from alliance_desk.core.time_cost import OpenQuestion
from alliance_desk.core.value import MilestoneStatus
from alliance_desk.core.value_facts import (
    DECISION_NORM_DAYS,
    HIGH_RISK_SCORE,
    AllianceFacts,
    health_gap_of,
)
from alliance_desk.store import alliance_counts, batch, change_counts, portfolio, registers
from alliance_desk.store.database import Store
from alliance_desk.store.models import (
    AllianceRow,
    DecisionRow,
    GovernanceBodyRow,
    HealthCheckRow,
    HealthScoreRow,
    InteractionRow,
    MeetingRow,
    MilestoneRow,
    RiskRow,
    table,
)
from alliance_desk.store.paging import (
    PAGE,
    Page,
    days_between,
    offset_page,
    text_key,
)
from alliance_desk.store.risks import decision_of
from alliance_desk.store.value_sla import count_of, escalation_sums, positive

OPEN_MILESTONE = tuple(s.value for s in MilestoneStatus if s.open)
TIERS = (1, 2, 3)


def _live(rows) -> Select:
    """Rows of alliances not deleted (select nothing yet: callers pick their columns)."""
    alliances = table(AllianceRow)
    return (
        select()
        .select_from(rows)
        .join(alliances, alliances.c.id == rows.c.alliance_id)
        .where(alliances.c.deleted_at.is_(None))
    )


def _risks(policy: Policy, today: date) -> Select:
    """Per alliance: open high risks, and for each tier's review interval the open risks
    not rated within it, those never rated and the oldest rating. Each
    risk's last rating is the day the database keeps on it (migration 0032), read with the
    rest from the index ix_risks_last_rated."""
    risks = table(RiskRow).c
    rated = risks.last_rated_on
    columns = [
        risks.alliance_id,
        count_of(risks.likelihood * risks.impact >= HIGH_RISK_SCORE).label("high_risks"),
        count_of(rated.is_(None)).label("never"),
        # The oldest rating stale under any interval is the oldest of all: one column.
        func.min(rated).label("oldest"),
    ]
    for tier in TIERS:
        cut = literal(today - timedelta(days=policy.rhythm(tier).risk_review_days), Date)
        columns.append(count_of(or_(rated.is_(None), rated < cut)).label(f"stale_{tier}"))
    return (
        select(*columns).where(risks.status != RiskStatus.CLOSED.value).group_by(risks.alliance_id)
    )


def _rhythm() -> Select:
    """Per live alliance: its last contact, health check and committee meeting, and its next
    meeting (each one index lookup per alliance); the moment is the parameter `now`."""
    now = bindparam("now", type_=DateTime)
    alliances = table(AllianceRow).c
    interactions, checks = table(InteractionRow).c, table(HealthCheckRow).c
    meetings, bodies = table(MeetingRow).c, table(GovernanceBodyRow).c

    def of_alliance(day, rows, *where) -> Any:
        return select(day).select_from(rows).where(*where).scalar_subquery()

    held = table(MeetingRow).join(table(GovernanceBodyRow), bodies.id == meetings.body_id)
    mine = bodies.alliance_id == alliances.id
    return select(
        alliances.id.label("alliance_id"),
        of_alliance(
            func.max(interactions.occurred_on),
            table(InteractionRow),
            interactions.alliance_id == alliances.id,
        ).label("contact"),
        of_alliance(
            func.max(checks.checked_on), table(HealthCheckRow), checks.alliance_id == alliances.id
        ).label("check"),
        of_alliance(func.max(meetings.starts_at), held, mine, meetings.starts_at <= now).label(
            "met"
        ),
        of_alliance(func.min(meetings.starts_at), held, mine, meetings.starts_at > now).label(
            "coming"
        ),
    ).where(alliances.deleted_at.is_(None))


def _day(value: date | datetime | None) -> date | None:
    """A day, from a date or a meeting's start."""
    return value.date() if isinstance(value, datetime) else value


def _rhythm_facts(found: dict[str, Any], risks: dict[int, Any]) -> dict[int, RhythmFacts]:
    """Each alliance's rhythm facts; of its risks, what its tier's interval finds stale as
    counted in SQL (all `core.rhythm.gaps` reads of them: how many, and the oldest or None if
    one was never rated) — not a day per risk for `gaps` to count again (at ten times the
    heavy portfolio 20,000 of them, ≈ 10 ms of Value's every showing)."""
    tiers = {a.id: min(max(a.tier, 1), 3) for a in found["alliances"]}
    facts = {}
    for row in found["rhythm"]:
        stale: tuple[int, date | None] = (0, None)
        held = risks.get(row.alliance_id)
        if held is not None and row.alliance_id in tiers:
            tier = tiers[row.alliance_id]
            if held[f"stale_{tier}"]:
                oldest = None if held["never"] else held["oldest"]
                stale = (held[f"stale_{tier}"], oldest)
        facts[row.alliance_id] = RhythmFacts(
            row.alliance_id,
            _day(row.contact),
            _day(row.check),
            _day(row.met),
            _day(row.coming),
            stale_reviews=stale,
        )
    return facts


def _checks() -> Select:
    """Per alliance, the sums of its latest health check's scores (`health_gap_of`)."""
    checks, scores = table(HealthCheckRow).c, table(HealthScoreRow).c
    newest = func.row_number().over(
        partition_by=checks.alliance_id, order_by=(checks.checked_on.desc(), checks.id.desc())
    )
    latest = (
        _live(table(HealthCheckRow))
        .add_columns(checks.id, checks.alliance_id, newest.label("newest"))
        .subquery()
    )
    return (
        select(
            latest.c.alliance_id,
            func.sum(func.abs(scores.ours - scores.theirs)).label("gap_total"),
            func.count().label("dimensions"),
            func.sum(scores.ours + scores.theirs).label("score_total"),
        )
        .join_from(latest, table(HealthScoreRow), scores.check_id == latest.c.id)
        .where(latest.c.newest == 1)
        .group_by(latest.c.alliance_id)
    )


def _milestones(today: date) -> Select:
    """Per alliance: the value of open milestones, and those not achieved that slipped."""
    rows = table(MilestoneRow).c
    day = literal(today, Date)
    opened = rows.status.in_(OPEN_MILESTONE)
    hoped = func.coalesce(rows.forecast_on, rows.planned_on)
    expected = case(
        (rows.achieved_on.is_not(None), rows.achieved_on),
        (and_(opened, hoped < day), day),
        else_=hoped,
    )
    slipped = and_(
        rows.status != MilestoneStatus.ACHIEVED.value,
        or_(expected > rows.planned_on, rows.status == MilestoneStatus.MISSED.value),
    )
    return (
        _live(table(MilestoneRow))
        .add_columns(
            rows.alliance_id,
            func.sum(case((opened, rows.value), else_=0.0)).label("stake"),
            count_of(slipped).label("slipped"),
        )
        .group_by(rows.alliance_id)
    )


def _decisions(session: Session, today: date) -> Select:
    """Per alliance: decisions timed and their days, open questions and the longest wait,
    and the days beyond the norm both cost."""
    rows = table(DecisionRow).c
    decided = rows.decided_on.is_not(None)
    took = positive(days_between(session, rows.raised_on, rows.decided_on))
    waited = positive(days_between(session, rows.raised_on, literal(today, Date)))
    beyond = case((decided, took), else_=waited) - DECISION_NORM_DAYS
    return (
        select(
            rows.alliance_id,
            count_of(decided).label("timed"),
            func.sum(case((decided, took), else_=0)).label("timed_days"),
            func.sum(positive(beyond)).label("decision_days"),
            count_of(rows.decided_on.is_(None)).label("waiting"),
            func.max(case((decided, 0), else_=waited)).label("longest_wait"),
        )
        .select_from(table(DecisionRow))
        .where(rows.raised_on.is_not(None))
        .group_by(rows.alliance_id)
    )


def _facts(found: dict[str, Any]) -> dict[int, AllianceFacts]:
    merged: dict[int, dict[str, Any]] = {}
    for part in ("escalations", "milestones", "decisions"):
        for row in found[part]:
            values = dict(row._mapping)
            merged.setdefault(values.pop("alliance_id"), {}).update(values)
    for row in found["risks"]:
        if row.high_risks:
            merged.setdefault(row.alliance_id, {})["high_risks"] = row.high_risks
    for alliance_id, gap_total, dimensions, score_total in found["checks"]:
        merged.setdefault(alliance_id, {})["health_gap"] = health_gap_of(
            int(gap_total), int(dimensions), int(score_total)
        )
    for values in merged.values():
        if "stake" in values:
            values["stake"] = float(values["stake"])  # SQLite sums whole amounts as integers
    return {alliance_id: AllianceFacts(**values) for alliance_id, values in merged.items()}


def _queries(session: Session, policy: Policy, today: date) -> dict[str, batch.Query]:
    """Every part of the picture but those kept (`change_counts.VALUE`), and the counters."""
    dialect = session.get_bind().dialect.name
    return {
        "alliances": portfolio.alliances_query(),
        "rhythm": batch.Query(_rhythm(), list),
        "checks": batch.Query(_checks(), list),
        "milestones": batch.Query(_milestones(today), list),
        "counters": change_counts.counters_query(dialect),
    }


def _kept_queries(
    session: Session, policy: Policy, today: date, parts: tuple[str, ...]
) -> dict[str, batch.Query]:
    made = {
        "risks": lambda: _risks(policy, today),
        "decisions": lambda: _decisions(session, today),
    }
    return {part: batch.Query(made[part](), list) for part in parts}


def _read(store: Store, policy: Policy, today: date, now: datetime) -> dict[str, Any]:
    """Each part of the picture, in one statement while the sums of escalations, risks and
    decisions are kept (store/change_counts.py: the counters are read with the rest, before
    them); another reads the sums of risks or decisions a write has made stale, and another
    the escalations' of the alliances whose escalations changed (store/alliance_counts.py)."""
    key = ("value", policy, today)
    with store.read() as session:
        built = batch.prepared(
            session,
            key,
            lambda: _queries(session, policy, today),
            lambda dialect: change_counts.unchanged(dialect, change_counts.VALUE_PARTS),
        )
        found = change_counts.parts_kept(
            store,
            key,
            change_counts.VALUE_PARTS,
            lambda seen: built.run(session, {"now": now, **seen}),
            now,
        )

    def read(parts: tuple[str, ...]) -> dict[str, Any]:
        with store.read() as session:
            return batch.prepared(
                session, (*key, parts), lambda: _kept_queries(session, policy, today, parts)
            ).run(session)

    def escalations(ids: Sequence[int] | None) -> list[Any]:
        chosen = None if ids is None else batch.ids("alliances")
        with store.read() as session:
            built = batch.prepared(
                session,
                (*key, "escalations", ids is None),
                lambda: {
                    "sums": batch.Query(escalation_sums(session, policy.sla, today, chosen), list)
                },
            )
            return built.run(session, {"alliances": list(ids or ())})["sums"]

    counters = found.pop("counters")
    found.update(change_counts.reused(store, key, counters, change_counts.VALUE, read))
    found["escalations"] = alliance_counts.by_alliance(
        store, key, counters, "escalations", escalations
    )
    return found


def value_picture(store: Store, policy: Policy, today: date, now: datetime) -> list[AllianceValue]:
    """Every live alliance on risk × value, with its time lost, time to decision, open
    questions and what it misses of its tier's rhythm — in one statement."""
    found = _read(store, policy, today, now)
    rhythm = _LAST_RHYTHM.get(  # the same while its parts are those kept
        (found["rhythm"], found["risks"], found["alliances"]),
        (),
        lambda: _rhythm_facts(found, {row.alliance_id: row._mapping for row in found["risks"]}),
    )
    return picture(found["alliances"], _facts(found), rhythm, policy, today)


_LAST_RHYTHM: Last[dict[int, RhythmFacts]] = Last()


def facts(store: Store, policy: Policy, today: date) -> dict[int, AllianceFacts]:
    """Each alliance's counted facts (only those with records; the picture reads the live
    ones), as the picture reads them."""
    return _facts(_read(store, policy, today, wall.now()))


# -- open questions, slowest first ---------------------------------------------------------------


def _waiting(session: Session, alliance_id: int | None, today: date):
    rows = table(DecisionRow).c
    query = registers.rows_query(
        DecisionRow, alliance_id, where=(rows.decided_on.is_(None), rows.raised_on.is_not(None))
    )
    waited = positive(days_between(session, rows.raised_on, literal(today, Date)))
    order = (waited.desc(), text_key(session, rows.title), rows.id)
    return query, order, rows.id


def _question(today: date):
    def made(row: Any) -> OpenQuestion:
        decision = decision_of(row)
        raised = decision.draft.raised_on
        assert raised is not None  # the query lists only questions raised
        return OpenQuestion(decision, max(0, (today - raised).days))

    return made


def open_questions_page(
    store: Store,
    alliance_id: int | None,
    today: date,
    *,
    cursor: Any = None,
    limit: int = PAGE,
) -> Page[OpenQuestion]:
    """Questions raised and not decided (of one alliance, or all), slowest first, a page
    from `cursor`."""
    with store.read() as session:
        query, order, ident = _waiting(session, alliance_id, today)
        page = offset_page(session, query, order, ident, _question(today), cursor, limit)
    assert page is not None  # no `until`: always a page
    return page


def open_questions(store: Store, alliance_id: int | None, today: date) -> list[OpenQuestion]:
    """Every open question (of one alliance, or all), slowest first."""
    with store.read() as session:
        query, order, _ident = _waiting(session, alliance_id, today)
        return [_question(today)(row) for row in session.execute(query.order_by(*order)).all()]

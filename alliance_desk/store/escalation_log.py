"""The escalation log a page at a time: filtered, sorted and counted in SQL.

Its default order, by service level (past their SLA first, then by trigger date), is not a
column: the trigger date is a number of business days (less the portfolio's holidays) after
the day an issue reached its level. It grows with that day at each level, though, so the log
reads each (status, level) from its index in day order — a *stream* — and merges the streams
by trigger date in Python: a page reads a page of keys per stream, then the rows it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, false, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.escalations import (
    AGE_BUCKETS,
    CostOfTime,
    Escalation,
    Severity,
    SlaPolicy,
    Status,
    add_business_days,
)
from alliance_desk.store.database import Store
from alliance_desk.store.escalations import escalation_of, log_select
from alliance_desk.store.models import AllianceRow, EscalationRow, table
from alliance_desk.store.paging import (
    PAGE,
    Order,
    Page,
    contains,
    days_between,
    offset_page,
    ordering,
    text_key,
)

ACTIVE = (Status.OPEN.value, Status.ESCALATED.value)
STATUSES = tuple(s.value for s in Status)
LEVELS = (0, 1, 2, 3)
MERGED = ("sla", "trigger")  # orders merged from streams; every other is one ORDER BY
COLUMNS = (
    "title",
    "sla",
    "level",
    "days_open",
    "alliance",
    "severity",
    "category",
    "status",
    "raised",
    "at_level",
    "trigger",
    "owner",
)


@dataclass(frozen=True)
class LogFilter:
    """What the log shows: of one alliance (None: all), matching `text` (in the title, the
    alliance's name or the description), of a category, a level, a status ("active": open
    and escalated; None: any), only past their SLA; `pinned` is listed whatever the rest
    says (the issue being worked on stays in view until the filters change)."""

    alliance_id: int | None = None
    text: str = ""
    category: str | None = None
    level: int | None = None
    status: str | None = "active"
    past_only: bool = False
    pinned: int | None = None


@dataclass(frozen=True)
class Clock:
    """Today and the service levels, which say what is past and when each issue triggers."""

    today: date
    policy: SlaPolicy
    cuts: tuple[date, ...] = field(init=False, compare=False)  # `cut` of each level

    def __post_init__(self) -> None:
        # Worked out once: every row of a page asks which side of it it falls.
        object.__setattr__(self, "cuts", tuple(self.last_below(n, self.today) for n in LEVELS))

    def trigger(self, level: int, since: date) -> date:
        return add_business_days(since, self.policy.allowed(level), self.policy.holidays)

    def last_below(self, level: int, day: date) -> date:
        """The latest day an issue may reach `level` and trigger before `day` (the trigger
        date grows with that day, and is never before it)."""
        step = 8
        low = day - timedelta(days=step)
        while self.trigger(level, low) >= day:
            step *= 2
            low = day - timedelta(days=step)
        high = day  # trigger(high) >= day; trigger(low) < day
        while (high - low).days > 1:
            middle = low + timedelta(days=(high - low).days // 2)
            if self.trigger(level, middle) < day:
                low = middle
            else:
                high = middle
        return low

    def cut(self, level: int) -> date:
        """An active issue at `level` since this day or before is past its SLA today."""
        return self.cuts[level]


def statuses_of(shown: LogFilter) -> tuple[str, ...]:
    if shown.status == "active":
        return ACTIVE
    return STATUSES if shown.status is None else (shown.status,)


def _past(clock: Clock, issues) -> ColumnElement:
    return and_(
        issues.c.status.in_(ACTIVE),
        or_(*(and_(issues.c.level == n, issues.c.level_since <= clock.cut(n)) for n in LEVELS)),
    )


def _scope(query, shown: LogFilter, issues):
    if shown.alliance_id is not None:
        query = query.where(issues.c.alliance_id == shown.alliance_id)
    return query


def _others(session: Session, shown: LogFilter, clock: Clock, issues, alliances) -> list:
    """The filters other than status and level (which the streams apply themselves)."""
    terms: list[ColumnElement] = []
    if shown.category is not None:
        terms.append(issues.c.category == shown.category)
    if shown.past_only:
        terms.append(_past(clock, issues))
    if text := shown.text.strip():
        haystack = issues.c.title + " " + alliances.c.name + " " + issues.c.description
        terms.append(contains(session, haystack, text))
    return terms


def _where(session: Session, shown: LogFilter, clock: Clock, issues, alliances) -> ColumnElement:
    terms = _others(session, shown, clock, issues, alliances)
    terms.append(issues.c.status.in_(statuses_of(shown)))
    if shown.level is not None:
        terms.append(issues.c.level == shown.level)
    listed = and_(true(), *terms)
    return or_(listed, issues.c.id == shown.pinned) if shown.pinned is not None else listed


# -- plain orders ---------------------------------------------------------------------------------


def _sort_keys(session: Session, column: str, clock: Clock, issues, alliances, owner_name):
    end = func.coalesce(issues.c.resolved_on, issues.c.closed_on, clock.today)
    severity = case({s.value: s.rank for s in Severity}, value=issues.c.severity, else_=-1)
    return {
        "title": lambda: text_key(session, issues.c.title),
        "level": lambda: issues.c.level,
        "days_open": lambda: days_between(session, issues.c.raised_on, end),
        "alliance": lambda: text_key(session, alliances.c.name),
        "severity": lambda: severity,
        "category": lambda: issues.c.category,
        "status": lambda: issues.c.status,
        "raised": lambda: issues.c.raised_on,
        "at_level": lambda: days_between(session, issues.c.level_since, end),
        "owner": lambda: text_key(session, func.coalesce(owner_name, "")),
    }[column]()


# -- merged orders: streams -----------------------------------------------------------------------


@dataclass(frozen=True)
class Stream:
    """Issues of one status and level (and, when `block` splits them, one side of the day
    their SLA passes), in the order of the day they reached the level; or the pinned one."""

    status: str
    level: int
    block: int  # 0 sorts before 1 (ascending)
    since_at_most: date | None = None
    since_after: date | None = None
    pinned: int | None = None  # the only row of this stream


def _streams(shown: LogFilter, order: Order, clock: Clock) -> list[Stream]:
    streams = []
    levels = LEVELS if shown.level is None else (shown.level,)
    for status in statuses_of(shown):
        for level in levels:
            if status not in ACTIVE:
                if not shown.past_only:
                    streams.append(Stream(status, level, 1))
            elif order.column == "trigger":
                streams.append(Stream(status, level, 0))
            else:
                cut = clock.cut(level)
                streams.append(Stream(status, level, 0, since_at_most=cut))
                if not shown.past_only:
                    streams.append(Stream(status, level, 1, since_after=cut))
    if shown.pinned is not None:
        streams.append(Stream("", -1, -1, pinned=shown.pinned))
    return streams


def _block(order: Order, clock: Clock, status: str, level: int, since: date) -> int:
    if status not in ACTIVE:
        return 1
    return 0 if order.column == "trigger" or since <= clock.cut(level) else 1


def _key(order: Order, clock: Clock, status: str, level: int, since: date, ident: int) -> tuple:
    """Where a row sorts in a merged order (ascending)."""
    block = _block(order, clock, status, level, since)
    return (block, clock.trigger(level, since), since, ident)


def _stream_where(stream: Stream, issues, listed: ColumnElement, pinned: int | None):
    if stream.pinned is not None:
        return [issues.c.id == stream.pinned]
    terms = [issues.c.status == stream.status, issues.c.level == stream.level, listed]
    if stream.since_at_most is not None:
        terms.append(issues.c.level_since <= stream.since_at_most)
    if stream.since_after is not None:
        terms.append(issues.c.level_since > stream.since_after)
    if pinned is not None:
        terms.append(issues.c.id != pinned)
    return terms


def _before(stream: Stream, key: tuple, order: Order, clock: Clock, issues) -> ColumnElement:
    """Rows of `stream` that come before the row whose merged key is `key`."""
    block, trigger, since, ident = key
    if stream.pinned is not None:
        return false()  # counted in Python
    if stream.block != block:
        ahead = stream.block < block if not order.descending else stream.block > block
        return true() if ahead else false()
    # Trigger dates below `trigger` are days before `low`; equal to it, days up to `high`.
    low = clock.last_below(stream.level, trigger) + timedelta(days=1)
    high = clock.last_below(stream.level, trigger + timedelta(days=1))
    day, ident_column = issues.c.level_since, issues.c.id
    if not order.descending:
        return or_(
            day < low,
            and_(day <= high, or_(day < since, and_(day == since, ident_column < ident))),
        )
    return or_(
        day > high,
        and_(day >= low, or_(day > since, and_(day == since, ident_column > ident))),
    )


def _merged_page(session, shown, order, clock, cursor, limit, until) -> Page[Escalation] | None:
    issues, alliances = table(EscalationRow), table(AllianceRow)
    base = _scope(log_select(), shown, issues)
    listed = and_(true(), *_others(session, shown, clock, issues, alliances))
    streams = _streams(shown, order, clock)
    offsets: dict[Stream, int] = dict(cursor or {})
    wants = {stream: limit for stream in streams}
    take = limit
    if until is not None:
        found = session.execute(
            base.with_only_columns(
                issues.c.status, issues.c.level, issues.c.level_since, issues.c.id
            ).where(
                issues.c.id == until,
                or_(*(and_(*_stream_where(s, issues, listed, shown.pinned)) for s in streams)),
            )
        ).first()
        if found is None:
            return None
        key = _key(order, clock, *found)
        counts = session.execute(
            select(
                *(
                    base.with_only_columns(func.count())
                    .where(*_stream_where(s, issues, listed, shown.pinned))
                    .where(_before(s, key, order, clock, issues))
                    .scalar_subquery()
                    for s in streams
                )
            )
        ).one()
        for stream, count in zip(streams, counts, strict=True):
            if stream.pinned is not None and stream.pinned != until:
                count = int(_pinned_ahead(session, base, issues, stream, key, order, clock))
            ahead = max(0, count - offsets.get(stream, 0))
            wants[stream] = ahead + limit
            take += ahead
    ranked, fetched = _first_keys(
        session, (base, issues, listed, shown), order, clock, streams, offsets, wants, take
    )
    kept = ranked[:take]
    for _key_of, stream in kept:
        offsets[stream] = offsets.get(stream, 0) + 1
    more = len(ranked) > len(kept) or any(fetched[s] >= wants[s] for s in streams)
    ids = [key_of[3] for key_of, _stream in kept]
    rows = {}
    if ids:
        for row in session.execute(base.where(issues.c.id.in_(ids))).all():
            rows[row.id] = escalation_of(row._mapping)
    return Page([rows[i] for i in ids if i in rows], tuple(offsets.items()), more)


def _first_keys(session, where, order, clock, streams, offsets, wants, take):
    """The merged keys of the streams, enough for the first `take`: a share of each stream
    first, then the rest of what a stream may hold before the `take`-th key (most streams
    need no second look). Returns (ranked (key, stream) pairs, rows read per stream)."""
    share = max(16, 2 * take // max(1, len(streams)))
    first = {s: min(wants[s], share) for s in streams}
    rows = _stream_keys(session, *where, order, {s: (offsets.get(s, 0), first[s]) for s in streams})
    fetched = {s: 0 for s in streams}
    last: dict[Stream, tuple] = {}
    ranked = []
    for stream, *values in rows:
        key = _key(order, clock, *values)
        ranked.append((key, stream))
        fetched[stream] += 1
        last[stream] = _later(last.get(stream), key, order.descending)
    ranked.sort(reverse=order.descending)
    boundary = ranked[take - 1][0] if len(ranked) >= take else None
    again = {
        s: (offsets.get(s, 0) + fetched[s], wants[s] - fetched[s])
        for s in streams
        if fetched[s] == first[s] < wants[s]
        and (boundary is None or _before_key(last[s], boundary, order.descending))
    }
    if again:
        for stream, *values in _stream_keys(session, *where, order, again):
            ranked.append((_key(order, clock, *values), stream))
            fetched[stream] += 1
        ranked.sort(reverse=order.descending)
    return ranked, fetched


def _later(seen: tuple | None, key: tuple, descending: bool) -> tuple:
    """The key further along the order of the two (`seen` may be None)."""
    if seen is None:
        return key
    return min(seen, key) if descending else max(seen, key)


def _before_key(key: tuple, boundary: tuple, descending: bool) -> bool:
    return key > boundary if descending else key < boundary


def _pinned_ahead(session, base, issues, stream, key, order, clock) -> bool:
    row = session.execute(
        base.with_only_columns(
            issues.c.status, issues.c.level, issues.c.level_since, issues.c.id
        ).where(issues.c.id == stream.pinned)
    ).first()
    if row is None:
        return False
    pinned = _key(order, clock, *row)
    return pinned > key if order.descending else pinned < key


def _stream_keys(session, base, issues, listed, shown, order, reads) -> list:
    """(stream, status, level, since, id) of rows of some streams (`reads`: stream ->
    (offset, how many)), in one statement."""
    direction = (
        (issues.c.level_since.desc(), issues.c.id.desc())
        if order.descending
        else (issues.c.level_since, issues.c.id)
    )
    streams = list(reads)
    parts = []
    for index, stream in enumerate(streams):
        offset, count = reads[stream]
        part = (
            base.with_only_columns(issues.c.level_since, issues.c.id)
            .add_columns(literal(index).label("stream"))
            .where(*_stream_where(stream, issues, listed, shown.pinned))
            .order_by(*direction)
            .limit(count)
            .offset(offset)
            .subquery()
        )
        parts.append(select(part))
    if not parts:
        return []
    rows = session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
    result = []
    for since, ident, index in rows:
        stream = streams[index]
        if stream.pinned is not None:  # its status and level are not the stream's: ask
            result.append((stream, *_pinned_state(session, base, issues, ident), since, ident))
        else:
            result.append((stream, stream.status, stream.level, since, ident))
    return result


def _pinned_state(session, base, issues, ident: int) -> tuple[str, int]:
    return tuple(
        session.execute(
            base.with_only_columns(issues.c.status, issues.c.level).where(issues.c.id == ident)
        ).one()
    )


# -- the public functions ------------------------------------------------------------------------


def log_page(
    store: Store,
    shown: LogFilter,
    order: Order,
    *,
    today: date,
    policy: SlaPolicy,
    cursor: Any = None,
    limit: int = PAGE,
    until: int | None = None,
) -> Page[Escalation] | None:
    """Up to `limit` escalations of the log as `shown` and sorted by `order` (one of
    `COLUMNS`), from `cursor` (what the previous page returned; None: the start). `until`:
    an escalation that must be among them (the log reads up to it); None when the filters
    hide it. On live alliances only."""
    if order.column not in COLUMNS:
        raise ValueError(f"The log cannot sort by {order.column!r}.")
    clock = Clock(today, policy)
    with store.read() as session:
        if order.column in MERGED:
            return _merged_page(session, shown, order, clock, cursor, limit, until)
        issues, alliances = table(EscalationRow), table(AllianceRow)
        query = _scope(log_select(), shown, issues)
        query = query.where(_where(session, shown, clock, issues, alliances))
        owner_name = query.selected_columns.owner_name
        key = _sort_keys(session, order.column, clock, issues, alliances, owner_name)
        return offset_page(
            session,
            query,
            ordering([key, issues.c.id], order.descending),
            issues.c.id,
            lambda row: escalation_of(row._mapping),
            cursor,
            limit,
            until,
        )


def log_count(store: Store, shown: LogFilter, *, today: date, policy: SlaPolicy) -> int:
    """How many escalations the log lists as `shown`."""
    issues, alliances = table(EscalationRow), table(AllianceRow)
    clock = Clock(today, policy)
    with store.read() as session:
        query = _scope(
            select(func.count())
            .select_from(issues)
            .join(alliances, alliances.c.id == issues.c.alliance_id)
            .where(alliances.c.deleted_at.is_(None)),
            shown,
            issues,
        )
        return session.execute(
            query.where(_where(session, shown, clock, issues, alliances))
        ).scalar_one()


@dataclass(frozen=True)
class LogTotals:
    """What the log's heading says of every escalation in scope, whatever the filters."""

    count: int
    cost: CostOfTime
    ages: dict[str, dict[str, int]]  # open ones per alliance name, by age bucket


def log_totals(
    store: Store, alliance_id: int | None, *, today: date, policy: SlaPolicy
) -> LogTotals:
    """Counts and sums of the open issues (by their status index), grouped by alliance and
    age, with the count of every issue in scope: one statement (two when none is open)."""
    issues, alliances = table(EscalationRow), table(AllianceRow)
    clock = Clock(today, policy)
    scope = LogFilter(alliance_id=alliance_id)

    def live(query: Select) -> Select:
        joined = query.join(alliances, alliances.c.id == issues.c.alliance_id)
        return _scope(joined.where(alliances.c.deleted_at.is_(None)), scope, issues)

    # An open issue has no end yet (reopening clears it): its age runs to today.
    bucket = case(
        *(
            (issues.c.raised_on >= today - timedelta(days=high), label)
            for _low, high, label in AGE_BUCKETS
            if high is not None
        ),
        else_=AGE_BUCKETS[-1][2],
    )
    everything = live(select(func.count()).select_from(issues))
    query = live(
        select(
            alliances.c.name,
            bucket.label("bucket"),
            func.count(),
            func.coalesce(func.sum(issues.c.delay_days), 0),
            func.coalesce(func.sum(issues.c.value_at_stake), 0),
            func.count(case((_past(clock, issues), 1))),
            everything.scalar_subquery(),
        ).select_from(issues)
    )
    query = query.where(issues.c.status.in_(ACTIVE)).group_by(alliances.c.name, bucket)
    with store.read() as session:
        rows = session.execute(query).all()
        total = rows[0][-1] if rows else session.execute(everything).scalar_one()
    ages: dict[str, dict[str, int]] = {}
    open_count = delay = past = 0
    value = 0.0
    for name, label, count, delay_days, at_stake, past_sla, _total in rows:
        ages.setdefault(name, {label: 0 for *_, label in AGE_BUCKETS})[label] += count
        open_count, delay, value = open_count + count, delay + delay_days, value + at_stake
        past += past_sla
    return LogTotals(total, CostOfTime(open_count, int(delay), float(value), past), ages)

"""The escalation log's order by service level, which is not a column: the trigger date is a
number of business days (less the portfolio's holidays) after the day an issue reached its
level. It grows with that day at each level, so the log reads each (status, level) from its
index in day order — a *stream* — and merges the streams by trigger date in Python: a page
reads a share of keys per stream (more of the streams it needs), then the rows it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, false, func, literal, or_, select, true, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from alliance_desk.core.escalations import Escalation, SlaPolicy, Status, add_business_days
from alliance_desk.store.escalations import escalation_of
from alliance_desk.store.paging import Order, Page

if TYPE_CHECKING:
    from alliance_desk.store.escalation_log import LogFilter

ACTIVE = (Status.OPEN.value, Status.ESCALATED.value)
STATUSES = tuple(s.value for s in Status)
LEVELS = (0, 1, 2, 3)


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


def merged_page(
    session: Session,
    query: tuple[Select, Any, ColumnElement],
    shown: LogFilter,
    order: Order,
    clock: Clock,
    cursor: Any,
    limit: int,
    until: int | None,
) -> Page[Escalation] | None:
    """A page of the log in a merged order: `query` is (the log's statement for its scope,
    the escalations table, the filters other than status and level); `shown` the
    `escalation_log.LogFilter`."""
    base, issues, listed = query
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
    rows = _stream_keys(session, where, order, {s: (offsets.get(s, 0), first[s]) for s in streams})
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
        for stream, *values in _stream_keys(session, where, order, again):
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


def _stream_keys(session, where, order, reads) -> list:
    """(stream, status, level, since, id) of rows of some streams (`reads`: stream ->
    (offset, how many)), in one statement. `where`: (statement, table, filters, shown)."""
    base, issues, listed, shown = where
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

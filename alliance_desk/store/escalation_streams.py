"""The escalation log's order by service level, which is not a column: the trigger date is a
number of business days (less the portfolio's holidays) after the day an issue reached its
level. It grows with that day at each level, so the log reads each (status, level) from its
index in day order — a *stream* — and merges the streams by trigger date in Python: a page
reads a share of keys per stream (more of the streams it needs), then the rows it keeps."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from alliance_desk.core.business_days import SlaPolicy, add_business_days
from alliance_desk.core.escalations import Escalation, Status
from alliance_desk.store import fence
from alliance_desk.store.escalations import escalation_of
from alliance_desk.store.kept import Kept
from alliance_desk.store.paging import Order, Page

if TYPE_CHECKING:
    from alliance_desk.store.escalation_log import LogFilter

ACTIVE = (Status.OPEN.value, Status.ESCALATED.value)
STATUSES = tuple(s.value for s in Status)
LEVELS = (0, 1, 2, 3)
# The log's statements are run with these bound: `LogFilter.pinned`, and one issue's id.
PINNED: BindParameter[int] = bindparam("pinned", type_=Integer)
_ROW: BindParameter[int] = bindparam("row", type_=Integer)


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


def _stream_where(stream: Stream, issues, listed: ColumnElement, pinned: bool):
    """`stream`'s rows (`pinned`: whether the log lists an issue whatever the filters)."""
    if stream.pinned is not None:
        return [issues.c.id == PINNED]
    terms = [issues.c.status == stream.status, issues.c.level == stream.level, listed]
    if stream.since_at_most is not None:
        terms.append(issues.c.level_since <= stream.since_at_most)
    if stream.since_after is not None:
        terms.append(issues.c.level_since > stream.since_after)
    if pinned:
        terms.append(issues.c.id != PINNED)
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


class Merged:
    """The statements of a merged order for one shape of the filters (`LogFilter.shape`), one
    order and one clock, built once — then run with the filters' values, the pages' offsets
    and the ids read bound. `base`: the log's statement for its scope; `listed`: the filters
    other than status and level; `keys_from`: where the streams read their keys, if not from
    `base` (`escalation_log._keys_from`)."""

    def __init__(
        self,
        base: Select,
        issues: Any,
        listed: ColumnElement,
        shown: LogFilter,
        order: Order,
        clock: Clock,
        keys_from: Select | None = None,
    ) -> None:
        self.base, self.issues, self.listed = base, issues, listed
        self.pinned = shown.pinned is not None
        direction = (
            (issues.c.level_since.desc(), issues.c.id.desc())
            if order.descending
            else (issues.c.level_since, issues.c.id)
        )
        # Each stream's keys in its order, so many from an offset (`n<i>`, `o<i>`: the i-th
        # of `_streams`, the same list for every filter of this shape).
        self.parts = [
            select(
                (base if keys_from is None else keys_from)
                .with_only_columns(issues.c.level_since, issues.c.id)
                .add_columns(literal(index).label("stream"))
                .where(*_stream_where(stream, issues, listed, self.pinned))
                .order_by(*direction)
                .limit(fence.limit(f"n{index}"))
                .offset(bindparam(f"o{index}", type_=Integer))
                .subquery()
            )
            for index, stream in enumerate(_streams(shown, order, clock))
        ]
        self._keys: Kept[Any] = Kept(16)
        # How many rows of each stream the last first page of `take` rows held: the next
        # first page (the log shown again after an edit) reads that many at once. A busy
        # stream otherwise needed a second statement every time (≈ 11 ms on the team store at
        # ten times the heavy portfolio).
        self.first_page: tuple[int, dict[Stream, int]] = (0, {})
        self.rows = base.where(issues.c.id.in_(bindparam("ids", expanding=True)))
        self.state = base.with_only_columns(
            issues.c.status, issues.c.level, issues.c.level_since, issues.c.id
        ).where(issues.c.id == _ROW)

    def keys(self, indices: tuple[int, ...]) -> Any:
        """The keys of the streams at `indices` (ascending), in one statement."""
        return self._keys.get(
            indices,
            lambda: (
                union_all(*(self.parts[i] for i in indices))
                if len(indices) > 1
                else self.parts[indices[0]]
            ),
        )

    def where(self, stream: Stream) -> list[ColumnElement]:
        return _stream_where(stream, self.issues, self.listed, self.pinned)


def merged_page(
    session: Session,
    merged: Merged,
    shown: LogFilter,
    order: Order,
    clock: Clock,
    cursor: Any,
    limit: int,
    until: int | None,
) -> Page[Escalation] | None:
    """A page of the log in a merged order: `merged` its statements for `shown` (an
    `escalation_log.LogFilter`), `order` and `clock`."""
    base, issues, values = merged.base, merged.issues, shown.values()
    streams = _streams(shown, order, clock)
    offsets: dict[Stream, int] = dict(cursor or {})
    wants = {stream: limit for stream in streams}
    take = limit
    if until is not None:
        found = session.execute(
            merged.state.where(or_(*(and_(*merged.where(s)) for s in streams))),
            {**values, "row": until},
        ).first()
        if found is None:
            return None
        key = _key(order, clock, *found)
        counts = session.execute(
            select(
                *(
                    base.with_only_columns(func.count())
                    .where(*merged.where(s))
                    .where(_before(s, key, order, clock, issues))
                    .scalar_subquery()
                    for s in streams
                )
            ),
            values,
        ).one()
        for stream, count in zip(streams, counts, strict=True):
            if stream.pinned is not None and stream.pinned != until:
                count = int(_pinned_ahead(session, merged, values, stream, key, order, clock))
            ahead = max(0, count - offsets.get(stream, 0))
            wants[stream] = ahead + limit
            take += ahead
    ranked, fetched = _first_keys(
        session, merged, values, order, clock, streams, offsets, wants, take
    )
    kept = ranked[:take]
    for _key_of, stream in kept:
        offsets[stream] = offsets.get(stream, 0) + 1
    more = len(ranked) > len(kept) or any(fetched[s] >= wants[s] for s in streams)
    ids = [key_of[3] for key_of, _stream in kept]
    rows = {}
    if ids:
        for row in session.execute(merged.rows, {**values, "ids": ids}).all():
            rows[row.id] = escalation_of(row._mapping)
    return Page([rows[i] for i in ids if i in rows], tuple(offsets.items()), more)


def _first_keys(session, merged, values, order, clock, streams, offsets, wants, take):
    """The merged keys of the streams, enough for the first `take`: a share of each stream
    first, then the rest of what a stream may hold before the `take`-th key (most streams
    need no second look). Returns (ranked (key, stream) pairs, rows read per stream)."""
    share = max(16, 2 * take // max(1, len(streams)))
    starts = not any(offsets.values())
    held = merged.first_page[1] if starts and merged.first_page[0] == take else {}
    first = {s: min(wants[s], max(share, held.get(s, 0) + _MARGIN)) for s in streams}
    reads = {s: (offsets.get(s, 0), first[s]) for s in streams}
    rows = _stream_keys(session, merged, values, streams, reads)
    fetched = {s: 0 for s in streams}
    last: dict[Stream, tuple] = {}
    ranked = []
    for stream, *values_of in rows:
        key = _key(order, clock, *values_of)
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
        for stream, *values_of in _stream_keys(session, merged, values, streams, again):
            ranked.append((_key(order, clock, *values_of), stream))
            fetched[stream] += 1
        ranked.sort(reverse=order.descending)
    if starts:
        merged.first_page = (take, Counter(stream for _key_of, stream in ranked[:take]))
    return ranked, fetched


_MARGIN = 8  # rows more than a stream's share of the last first page: an edit moves a few


def _later(seen: tuple | None, key: tuple, descending: bool) -> tuple:
    """The key further along the order of the two (`seen` may be None)."""
    if seen is None:
        return key
    return min(seen, key) if descending else max(seen, key)


def _before_key(key: tuple, boundary: tuple, descending: bool) -> bool:
    return key > boundary if descending else key < boundary


def _pinned_ahead(session, merged: Merged, values, stream, key, order, clock) -> bool:
    row = session.execute(merged.state, {**values, "row": stream.pinned}).first()
    if row is None:
        return False
    pinned = _key(order, clock, *row)
    return pinned > key if order.descending else pinned < key


def _stream_keys(session, merged: Merged, values, streams: list[Stream], reads) -> list:
    """(stream, status, level, since, id) of rows of some of `streams` (`reads`: stream ->
    (offset, how many)), in one statement."""
    indices = tuple(i for i, stream in enumerate(streams) if stream in reads)
    if not indices:
        return []
    bound = dict(values)
    for i in indices:
        bound[f"o{i}"], bound[f"n{i}"] = reads[streams[i]]
    result = []
    for since, ident, index in session.execute(merged.keys(indices), bound).all():
        stream = streams[index]
        if stream.pinned is not None:  # its status and level are not the stream's: ask
            state = session.execute(merged.state, {**values, "row": ident}).one()
            result.append((stream, state[0], state[1], since, ident))
        else:
            result.append((stream, stream.status, stream.level, since, ident))
    return result

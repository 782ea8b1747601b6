"""Long lists read a page at a time: sorted, filtered and counted in SQL, so showing a list
costs the rows on screen, not the rows in the table. The pieces every paged list shares:
a `Page`, text folded and compared as Python's `str.casefold` does (the lists' filters
matched that way when they were filtered in memory), and offset paging over one ORDER BY."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Column,
    Date,
    Integer,
    Select,
    String,
    TypeDecorator,
    bindparam,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import BinaryExpression, BindParameter, ColumnElement

from alliance_desk.store import fence

T = TypeVar("T")

PAGE = 50  # rows read at a time: two screenfuls at 1440×900, more as the list is scrolled


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows of a list in order, where the next page starts (`cursor`, opaque to callers)
    and whether any rows are left after them."""

    rows: list[T]
    cursor: Any = None
    more: bool = False


@dataclass(frozen=True)
class Order:
    """A list's sort: the name of a column the list offers, and its direction."""

    column: str
    descending: bool = False


def on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def folded(session: Session, expression: ColumnElement) -> ColumnElement:
    """`expression` case-folded: Python's own casefold on SQLite (registered on every
    connection, see `database._functions`), lower() on PostgreSQL."""
    return func.lower(expression) if on_postgres(session) else func.casefold(expression)


class Needle(TypeDecorator[str]):
    """Text `contains` looks for, as it is sent: folded as Python folds it on SQLite (on
    PostgreSQL, lower() folds it in the statement)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None or dialect.name == "postgresql":
            return value
        return value.casefold()


def needle(name: str) -> BindParameter[str]:
    """Text for `contains` given as `name` when the statement runs: a kept statement (see
    `kept`) then looks for any text."""
    return bindparam(name, type_=Needle())


def contains(
    session: Session, haystack: ColumnElement, needle: str | BindParameter[str]
) -> ColumnElement:
    """Whether `needle` (a text, or a `needle` parameter) occurs in `haystack`, ignoring case
    (no wildcards: a % is a %)."""
    sought = literal(needle, Needle()) if isinstance(needle, str) else needle
    if on_postgres(session):
        return func.strpos(func.lower(haystack), func.lower(sought)) > 0
    return func.instr(func.casefold(haystack), sought) > 0


def text_key(session: Session, expression: ColumnElement) -> ColumnElement:
    """Sort text as the lists sorted it in memory: folded, by code point (PostgreSQL's
    language collations would ignore punctuation and spaces)."""
    if on_postgres(session):
        return func.lower(expression).collate("C")
    return func.casefold(expression)


def days_between(session: Session, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Whole days from `start` to `end` (two dates)."""
    if on_postgres(session):
        return end - start
    return cast(func.julianday(end) - func.julianday(start), Integer)


def day_number(session: Session, day: ColumnElement) -> ColumnElement:
    """`date.toordinal()` of a date column or value (1 January of year 1 is day 1): days as
    integers both engines compute with alike."""
    if on_postgres(session):
        return day - literal(date(1, 1, 1), Date) + 1
    return cast(func.julianday(day) - 1721424.5, Integer)


def ordering(
    keys: Sequence[ColumnElement], descending: bool, *, empty_first: bool = False
) -> list[ColumnElement]:
    """ORDER BY terms for `keys` (the last one unique, an id): all ascending or all
    descending, an empty value (NULL) first when ascending, as Python sorts None first —
    or, with `empty_first`, first both ways (stated, as the engines disagree on NULL)."""
    if descending and empty_first:
        # The id (never NULL) without a NULLS clause, so SQLite still reads it off the index.
        return [*(key.desc().nulls_first() for key in keys[:-1]), keys[-1].desc()]
    # A key that is never NULL gets no NULLS clause: the rows are the same, and PostgreSQL
    # reads an ascending index backwards only as DESC NULLS FIRST — with NULLS LAST it sorted
    # every risk for the register's first page by score (9 ms at ten times, against 1 ms).
    if descending:
        return [key.desc() if _never_empty(key) else key.desc().nulls_last() for key in keys]
    return [key.asc() if _never_empty(key) else key.asc().nulls_first() for key in keys]


def _never_empty(key: ColumnElement) -> bool:
    """Whether `key` can never be NULL: a column declared NOT NULL, or sums and products of
    such columns and numbers (a risk's score and rating). Anything else (a function, a CASE,
    a nullable column) may be."""
    if isinstance(key, Column):
        return not key.nullable
    if isinstance(key, BindParameter):
        return key.value is not None and not key.expanding and key.callable is None
    if isinstance(key, BinaryExpression) and key.operator in (operator.add, operator.mul):
        return _never_empty(key.left) and _never_empty(key.right)
    return False


@dataclass(frozen=True)
class Paged:
    """A list's statements for `read_page`: its rows in their order from an offset, and the
    place of one row in that order, with the offset, the number of rows and the row's id as
    bound parameters — built once, they are run for any page."""

    rows: Select
    position: Select

    @classmethod
    def of(cls, query: Select, order: Sequence[ColumnElement], ident: ColumnElement) -> Paged:
        """`query`'s rows in `order` (ties broken by it: the last term is unique); `ident`
        says which row is which."""
        numbered = query.with_only_columns(
            ident.label("ident"), func.row_number().over(order_by=list(order)).label("position")
        ).subquery()
        return cls(
            query.order_by(*order)
            .limit(fence.limit("page_limit"))
            .offset(bindparam("page_start", type_=Integer)),
            select(numbered.c.position).where(numbered.c.ident == bindparam("page_until")),
        )


def offset_page(
    session: Session,
    query: Select,
    order: Sequence[ColumnElement],
    ident: ColumnElement,
    convert: Callable[[Any], T],
    cursor: int | None,
    limit: int,
    until: Any = None,
) -> Page[T] | None:
    """`limit` rows of `query` in `order` from offset `cursor` (0 when None). `until`: an
    id that must be among the rows returned (all rows up to it are read, then a page
    more); None comes back when it is not listed at all."""
    return read_page(session, Paged.of(query, order, ident), convert, cursor, limit, until)


def read_page(
    session: Session,
    paged: Paged,
    convert: Callable[[Any], T],
    cursor: int | None,
    limit: int,
    until: Any = None,
    values: Mapping[str, Any] | None = None,
) -> Page[T] | None:
    """`offset_page` with its statements built already; `values`: of the other parameters
    they are bound to."""
    start = cursor or 0
    if until is not None:
        position = session.scalar(paged.position, {**(values or {}), "page_until": until})
        if position is None:
            return None
        limit = max(limit, position - start + limit)
    bound = {**(values or {}), "page_limit": limit + 1, "page_start": start}
    rows = session.execute(paged.rows, bound).all()
    more = len(rows) > limit
    taken = rows[:limit]
    return Page([convert(row) for row in taken], start + len(taken), more)

"""Several queries in one statement: on the team store every statement is a round trip, so a
screen that needs ten lists asks for them together (issue 25: Today in at most five).

A `Query` is a Core SELECT with the function turning its rows into core values. `run` sends
one as it is; `run_together` sends many as one statement, each query's rows aggregated into a
JSON array (SQLite's json_group_array, PostgreSQL's json_agg over the ordered query), decoded
back to the values the query's own columns would give (dates, booleans, numbers) and handed to
its function as rows that read like a result's: by position, by name and by `_mapping`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    Numeric,
    bindparam,
    case,
    func,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import CompoundSelect, Select
from sqlalchemy.sql.elements import BindParameter

from alliance_desk.store import id_lists
from alliance_desk.store.database import Store
from alliance_desk.store.kept import Kept

T = TypeVar("T")

# The moment a kept statement (`prepared`) is run for, given to `Together.run` as "now": built
# with it, one statement serves every moment of its day.
NOW: BindParameter[datetime] = bindparam("now", type_=DateTime)
When = datetime | BindParameter[datetime]  # a moment, or NOW
Ids = Collection[int] | BindParameter[Any]  # ids, or `ids(name)`'s parameter
# What `Together.run` gives for a part its condition said is unchanged (`unless`).
KEPT: Any = type("Kept", (), {"__repr__": lambda self: "KEPT", "__slots__": ()})()


def ids(name: str) -> BindParameter[Any]:
    """A list of ids given to `Together.run` as `name`: a kept statement for any ids, of any
    number (store/id_lists.py)."""
    return id_lists.id_list(name)


def among(column: Any, chosen: Ids | Select[Any]) -> Any:
    """`column IN chosen`: ids, `ids(name)`'s parameter or a SELECT of ids."""
    return id_lists.among(column, chosen)


@dataclass(frozen=True)
class Query(Generic[T]):
    """A SELECT and what its rows become."""

    statement: Select[Any] | CompoundSelect
    convert: Callable[[Sequence[Any]], T]


def run(store: Store, query: Query[T]) -> T:
    """One query, as one statement of its own."""
    with store.read() as session:
        return query.convert(session.execute(query.statement).all())


class Record(tuple):
    """A decoded row: a tuple whose items also read by column name, like a result row."""

    __slots__ = ()
    columns: ClassVar[dict[str, int]] = {}  # each column's position, by name

    def __getattr__(self, name: str) -> Any:
        try:
            return self[type(self).columns[name]]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def _mapping(self) -> dict[str, Any]:
        return {name: self[index] for name, index in type(self).columns.items()}


def record_of(model: Any) -> type[Record]:
    """Rows of every column of `model`'s table, in its order, read by the model's names."""
    names = {name: index for index, name in enumerate(model.__table__.c.keys())}
    return type(model.__name__, (Record,), {"__slots__": (), "columns": names})


def _decoder(column_type: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes what the column's type gives (None: it already is)."""
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat
    if isinstance(column_type, Date):
        return lambda text: date.fromisoformat(text[:10])
    if isinstance(column_type, Boolean):
        return bool
    if isinstance(column_type, Float | Numeric):
        return float
    return None


class _Shape:
    """How one query's JSON rows become rows that read like a result's (worked out once)."""

    def __init__(self, query: Query[Any]) -> None:
        subquery = query.statement.subquery()
        positions = {name: index for index, name in enumerate(subquery.c.keys())}
        self.row = type("Row", (Record,), {"__slots__": (), "columns": positions})
        self.decoders = [
            (i, d) for i, c in enumerate(subquery.c) if (d := _decoder(c.type)) is not None
        ]

    def rows(self, found: Any) -> list[Record]:
        if isinstance(found, str):
            found = json.loads(found)
        found = found or []  # PostgreSQL's json_agg of no rows is NULL
        for values in found:
            for index, decode in self.decoders:
                if values[index] is not None:
                    values[index] = decode(values[index])
        return list(map(self.row, found))


def run_together(session: Session, queries: Mapping[str, Query[Any]]) -> dict[str, Any]:
    """Every query's value by its name, from one statement."""
    return Together(session.get_bind().dialect.name, queries).run(session)


class Together:
    """Queries sent as one statement, built once: a screen that shows the same queries again
    (with other values for their bound parameters) keeps it and only runs it.

    `unless`: for some parts, a condition under which the database leaves the part out (the
    statement gives `KEPT` for it): a part the caller still holds as it is (its tables'
    change counters unmoved, store/change_counts.py) is then neither worked out, sent nor
    decoded again, in the same round trip as the parts that did change."""

    def __init__(
        self,
        dialect: str,
        queries: Mapping[str, Query[Any]],
        unless: Mapping[str, Any] | None = None,
    ) -> None:
        self.queries = dict(queries)
        self.shapes = [_Shape(query) for query in self.queries.values()]
        self.unless = dict(unless or {})
        columns = []
        for name, query in self.queries.items():
            subquery = query.statement.subquery()
            if dialect == "postgresql":
                rows = func.json_agg(func.json_build_array(*subquery.c))
            else:
                rows = func.json_group_array(func.json_array(*subquery.c))
            part: Any = select(rows).select_from(subquery).scalar_subquery()
            if name in self.unless:  # NULL only when left out: no rows read as an empty array
                if dialect == "postgresql":
                    part = func.coalesce(part, literal_column("'[]'::json"))
                part = case((self.unless[name], null()), else_=part)
            columns.append(part.label(name))
        self.statement = select(*columns) if columns else select(literal_column("1"))

    def run(self, session: Session, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Each query's value by its name (`KEPT` for a part left out); `values`: of the
        statement's bound parameters."""
        found = session.execute(self.statement, dict(values or {})).one()
        return {
            name: KEPT
            if found[index] is None and name in self.unless
            else query.convert(shape.rows(found[index]))  # psycopg hands JSON over decoded
            for index, ((name, query), shape) in enumerate(
                zip(self.queries.items(), self.shapes, strict=True)
            )
        }


_PREPARED: Kept[Together] = Kept(32)


def prepared(
    session: Session | str,
    key: tuple[Any, ...],
    queries: Callable[[], Mapping[str, Query[Any]]],
    unless: Callable[[str], Mapping[str, Any]] | None = None,
) -> Together:
    """The statement of `queries()` for `key` (what the queries depend on besides their
    bound parameters, e.g. the day and the policy), built once: a screen shown again after
    an edit only runs it. A few are kept, for the engines and days in use. `session`: the
    one it runs in, or its dialect's name (to build it before any connection exists).
    `unless(dialect)`: the parts' conditions to be left out (`Together`)."""
    dialect = session if isinstance(session, str) else session.get_bind().dialect.name
    return _PREPARED.get(
        (dialect, *key),
        lambda: Together(dialect, queries(), unless(dialect) if unless is not None else None),
    )

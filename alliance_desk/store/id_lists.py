"""A list of ids bound as one parameter: `column IN (SELECT value FROM json_each(?))` on SQLite,
`column = ANY(?)` on PostgreSQL.

SQLAlchemy's expanding IN writes one `?` per id into the statement as it runs, so each length
of list is a statement of its own: SQLite compiles Today's ranking statement (≈ 7 ms) and its
entries again whenever the number of candidates of a kind changes, and SQLAlchemy rewrites
the statement's text and its 400 parameters every run (≈ 0.7 ms a statement). One parameter
keeps one statement for every list.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import Boolean, Integer, String, bindparam
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import BindParameter, ClauseElement, ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal, _TraverseInternalsType
from sqlalchemy.types import TypeDecorator, TypeEngine


class IdList(TypeDecorator[Collection[int]]):
    """Ids as one value: a JSON array for SQLite, an integer array for PostgreSQL."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            # Imported here: a file's start never loads the PostgreSQL dialect (≈ 16 ms).
            from sqlalchemy.dialects.postgresql import ARRAY

            return dialect.type_descriptor(ARRAY(Integer))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Collection[int] | None, dialect: Dialect) -> Any:
        ids = [int(i) for i in value or ()]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


def id_list(name: str) -> BindParameter[Any]:
    """The parameter `name`, given a list of ids when the statement runs."""
    return bindparam(name, type_=IdList())


class Among(ColumnElement[bool]):
    """`column` is one of the ids bound to `chosen` (`id_list`)."""

    type = Boolean()
    inherit_cache = True
    # A condition, not a boolean value: without this SQLAlchemy writes `… IN (…) = 1` on
    # SQLite, which no index can answer (a list of 50 ids then scanned 60,000 escalations).
    _is_implicitly_boolean = True
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 (SQLAlchemy's cache key)
        ("column", InternalTraversal.dp_clauseelement),
        ("chosen", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, chosen: BindParameter[Any]) -> None:
        self.column = column
        self.chosen = chosen


@compiles(Among)
def _among(element: Among, compiler: Any, **kw: Any) -> str:
    column, chosen = compiler.process(element.column, **kw), compiler.process(element.chosen, **kw)
    return f"{column} IN (SELECT value FROM json_each({chosen}))"


@compiles(Among, "postgresql")
def _among_postgres(element: Among, compiler: Any, **kw: Any) -> str:
    column, chosen = compiler.process(element.column, **kw), compiler.process(element.chosen, **kw)
    return f"{column} = ANY({chosen})"


class Unindexed(ColumnElement[Any]):
    """`column`, which SQLite is not to look up through an index (`+column`): where a few
    ids drive a statement, an index on another condition would read every row it holds."""

    inherit_cache = True
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 (SQLAlchemy's cache key)
        ("column", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(Unindexed)
def _unindexed(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.column, **kw)}"


@compiles(Unindexed, "postgresql")
def _unindexed_postgres(element: Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))  # its planner knows the list's length


def among(column: Any, chosen: Any) -> Any:
    """`column IN chosen`: ids, `id_list`'s parameter or a SELECT of ids."""
    if isinstance(chosen, BindParameter) and isinstance(chosen.type, IdList):
        return Among(column, chosen)
    if isinstance(chosen, ClauseElement):
        return column.in_(chosen)
    return column.in_(list(chosen))

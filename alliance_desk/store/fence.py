"""LIMITs that SQLite does not plan by: a subquery kept whole (`fenced`), and limits (`limit`).

SQLite 3.47 and later (SQLCipher's is 3.53) read a LIMIT that is a bare bound parameter while
planning, and a statement that did so is planned again every time its parameters are bound:
the statement cache no longer saves its compiling. Today's ranking statement, with the `LIMIT ?`
(-1) SQLAlchemy writes for `.offset(0)`, was compiled anew at each run through SQLCipher (14 ms
instead of 6). So a LIMIT is either written into the statement (a number) or bound inside an
expression (`? + 0`, which SQLite does not read ahead): never a bare `?`. OFFSET may be bound.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, bindparam, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.selectable import Select
from sqlalchemy.sql.visitors import _TraverseInternalsType


class _Unlimited(ColumnElement[int]):
    """A LIMIT that keeps every row, in the engine's words."""

    type = Integer()
    inherit_cache = True
    _traverse_internals: _TraverseInternalsType = []  # noqa: RUF012 (stateless: one cache key)


@compiles(_Unlimited)
def _unlimited(element: _Unlimited, compiler: Any, **kw: Any) -> str:
    return "-1"  # SQLite: no limit


@compiles(_Unlimited, "postgresql")
def _unlimited_postgres(element: _Unlimited, compiler: Any, **kw: Any) -> str:
    return "ALL"


def fenced(query: Select[Any]) -> Select[Any]:
    """`query` as a subquery's SELECT that the database will not flatten into its outer query:
    `LIMIT <all> OFFSET 0` keeps SQLite and PostgreSQL from copying its expressions into the
    query around it, so it is computed once a row (or once) where it stands."""
    return query.limit(_Unlimited()).offset(literal_column("0", Integer))


def limit(value: int | str | None) -> ColumnElement[int] | None:
    """A LIMIT for `Select.limit`: a number written into the statement, or the name of a
    parameter bound at each run (one statement for every value; see above); None: none."""
    if value is None:
        return None
    if isinstance(value, str):
        return bindparam(value, type_=Integer) + literal_column("0", Integer)
    # Written when the statement is built (part of its cache key, unlike a parameter rendered
    # at each run, which SQLAlchemy would substitute into the statement's text every time).
    return literal_column(str(int(value)), Integer)

"""Every write operation is tried once more when the team store says nothing was written.

PostgreSQL may refuse a transaction that clashed with a teammate's (a serialization failure,
a deadlock), and a connection may drop half-way; in both cases the server rolled everything
back, and the same operation, run again at once on a fresh connection, normally succeeds. A
`with store.write()` block cannot run its own body twice, so the unit retried is the whole
operation: the public store function, decorated with `retried`. It is retried once, only on a
`RetryableError` (raised only when nothing was committed: a connection lost after COMMIT was
sent is a plain `SaveError`, the outcome unknown), and then the user is told in one sentence.

An operation called from inside another (`risks.add_decision` adds through `registers.add`)
is retried by the outermost one only, so nothing is attempted more than twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from alliance_desk.store.errors import RetryableError

P = ParamSpec("P")
T = TypeVar("T")

_running: ContextVar[bool] = ContextVar("alliance_desk_operation", default=False)


def retried(operation: Callable[P, T]) -> Callable[P, T]:
    """Run `operation`; if the team store refused it having written nothing, run it once more
    (a second refusal reaches the caller as its sentence)."""

    @functools.wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        if _running.get():  # inside another operation: the outer one retries
            return operation(*args, **kwargs)
        token = _running.set(True)
        try:
            try:
                return operation(*args, **kwargs)
            except RetryableError:
                return operation(*args, **kwargs)
        finally:
            _running.reset(token)

    run.retried = True  # type: ignore[attr-defined]
    return run

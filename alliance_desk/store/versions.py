"""Optimistic concurrency, shared by every record an edit can race on.

Each such table has a `version` column that is also the mapper's `version_id_col`: every UPDATE
checks it and bumps it. An edit carries the version it started from; `check` refuses it when a
newer one was saved meanwhile (another window, a teammate on the team store), and `touch`
bumps a record whose own columns did not change but whose parts did (a meeting's agenda).
"""

from __future__ import annotations

from sqlalchemy.orm.attributes import flag_modified

from alliance_desk.store.errors import ConflictError

# What the user is told to do next, by the kind of edit that was refused.
IN_FORM = "What you typed is still in the form: save again to replace their version with yours."
SHOWN_NOW = "Their version is shown now: make your change again if it still applies."


def check(row, expected_version: int | None, name, then: str = IN_FORM) -> None:
    """Raise ConflictError when `row` is no longer at `expected_version` (None: no check).
    `name` says which record, for the message: a string, or a function that finds it."""
    if expected_version is not None and row.version != expected_version:
        name = name() if callable(name) else name
        raise ConflictError(
            f"“{name}” was changed elsewhere (another window or a teammate) after you opened "
            f"it, so your change was not saved. {then}"
        )


def touch(row) -> None:
    """Make the next flush UPDATE `row`, so its version moves on with its parts.

    The version itself cannot be flagged (the mapper computes it), so one of the record's own
    columns is written back unchanged."""
    column = next(c for c in row.__table__.columns if not c.primary_key and c.key != "version")
    flag_modified(row, column.key)

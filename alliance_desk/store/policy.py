"""The portfolio's business rules (core/policy.py), read and changed in the portfolio itself.

Reading runs as plain Core (the window reads the policy before its first screen). A change
writes only the settings that differ, each only if it still holds what the editor started
from, so a teammate's newer change to a rule is never overwritten unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from alliance_desk.core.policy import (
    BY_NAME,
    Policy,
    as_texts,
    differences,
    from_texts,
    with_setting,
)
from alliance_desk.core.validation import FieldError
from alliance_desk.store import batch
from alliance_desk.store.database import Store
from alliance_desk.store.errors import ConflictError
from alliance_desk.store.models import PolicySettingRow, table, utcnow
from alliance_desk.store.retry import retried

RULES = table(PolicySettingRow)


def _stored(session: Session) -> dict[str, str]:
    return dict(session.execute(select(RULES.c.name, RULES.c.value)).all())


def load_policy(store: Store) -> Policy:
    """The portfolio's policy: what is stored, defaults for the rest."""
    return batch.run(store, policy_query())


def policy_query() -> batch.Query[Policy]:
    return batch.Query(
        select(RULES.c.name, RULES.c.value), lambda rows: from_texts(dict(map(tuple, rows)))
    )


def stored_settings(store: Store) -> dict[str, str]:
    """The settings the portfolio holds a value for (the others have their default)."""
    with store.read() as session:
        return _stored(session)


def _put(session: Session, stored: Mapping[str, str], name: str, text: str) -> None:
    if name in stored:
        session.execute(
            update(RULES).where(RULES.c.name == name).values(value=text, updated_at=utcnow())
        )
    else:
        session.execute(insert(RULES).values(name=name, value=text, updated_at=utcnow()))


@retried
def update_policy(store: Store, before: Policy, after: Policy) -> Policy:
    """Change the settings in which `after` differs from `before`, in one transaction.

    Each is written only if the portfolio still holds `before`'s value (what the user saw
    when they began); otherwise ConflictError, and nothing is written. Returns the policy as
    stored now."""
    changed = differences(before, after)
    with store.write() as session:
        stored = _stored(session)
        now = as_texts(from_texts(stored))
        moved = [name for name, (old, _new) in changed.items() if now[name] != old]
        if moved:
            raise ConflictError(
                f"The setting {', '.join(moved)} was changed elsewhere (a teammate, or "
                "`alliance-desk settings`) after you began, so nothing was changed. It shows "
                "their value now: make your change again if it still applies."
            )
        for name, (_old, new) in changed.items():
            _put(session, stored, name, new)
        return from_texts({**stored, **{name: new for name, (_old, new) in changed.items()}})


@retried
def set_setting(store: Store, name: str, text: str) -> Policy:
    """Change one setting from what was typed (the command line); FieldError says why a
    value is refused, and nothing is written then. Returns the policy as stored now."""
    with store.write() as session:
        stored = _stored(session)
        changed = with_setting(from_texts(stored), name, text)
        chosen = BY_NAME[name.strip().casefold()]
        _put(session, stored, chosen.name, chosen.text(changed))
        return changed


@retried
def adopt_settings(store: Store, texts: Mapping[str, str]) -> list[str]:
    """Bring settings kept elsewhere (a user's old window preferences) into the portfolio,
    once: each one the portfolio holds no value for yet is stored; one it already holds (a
    teammate's) is kept, and one that cannot be read is left out. Returns the names that
    were kept as the portfolio had them."""
    wanted = {}
    for name, text in texts.items():
        try:
            wanted[name] = BY_NAME[name].text(with_setting(Policy(), name, text))
        except (FieldError, KeyError):
            continue
    with store.write() as session:
        stored = _stored(session)
        for name, text in wanted.items():
            if name not in stored:
                _put(session, stored, name, text)
    return sorted(name for name in wanted if name in stored and stored[name] != wanted[name])

"""Governance bodies (committees): listed, made with the members their roles name, and their
members set."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from alliance_desk.core.governance import Body, BodyKind, members_by_role
from alliance_desk.store import registers, versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import BodyMemberRow, GovernanceBodyRow, StakeholderRow, table
from alliance_desk.store.retry import retried


def list_bodies(store: Store, alliance_id: int | None = None) -> list[Body]:
    with store.read() as session:
        rows = registers.rows_for(
            session, GovernanceBodyRow, alliance_id, table(GovernanceBodyRow).c.name
        )
        members = session.execute(
            select(BodyMemberRow.body_id, BodyMemberRow.stakeholder_id).where(
                BodyMemberRow.body_id.in_([row.id for row in rows])
            )
        ).all()
    by_body: dict[int, list[int]] = defaultdict(list)
    for body_id, stakeholder_id in members:
        by_body[body_id].append(stakeholder_id)
    return [
        Body(
            row.id,
            row.alliance_id,
            row.name,
            BodyKind(row.kind),
            tuple(sorted(by_body[row.id])),
            row.version,
            row.quorum_ours,
            row.quorum_theirs,
            row.recurrence,
        )
        for row in rows
    ]


@retried
def create_body(
    store: Store,
    alliance_id: int,
    name: str,
    kind: BodyKind,
    member_ids: Iterable[int] | None = None,
) -> int:
    """Create a committee; its members are `member_ids`, or with None, everyone on the
    alliance whose roles name its kind (`core.governance.members_by_role`)."""
    with store.write() as session:
        body_id = registers.insert(
            session, GovernanceBodyRow, alliance_id, {"name": name, "kind": kind.value}
        )
        if member_ids is None:
            roles = session.execute(
                select(StakeholderRow.id, StakeholderRow.role).where(
                    StakeholderRow.alliance_id == alliance_id
                )
            ).all()
            member_ids = members_by_role(kind, roles)
        _set_members(session, body_id, member_ids)
        return body_id


def _set_members(session: Session, body_id: int, stakeholder_ids: Iterable[int]) -> None:
    session.execute(delete(BodyMemberRow).where(BodyMemberRow.body_id == body_id))
    for stakeholder_id in dict.fromkeys(stakeholder_ids):
        session.add(BodyMemberRow(body_id=body_id, stakeholder_id=stakeholder_id))


@retried
def set_members(
    store: Store,
    body_id: int,
    stakeholder_ids: Iterable[int],
    *,
    expected_version: int | None = None,
) -> tuple[int, ...]:
    """Replace a body's members; returns the previous ones (for undo). With
    `expected_version`, members changed elsewhere since raise ConflictError instead."""
    with store.write() as session:
        body = session.get(GovernanceBodyRow, body_id)
        if body is None:
            raise StoreError("That committee no longer exists.")
        versions.check(body, expected_version, body.name, versions.SHOWN_NOW)
        versions.touch(body)
        before = tuple(
            session.scalars(
                select(BodyMemberRow.stakeholder_id).where(BodyMemberRow.body_id == body_id)
            )
        )
        _set_members(session, body_id, stakeholder_ids)
        return before


@retried
def delete_body(store: Store, body_id: int) -> None:
    with store.write() as session:
        session.execute(delete(GovernanceBodyRow).where(GovernanceBodyRow.id == body_id))

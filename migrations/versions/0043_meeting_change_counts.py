"""Meetings and governance bodies counted, and an index of meetings by their start

Revision ID: 0043_meeting_change_counts
Revises: 0042_custom_cadences
Create Date: 2026-12-05 20:05:00

Today and Value read each alliance's rhythm (its last contact, health check and committee
meeting, and its next meeting) again on every showing: at ten times the heavy portfolio
≈ 8 ms of reading, sending and decoding, though an edit of an escalation changes none of it.
Their statements leave a part out while its tables' change counters have not moved
(store/change_counts.py); the rhythm also reads meetings and governance bodies, whose writes
were not counted. They are now (0037's counters), and as the rhythm depends on the moment
(a meeting held since moves "last met" and "next"), an index of meetings by their start lets
the statement ask cheaply whether one started since the rhythm was read.
"""

from collections.abc import Sequence

from alliance_desk.store.migrate import (
    add_indexes,
    count_changes,
    drop_indexes,
    stop_counting_changes,
)

revision: str = "0043_meeting_change_counts"
down_revision: str | None = "0042_custom_cadences"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = ("meetings", "governance_bodies")
INDEXES = (("ix_meetings_starts", "meetings", ["starts_at"]),)


def upgrade() -> None:
    count_changes(WATCHED)
    add_indexes(INDEXES)


def downgrade() -> None:
    drop_indexes(INDEXES)
    stop_counting_changes(WATCHED)

"""Practice baselines (core/baseline.py): each user's own self-assessments, taken any time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from alliance_desk.core.baseline import Baseline, Model, check_scores, load_model
from alliance_desk.core.bundle import resource_path
from alliance_desk.core.validation import FieldError
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import AllianceRow, BaselineAnswerRow, BaselineRow
from alliance_desk.store.registers import as_dict
from alliance_desk.store.retry import retried


def model() -> Model:
    return load_model(resource_path("baseline.json"))


def list_baselines(store: Store) -> list[Baseline]:
    """The user's baselines, oldest first."""
    with store.read() as session:
        rows = session.execute(select(BaselineRow).order_by(BaselineRow.taken_on, BaselineRow.id))
        baselines = [row for (row,) in rows]
        answers = session.execute(
            select(
                BaselineAnswerRow.baseline_id, BaselineAnswerRow.question, BaselineAnswerRow.score
            )
        ).all()
        found = [(b.id, b.taken_on, b.note, b.alliance_id) for b in baselines]
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for baseline_id, question, score in answers:
        scores[baseline_id][question] = score
    return [
        Baseline(bid, taken_on, scores[bid], note, alliance_id)
        for bid, taken_on, note, alliance_id in found
    ]


@retried
def take_baseline(
    store: Store,
    taken_on: date,
    scores: Mapping[str, int],
    note: str = "",
    alliance_id: int | None = None,
) -> int:
    """Record a baseline with its scores, as one operation; returns its id."""
    try:
        check_scores(scores, model())
    except FieldError as error:
        raise StoreError(str(error)) from None
    with store.write() as session:
        if alliance_id is not None and session.get(AllianceRow, alliance_id) is None:
            raise StoreError("That alliance no longer exists.")
        row = BaselineRow(taken_on=taken_on, note=note, alliance_id=alliance_id)
        session.add(row)
        session.flush()
        for question, score in scores.items():
            session.add(BaselineAnswerRow(baseline_id=row.id, question=question, score=score))
        return row.id


@retried
def remove_baseline(store: Store, baseline_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Delete a baseline with its answers; returns what `restore_baseline` needs."""
    with store.write() as session:
        row = session.get(BaselineRow, baseline_id)
        if row is None:
            raise StoreError("That baseline no longer exists.")
        answers = session.scalars(
            select(BaselineAnswerRow).where(BaselineAnswerRow.baseline_id == baseline_id)
        )
        kept = as_dict(row), [as_dict(answer) for answer in answers]
        session.delete(row)
        return kept


@retried
def restore_baseline(store: Store, kept: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    row, answers = kept
    with store.write() as session:
        session.add(BaselineRow(**row))
        session.flush()
        for answer in answers:
            session.add(BaselineAnswerRow(**answer))

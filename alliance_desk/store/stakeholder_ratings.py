"""A person's ratings on an alliance (power and interest, 1–5): each new one dated and made
current, taken back to the latest left, listed for the rating history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from alliance_desk.core import wall
from alliance_desk.core.stakeholders import Rating
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import versions
from alliance_desk.store.database import Store
from alliance_desk.store.models import PersonRow, RatingRow, StakeholderRow
from alliance_desk.store.retry import retried
from alliance_desk.store.stakeholders import live_stakeholder, take_back_rating


def rating_history(store: Store, stakeholder_id: int) -> list[Rating]:
    """Every rating a person has had on this alliance, oldest first."""
    with store.read() as session:
        rows = session.execute(
            select(RatingRow.power, RatingRow.interest, RatingRow.rated_on)
            .where(RatingRow.stakeholder_id == stakeholder_id)
            .order_by(RatingRow.rated_on, RatingRow.id)
        ).all()
    return [Rating(power, interest, rated_on) for power, interest, rated_on in rows]


def _name(session: Session, row: StakeholderRow) -> str:
    return session.get_one(PersonRow, row.person_id).name


@retried
def rate(
    store: Store,
    stakeholder_id: int,
    power: int,
    interest: int,
    today: date | None = None,
    *,
    expected_version: int | None = None,
) -> int:
    """Record a new dated rating and make it current; returns the rating's id (for undo).
    With `expected_version`, a change to the person's place saved elsewhere since (another
    rating, a new stance) raises ConflictError instead."""
    if not (1 <= power <= 5 and 1 <= interest <= 5):
        raise ValidationError({"rating": "Ratings go from 1 to 5."})
    with store.write() as session:
        row = live_stakeholder(session, stakeholder_id)
        versions.check(row, expected_version, _name(session, row), versions.SHOWN_NOW)
        rating = RatingRow(
            stakeholder_id=row.id, power=power, interest=interest, rated_on=today or wall.today()
        )
        session.add(rating)
        row.power, row.interest = power, interest
        session.flush()
        return rating.id


@retried
def unrate(store: Store, rating_id: int, *, expected_version: int | None = None) -> None:
    """Take back a rating; the person's current rating becomes the latest one left."""
    with store.write() as session:
        rating = session.get(RatingRow, rating_id)
        if rating is None:
            return
        stakeholder = live_stakeholder(session, rating.stakeholder_id)
        versions.check(
            stakeholder, expected_version, _name(session, stakeholder), versions.SHOWN_NOW
        )
        take_back_rating(session, rating, stakeholder)

"""The wall clock: the day and the time the app works with, from one place.

Every "today" the app reads (days open, overdue, this week's habits, a pack's date) comes from
here, so one process never mixes two days. A day can be held: `ALLIANCE_DESK_TODAY=YYYY-MM-DD`
in the environment (or `hold`) fixes the day while the clock keeps its time of day — the test
suite holds the day it started on, so a run that crosses midnight sees one day throughout, and a
demo or a screenshot can be made as of a chosen day.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

HELD_DAY = "ALLIANCE_DESK_TODAY"

_held: date | None = None


def hold(day: date | None) -> None:
    """Work as if it were `day` (None: the real day again, unless the environment holds one)."""
    global _held
    _held = day


def _held_day() -> date | None:
    if _held is not None:
        return _held
    text = os.environ.get(HELD_DAY, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None  # a value we cannot read holds nothing: the real day


def _shift(real_day: date) -> timedelta:
    held = _held_day()
    return timedelta(days=(held - real_day).days) if held else timedelta(0)


def today() -> date:
    real = date.today()
    return real + _shift(real)


def now() -> datetime:
    """Local time, naive, on the held day if one is held."""
    real = datetime.now()
    return real + _shift(real.date())


def utcnow() -> datetime:
    """Naive UTC, moved by as many days as the local day is held away from the real one."""
    return datetime.now(UTC).replace(tzinfo=None) + _shift(date.today())

"""Business days: an escalation's service levels count weekdays, less the portfolio's holidays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from alliance_desk.core.i18n import translate
from alliance_desk.core.validation import FieldError

DEFAULT_SLA_DAYS = (5, 5, 10, 10)


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """Business days allowed at each level, and the days that are not business days."""

    days: tuple[int, int, int, int] = DEFAULT_SLA_DAYS
    holidays: frozenset[date] = frozenset()

    def allowed(self, level: int) -> int:
        return self.days[level]


def add_business_days(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """The date `days` business days after `start` (weekends and holidays not counted)."""
    return _add_business_days(start, days, frozenset(holidays))


def _add_weekdays(start: date, days: int) -> date:
    """`days` (> 0) Monday-to-Friday days after `start`, by arithmetic: whole weeks hold five,
    and the rest spills over one weekend at most."""
    weekday = start.weekday()
    if weekday > 4:  # from a weekend, count as from the Friday before
        start -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(days, 5)
    if rest == 0:  # lands on the same weekday, whole weeks later (a Friday start stays one)
        return start + timedelta(days=7 * weeks)
    return start + timedelta(days=7 * weeks + rest + (2 if weekday + rest > 4 else 0))


@lru_cache(maxsize=4096)
def _add_business_days(start: date, days: int, holidays: frozenset[date]) -> date:
    # Cached: a portfolio has thousands of escalations but few distinct (day, level) pairs.
    # Arithmetic rather than a walk or rrule (80 µs a call): Today ranks thousands of clocks at
    # start. Each weekday holiday passed on the way pushes the end one more business day out.
    if days <= 0:
        return start
    end = _add_weekdays(start, days)
    missed = sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
    while missed:
        later = _add_weekdays(end, missed)
        missed = sum(1 for day in holidays if end < day <= later and day.weekday() < 5)
        end = later
    return end


def business_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start).

    Counted arithmetically — whole weeks hold five — so an issue years past its trigger costs
    no more than one a day past it; the tests check it against a day-by-day `rrule` count.
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    count -= sum(1 for day in set(holidays) if start < day <= end and day.weekday() < 5)
    return count


def parse_holidays(text: str) -> frozenset[date]:
    """Holidays typed as ISO dates separated by commas, spaces or new lines."""
    found = set()
    for part in text.replace(",", " ").split():
        try:
            found.add(date.fromisoformat(part))
        except ValueError:
            raise FieldError(
                translate("Escalations", "“{text}” is not a date such as 2026-12-25.").format(
                    text=part
                )
            ) from None
    return frozenset(found)

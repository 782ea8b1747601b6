"""Dates as the window shows them: one format everywhere a user reads a date ("3 Dec 2026",
"Thu 3 Dec 2026", "3 Dec 2026 14:00"), and the ISO form where a user types one (a field the
validators parse) or a file is named. UI modules format dates only through these
(tests/ui/test_dates.py walks them)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from alliance_desk.core import wall


def shown(day: date | datetime | None, empty: str = "—") -> str:
    """A day to read: '3 Dec 2026' (`empty` when there is none)."""
    if day is None:
        return empty
    return _day(day.date() if isinstance(day, datetime) else day)


# A month's or a weekday's name is the locale's (strftime), and each strftime call imports
# the time module through PySide6's import hook (≈ 4 µs where it is 1.4 without it): a list of
# a hundred dated rows paid it hundreds of times a reading. Each day is written out once.
@lru_cache(maxsize=4096)
def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@lru_cache(maxsize=4096)
def _weekday(day: date) -> str:
    return f"{day:%a}"


def shown_short(day: date | None, today: date | None = None) -> str:
    """A day near today: 'Thu 3 Dec', with the year only when it is not this one."""
    if day is None:
        return "—"
    return _short(day, (today or wall.today()).year)


@lru_cache(maxsize=2048)
def _short(day: date, this_year: int) -> str:
    """`shown_short`, worked out once a day: a list shows the same few days on many rows
    (a week's check-ins), and three strftime calls a row were ≈ 13 µs of each."""
    return f"{day:%a} {day.day} {day:%b}" + ("" if day.year == this_year else f" {day:%Y}")


def shown_weekday(day: date | datetime) -> str:
    """A day with its weekday: 'Thu 3 Dec 2026'."""
    plain = day.date() if isinstance(day, datetime) else day
    return f"{_weekday(plain)} {_day(plain)}"


def shown_long(day: date | datetime) -> str:
    """A day in full, for a heading: 'Thursday 3 December 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: datetime) -> str:
    """A time of day: '14:00' (digits in every locale: no strftime)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def shown_moment(moment: datetime, *, weekday: bool = False, seconds: bool = False) -> str:
    """A date and time: '3 Dec 2026 14:00' ('Thu 3 Dec 2026 14:00' with `weekday`)."""
    time = f"{clock(moment)}:{moment.second:02d}" if seconds else clock(moment)
    return f"{shown_weekday(moment) if weekday else shown(moment)} {time}"


def shown_month(day: date | datetime) -> str:
    """A month: 'Dec 2026'; `shown_month_only`: 'Dec' (a chart's axis)."""
    return f"{day:%b %Y}"


def shown_month_only(day: date | datetime) -> str:
    return f"{day:%b}"


def entered(day: date | None) -> str:
    """A day as a user types it into a field (ISO, what the validators read): '2026-12-03'."""
    return day.isoformat() if day else ""


def entered_moment(moment: datetime) -> str:
    """A date and time as a user types it: '2026-12-03 14:00'."""
    return f"{moment:%Y-%m-%d %H:%M}"


def stamp(day: date | datetime) -> str:
    """A day in a file's name or a setting (sorts as text): '2026-12-03'."""
    return f"{day:%Y-%m-%d}"


QT_DAY = "ddd d MMM yyyy"  # a date box's display format: what `shown_weekday` writes

"""Repeating rhythms in the words people use ("every 3 weeks", "quarterly") and back.

The store keeps an iCalendar RRULE (`FREQ=MONTHLY;INTERVAL=3`): calendars and dateutil read it.
People type the rhythm as they would say it; a rule typed as RRULE is still taken as it is.
"""

from __future__ import annotations

import re

from alliance_desk.core.i18n import translate

_UNITS = {
    "day": "DAILY",
    "week": "WEEKLY",
    "month": "MONTHLY",
    "quarter": "MONTHLY",  # three months each
    "year": "YEARLY",
}
# Rhythms with a name of their own, by the rule they mean (frequency, interval).
_NAMES_OF = {
    ("DAILY", 1): ("daily",),
    ("WEEKLY", 1): ("weekly",),
    ("WEEKLY", 2): ("fortnightly", "biweekly"),
    ("MONTHLY", 1): ("monthly",),
    ("MONTHLY", 2): ("bimonthly",),
    ("MONTHLY", 3): ("quarterly",),
    ("MONTHLY", 6): ("half-yearly", "semiannually", "twice a year"),
    ("YEARLY", 1): ("yearly", "annually"),
}
_NAMED = {name: rule for rule, names in _NAMES_OF.items() for name in names}
_ORDINALS = {"other": 2, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_SAID = re.compile(r"^(?:every\s+|each\s+|once\s+every\s+)?(?:(\d{1,3}|[a-z]+)\s+)?([a-z]+?)s?$")


def rule_from_words(text: str) -> str | None:
    """The RRULE for a rhythm said in words ("every 3 months", "6 weeks", "quarterly",
    "every other week"); None when `text` is not one (it may be an RRULE already)."""
    said = " ".join(text.lower().replace(",", " ").split())
    if said in _NAMED:
        return _rule(*_NAMED[said])
    found = _SAID.match(said)
    if found is None or found.group(2) not in _UNITS:
        return None
    count = found.group(1)
    if count is None:
        interval = 1
    elif count.isdigit():
        interval = int(count)
    elif count in _ORDINALS:
        interval = _ORDINALS[count]
    else:
        return None
    if interval <= 0:
        return None
    if found.group(2) == "quarter":
        return _rule("MONTHLY", 3 * interval)
    return _rule(_UNITS[found.group(2)], interval)


def _rule(frequency: str, interval: int) -> str:
    return f"FREQ={frequency}" if interval == 1 else f"FREQ={frequency};INTERVAL={interval}"


_PLAIN = re.compile(r"^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(?:;INTERVAL=(\d+))?$")


def in_words(rule: str) -> str:
    """A stored rule as a person would say it ("every 3 months"); a rule with more to it than
    a frequency and an interval (days of the week, counts) is shown as it is."""
    found = _PLAIN.match(rule.strip().removeprefix("RRULE:").upper())
    if found is None:
        return rule
    frequency, interval = found.group(1), int(found.group(2) or 1)
    if interval == 1:
        return {
            "DAILY": translate("recurrence", "every day"),
            "WEEKLY": translate("recurrence", "every week"),
            "MONTHLY": translate("recurrence", "every month"),
            "YEARLY": translate("recurrence", "every year"),
        }[frequency]
    return {
        "DAILY": translate("recurrence", "every {count} days"),
        "WEEKLY": translate("recurrence", "every {count} weeks"),
        "MONTHLY": translate("recurrence", "every {count} months"),
        "YEARLY": translate("recurrence", "every {count} years"),
    }[frequency].format(count=interval)

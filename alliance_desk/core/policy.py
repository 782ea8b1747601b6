"""The portfolio's business rules: service levels, holidays, week start and the defaults of
new records. Stored in the portfolio itself (store/policy.py), so the window, Today, the
command line, every pack and every teammate on the team store read the same rules.

Each rule is a `Setting` with a name (as typed after `alliance-desk settings`), a meaning in
one line, and a parser that refuses a bad value with the reason. A `Policy` holds them all,
checked, and is handed to every calculation that depends on one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from alliance_desk.core.business_days import DEFAULT_SLA_DAYS, SlaPolicy, parse_holidays
from alliance_desk.core.escalations import LEVELS
from alliance_desk.core.i18n import translate
from alliance_desk.core.rhythm import DEFAULT_RHYTHMS, Rhythm, parse_rhythm
from alliance_desk.core.validation import FieldError, parse_rating, parse_yes_no

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_SLA_DAYS = 120
MAX_DAYS = 730


@dataclass(frozen=True, slots=True)
class Policy:
    """Every business rule of a portfolio, checked when made (FieldError says what is wrong)."""

    sla_days: tuple[int, int, int, int] = DEFAULT_SLA_DAYS
    holidays: frozenset[date] = field(default_factory=frozenset)
    week_start: int = 0  # 0 Monday … 6 Sunday
    not_implemented_days: int = 60
    keep_off_weekends: bool = True
    decision_review_days: int = 0  # 0: a new decision has no review date proposed
    obligation_notice_days: int = 30
    # Tier sets the rhythm (core/rhythm.py): tier 1, 2, 3.
    rhythms: tuple[Rhythm, Rhythm, Rhythm] = DEFAULT_RHYTHMS

    def __post_init__(self) -> None:
        if len(self.sla_days) != len(LEVELS):
            raise FieldError(
                translate("Policy", "Give business days for each of the {count} levels.").format(
                    count=len(LEVELS)
                )
            )
        for days in self.sla_days:
            _in_range(days, 1, MAX_SLA_DAYS)
        _in_range(self.week_start, 0, 6)
        _in_range(self.not_implemented_days, 1, MAX_DAYS)
        _in_range(self.decision_review_days, 0, MAX_DAYS)
        _in_range(self.obligation_notice_days, 0, MAX_DAYS)

    @property
    def sla(self) -> SlaPolicy:
        """The service levels, as escalation calculations take them."""
        return SlaPolicy(self.sla_days, self.holidays)

    @property
    def week_start_name(self) -> str:
        return WEEKDAYS[self.week_start].capitalize()

    def rhythm(self, tier: int) -> Rhythm:
        return self.rhythms[min(max(tier, 1), 3) - 1]

    def review_date_for(self, decided_on: date) -> date | None:
        """The review date proposed for a decision taken on `decided_on` (None: none)."""
        if not self.decision_review_days:
            return None
        return decided_on + timedelta(days=self.decision_review_days)


def _in_range(value: int, low: int, high: int) -> None:
    parse_rating(value, low=low, high=high)


@dataclass(frozen=True, slots=True)
class Setting:
    """One rule of the policy as a user sees it: a name, what it means, how it is written."""

    name: str
    meaning: str
    parse: Callable[[str], Any]  # text -> value; FieldError with the reason when it is wrong
    show: Callable[[Any], str]  # value -> text, as `parse` reads it back
    read: Callable[[Policy], Any]
    write: Callable[[Policy, Any], Policy]

    def text(self, policy: Policy) -> str:
        return self.show(self.read(policy))


def _days(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        return parse_rating(text, low=low, high=high)

    return parse


def _holidays(text: str) -> frozenset[date]:
    return frozenset() if text.strip().casefold() == "none" else parse_holidays(text)


def _weekday(text: str) -> int:
    wanted = text.strip().casefold()
    for number, name in enumerate(WEEKDAYS):
        if wanted in (name, name[:3], str(number)):
            return number
    raise FieldError(
        translate("Policy", "“{text}” is not a day of the week (monday … sunday).").format(
            text=text.strip()[:40]
        )
    )


def _sla_level(level: int) -> Setting:
    def write(policy: Policy, days: int) -> Policy:
        levels = list(policy.sla_days)
        levels[level] = days
        return replace(policy, sla_days=(levels[0], levels[1], levels[2], levels[3]))

    return Setting(
        f"sla-level-{level}",
        f"Business days an escalation may stay at level {level} "
        f"({LEVELS[level].lower()}) before it is past its service level "
        f"(1–{MAX_SLA_DAYS}; default {DEFAULT_SLA_DAYS[level]}).",
        _days(1, MAX_SLA_DAYS),
        str,
        lambda policy: policy.sla_days[level],
        write,
    )


def _rhythm(tier: int) -> Setting:
    def write(policy: Policy, rhythm: Rhythm) -> Policy:
        rhythms = list(policy.rhythms)
        rhythms[tier - 1] = rhythm
        return replace(policy, rhythms=(rhythms[0], rhythms[1], rhythms[2]))

    return Setting(
        f"rhythm-tier-{tier}",
        f"Days between contacts with a tier-{tier} alliance's people, reviews of its risks, "
        f"health checks and committee meetings, in that order "
        f"(default {DEFAULT_RHYTHMS[tier - 1].text()}).",
        parse_rhythm,
        lambda rhythm: rhythm.text(),
        lambda policy: policy.rhythms[tier - 1],
        write,
    )


def _field(name: str, meaning: str, attribute: str, parse: Callable[[str], Any], show) -> Setting:
    return Setting(
        name,
        meaning,
        parse,
        show,
        lambda policy: getattr(policy, attribute),
        lambda policy, value: replace(policy, **{attribute: value}),
    )


SETTINGS: tuple[Setting, ...] = (
    *(_sla_level(level) for level in LEVELS),
    _field(
        "holidays",
        "Days that are not business days besides weekends, for service levels: dates such "
        "as 2026-12-25, separated by commas, or none (default none).",
        "holidays",
        _holidays,
        lambda days: ", ".join(day.isoformat() for day in sorted(days)) or "none",
    ),
    _field(
        "week-start",
        "The day habit weeks start on, for targets, streaks and the weekly review "
        "(monday … sunday; default monday).",
        "week_start",
        _weekday,
        lambda number: WEEKDAYS[number],
    ),
    _field(
        "not-implemented-days",
        f"Days after it was taken that a decision still not implemented is flagged "
        f"(1–{MAX_DAYS}; default 60).",
        "not_implemented_days",
        _days(1, MAX_DAYS),
        str,
    ),
    _field(
        "keep-off-weekends",
        "Whether a new onboarding plan moves due dates off weekends: before day one to the "
        "Friday, from day one on to the Monday (yes or no; default yes).",
        "keep_off_weekends",
        parse_yes_no,
        lambda flag: "yes" if flag else "no",
    ),
    _field(
        "decision-review-days",
        f"Days after a new decision that its review date is proposed (0: none; "
        f"0–{MAX_DAYS}; default 0).",
        "decision_review_days",
        _days(0, MAX_DAYS),
        str,
    ),
    _field(
        "obligation-notice-days",
        f"Days before a new obligation is due that its notice window opens "
        f"(0–{MAX_DAYS}; default 30).",
        "obligation_notice_days",
        _days(0, MAX_DAYS),
        str,
    ),
    *(_rhythm(tier) for tier in (1, 2, 3)),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def setting(name: str) -> Setting:
    """The setting called `name`; FieldError naming the known ones otherwise."""
    found = BY_NAME.get(name.strip().casefold())
    if found is None:
        known = ", ".join(BY_NAME)
        raise FieldError(
            translate(
                "Policy", "There is no setting called “{name}”. The settings: {known}."
            ).format(name=name.strip()[:40], known=known)
        )
    return found


def with_setting(policy: Policy, name: str, text: str) -> Policy:
    """`policy` with one setting changed from what was typed; FieldError says why not."""
    chosen = setting(name)
    try:
        return chosen.write(policy, chosen.parse(text))
    except FieldError as error:
        raise FieldError(
            translate("Policy", "{setting}: {error}").format(setting=chosen.name, error=error)
        ) from None


def from_texts(texts: Mapping[str, str]) -> Policy:
    """The policy the stored texts say; a setting not stored (or unreadable, if someone
    edited the file by hand) keeps its default, and names this version does not know are
    ignored (a newer version may add settings)."""
    policy = Policy()
    for name, text in texts.items():
        chosen = BY_NAME.get(name)
        if chosen is None:
            continue
        try:
            policy = chosen.write(policy, chosen.parse(text))
        except FieldError:
            continue
    return policy


def as_texts(policy: Policy) -> dict[str, str]:
    """Every setting of `policy` as it is stored and typed."""
    return {chosen.name: chosen.text(policy) for chosen in SETTINGS}


def differences(before: Policy, after: Policy) -> dict[str, tuple[str, str]]:
    """The settings that differ: name -> (text before, text after)."""
    old, new = as_texts(before), as_texts(after)
    return {name: (old[name], new[name]) for name in new if old[name] != new[name]}

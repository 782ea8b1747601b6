"""Stakeholders: a person's place on one alliance, how they are rated, planned for and doing.

Power/influence and interest/engagement are rated 1–5. A rating of 4 or 5 counts as *high*, so
the grid's quadrant lines fall between 3 and 4: a person rated 3 is not yet someone to manage
closely, and moving them to 4 is a deliberate call.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from alliance_desk.core.cadence import (
    Cadence,
    cadence_days,
    due_by,
    next_contact_due,
    validate_rrule,
)
from alliance_desk.core.i18n import (
    QT_TRANSLATE_NOOP,
    Labelled,
    Words,
    label_members,
    translate,
)
from alliance_desk.core.people import Person, PersonDraft, Side, validate_person
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    ValidationError,
    clean_text,
    parse_choice,
    parse_date,
    parse_optional_id,
    parse_rating,
    parse_yes_no,
)

HIGH = 4  # ratings at or above this are "high" on either axis


class Stance(Labelled, enum.StrEnum):
    CHAMPION = "champion"
    SUPPORTER = "supporter"
    NEUTRAL = "neutral"
    SCEPTIC = "sceptic"
    BLOCKER = "blocker"

    @property
    def mark(self) -> str:
        """A one-character mark for the grid, readable without colour."""
        return {"champion": "★", "supporter": "+", "neutral": "○", "sceptic": "?", "blocker": "✕"}[
            self.value
        ]


label_members(
    Stance,
    {
        Stance.CHAMPION: QT_TRANSLATE_NOOP("Stance", "Champion"),
        Stance.SUPPORTER: QT_TRANSLATE_NOOP("Stance", "Supporter"),
        Stance.NEUTRAL: QT_TRANSLATE_NOOP("Stance", "Neutral"),
        Stance.SCEPTIC: QT_TRANSLATE_NOOP("Stance", "Sceptic"),
        Stance.BLOCKER: QT_TRANSLATE_NOOP("Stance", "Blocker"),
    },
)


class Quadrant(Labelled, enum.StrEnum):
    MANAGE_CLOSELY = "Manage closely"
    KEEP_SATISFIED = "Keep satisfied"
    KEEP_INFORMED = "Keep informed"
    MONITOR = "Monitor"


label_members(
    Quadrant,
    {
        Quadrant.MANAGE_CLOSELY: QT_TRANSLATE_NOOP("Quadrant", "Manage closely"),
        Quadrant.KEEP_SATISFIED: QT_TRANSLATE_NOOP("Quadrant", "Keep satisfied"),
        Quadrant.KEEP_INFORMED: QT_TRANSLATE_NOOP("Quadrant", "Keep informed"),
        Quadrant.MONITOR: QT_TRANSLATE_NOOP("Quadrant", "Monitor"),
    },
)


def quadrant(power: int, interest: int) -> Quadrant:
    """Where a person sits on the power × interest grid."""
    if power >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


class Channel(Labelled, enum.StrEnum):
    IN_PERSON = "in person"
    VIDEO = "video call"
    PHONE = "phone"
    EMAIL = "e-mail"
    MESSAGING = "messaging"


label_members(
    Channel,
    {
        Channel.IN_PERSON: QT_TRANSLATE_NOOP("Channel", "In person"),
        Channel.VIDEO: QT_TRANSLATE_NOOP("Channel", "Video call"),
        Channel.PHONE: QT_TRANSLATE_NOOP("Channel", "Phone"),
        Channel.EMAIL: QT_TRANSLATE_NOOP("Channel", "E-mail"),
        Channel.MESSAGING: QT_TRANSLATE_NOOP("Channel", "Messaging"),
    },
)


class InteractionKind(Labelled, enum.StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "e-mail"
    INFORMAL = "informal"


label_members(
    InteractionKind,
    {
        InteractionKind.MEETING: QT_TRANSLATE_NOOP("InteractionKind", "Meeting"),
        InteractionKind.CALL: QT_TRANSLATE_NOOP("InteractionKind", "Call"),
        InteractionKind.EMAIL: QT_TRANSLATE_NOOP("InteractionKind", "E-mail"),
        InteractionKind.INFORMAL: QT_TRANSLATE_NOOP("InteractionKind", "Informal"),
    },
)


SENTIMENT_LABELS = Words(
    "Sentiment",
    {
        -2: QT_TRANSLATE_NOOP("Sentiment", "−2 very negative"),
        -1: QT_TRANSLATE_NOOP("Sentiment", "−1 negative"),
        0: QT_TRANSLATE_NOOP("Sentiment", "0 neutral"),
        1: QT_TRANSLATE_NOOP("Sentiment", "+1 positive"),
        2: QT_TRANSLATE_NOOP("Sentiment", "+2 very positive"),
    },
)


HEALTH_WINDOW_DAYS = 90


def relationship_health(
    cadence: Cadence,
    interactions: Iterable[tuple[date, int]],
    today: date,
    rule: str = "",
) -> int:
    """A 0–100 figure for how well a relationship is being kept up.

    Reasoning: a relationship is healthy when you talk as often as you planned to and those
    conversations go well. So the figure blends two parts over the last 90 days:

    - **contact (60 %)**: interactions held ÷ interactions the plan called for, capped at 1.
      The plan calls for 90 ÷ (days between contacts), e.g. about 3 for monthly. Without a plan
      one contact a quarter is expected, so silence is never "healthy".
    - **sentiment (40 %)**: the average sentiment (−2…+2) of the five most recent interactions,
      the latest counting double, mapped to 0…1. With no interactions it is 0.5 — unknown, not
      bad; the contact part already carries the silence.

    health = round(100 × (0.6 × contact + 0.4 × sentiment))
    """
    window_start = today - timedelta(days=HEALTH_WINDOW_DAYS)
    recent = sorted(
        ((when, sentiment) for when, sentiment in interactions if window_start < when <= today),
        reverse=True,
    )
    spacing = cadence_days(cadence, rule)
    expected = HEALTH_WINDOW_DAYS / spacing if spacing else 1.0
    contact = min(1.0, len(recent) / expected)
    latest = recent[:5]
    if latest:
        weights = [2.0] + [1.0] * (len(latest) - 1)
        mean = sum(w * s for w, (_, s) in zip(weights, latest, strict=True)) / sum(weights)
        sentiment = (mean + 2) / 4
    else:
        sentiment = 0.5
    return round(100 * (0.6 * contact + 0.4 * sentiment))


@dataclass(frozen=True, slots=True)
class StakeholderDraft:
    """The alliance-specific part of a person: roles, ratings, stance and communication plan."""

    roles: str = ""
    power: int = 3
    interest: int = 3
    stance: Stance = Stance.NEUTRAL
    notes: str = ""
    internal_only: bool = False
    channel: Channel = Channel.VIDEO
    cadence: Cadence = Cadence.NONE
    cadence_rule: str = ""
    formal: bool = False

    @property
    def role_list(self) -> list[str]:
        return [role.strip() for role in self.roles.split(",") if role.strip()]


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """A person on an alliance, with what the store knows about their contact history."""

    id: int
    alliance_id: int
    person: Person
    details: StakeholderDraft
    last_contact: date | None = None
    contacts_90d: tuple[tuple[date, int], ...] = field(default=(), compare=False)
    counterpart_ids: tuple[int, ...] = ()  # stakeholder ids on the other side
    planned_from: date | None = None
    version: int = field(default=1, compare=False)  # of their place on this alliance
    first_rated: date | None = None  # when they joined this alliance's map
    last_rated: date | None = None

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def side(self) -> Side:
        return self.person.side

    @property
    def quadrant(self) -> Quadrant:
        return quadrant(self.details.power, self.details.interest)

    def next_due(self, today: date) -> date | None:
        planned_from = self.planned_from or today
        return next_contact_due(
            self.last_contact,
            self.details.cadence,
            self.details.cadence_rule,
            planned_from=planned_from,
        )

    def health(self, today: date) -> int:
        return relationship_health(
            self.details.cadence, self.contacts_90d, today, self.details.cadence_rule
        )


@dataclass(frozen=True, slots=True)
class Rating:
    power: int
    interest: int
    rated_on: date


@dataclass(frozen=True, slots=True)
class InteractionDraft:
    occurred_on: date
    kind: InteractionKind
    sentiment: int
    note: str
    person_ids: tuple[int, ...]
    internal_only: bool = False
    private: bool = False  # team store: only its author can read it


@dataclass(frozen=True, slots=True)
class Interaction(InteractionDraft):
    id: int = 0
    alliance_id: int = 0
    people_names: tuple[str, ...] = ()


def _formality(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    if text in ("", "informal"):
        return False
    if text == "formal":
        return True
    raise FieldError(translate("Stakeholders", "Enter formal or informal."))


def validate_stakeholder(raw: Mapping[str, object]) -> StakeholderDraft:
    """Check the alliance-specific fields of a person; every wrong field is reported."""
    fields = FieldCollector()
    cadence = fields.take("cadence", parse_choice, Cadence, raw.get("cadence"), Cadence.NONE)
    rule = ""
    if cadence is Cadence.CUSTOM:
        rule = fields.take("cadence_rule", validate_rrule, str(raw.get("cadence_rule") or "")) or ""
    draft = StakeholderDraft(
        roles=fields.take("roles", clean_text, raw.get("roles"), max_length=500),
        power=fields.take("power", parse_rating, raw.get("power", 3)),
        interest=fields.take("interest", parse_rating, raw.get("interest", 3)),
        stance=fields.take("stance", parse_choice, Stance, raw.get("stance"), Stance.NEUTRAL),
        notes=fields.take("notes", clean_text, raw.get("notes"), max_length=5000),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
        channel=fields.take("channel", parse_choice, Channel, raw.get("channel"), Channel.VIDEO),
        cadence=cadence,
        cadence_rule=rule,
        formal=fields.take("formality", _formality, raw.get("formality", raw.get("formal"))),
    )
    fields.raise_if_any()
    return draft


def validate_person_on_alliance(raw: Mapping[str, object]) -> tuple[PersonDraft, StakeholderDraft]:
    """A person and their place on an alliance, checked together so all messages come at once."""
    errors: dict[str, str] = {}
    person: PersonDraft | None = None
    details: StakeholderDraft | None = None
    try:
        person = validate_person(raw)
    except ValidationError as error:
        errors.update(error.errors)
    try:
        details = validate_stakeholder(raw)
    except ValidationError as error:
        errors.update(error.errors)
    if errors or person is None or details is None:
        raise ValidationError(errors)
    return person, details


def _person_ids(listed: object) -> tuple[int, ...]:
    """The people picked from the list, each once, in the order given."""
    if listed is None or listed == "":
        return ()
    if isinstance(listed, str) or not isinstance(listed, Iterable):
        raise FieldError(translate("Stakeholders", "Choose the people from the list."))
    ids = (parse_optional_id(item) for item in listed)
    return tuple(dict.fromkeys(i for i in ids if i is not None))


def validate_interaction(raw: Mapping[str, object]) -> InteractionDraft:
    """Check a logged interaction: a date, a kind, a sentiment from −2 to +2, who took part."""
    fields = FieldCollector()
    people = fields.take("person_ids", _person_ids, raw.get("person_ids"))
    draft = InteractionDraft(
        occurred_on=fields.take("occurred_on", parse_date, raw.get("occurred_on"), required=True),
        kind=fields.take(
            "kind", parse_choice, InteractionKind, raw.get("kind"), InteractionKind.MEETING
        ),
        sentiment=fields.take("sentiment", parse_rating, raw.get("sentiment", 0), low=-2, high=2),
        note=fields.take("note", clean_text, raw.get("note"), max_length=10_000),
        person_ids=people,
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
        private=fields.take("private", parse_yes_no, raw.get("private")),
    )
    if not people and "person_ids" not in fields.errors:
        fields.errors["person_ids"] = translate(
            "Stakeholders", "Choose at least one person who took part."
        )
    fields.raise_if_any()
    return draft


# -- coverage gaps ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallDue:
    """Someone whose next planned contact falls due soon (what Today lists)."""

    stakeholder_id: int
    alliance_id: int
    name: str
    title: str
    last_contact: date | None
    due: date
    person_id: int = 0
    cadence: str = ""  # the contact plan's, in words ("monthly")


def due_within(
    stakeholders: Sequence[Stakeholder], today: date, days: int = 7
) -> list[Stakeholder]:
    """People whose next contact is due by `today + days` (overdue ones included), soonest first."""
    horizon = today + timedelta(days=days)
    due = [
        (
            due_by(
                s.last_contact,
                s.details.cadence,
                s.details.cadence_rule,
                s.planned_from or today,
                horizon,
            ),
            s,
        )
        for s in stakeholders
    ]
    return [
        s
        for when, s in sorted(
            ((w, s) for w, s in due if w is not None and w <= horizon), key=lambda pair: pair[0]
        )
    ]

"""Governance bodies and their meetings: agenda, attendees, decisions taken and action items
(two-sided health checks are `core.health_checks`)."""

from __future__ import annotations

import contextlib
import enum
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alliance_desk.core import wall
from alliance_desk.core.dates import shown_moment
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members, translate
from alliance_desk.core.obligations import Party
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    clean_text,
    free_form_parser,
    parse_choice,
    parse_date,
    parse_optional_id,
    parse_rating,
)


class BodyKind(Labelled, enum.StrEnum):
    JSC = "joint steering committee"
    JDC = "joint development committee"
    JCC = "joint commercial committee"
    OTHER = "other"


label_members(
    BodyKind,
    {
        BodyKind.JSC: QT_TRANSLATE_NOOP("BodyKind", "Joint steering committee"),
        BodyKind.JDC: QT_TRANSLATE_NOOP("BodyKind", "Joint development committee"),
        BodyKind.JCC: QT_TRANSLATE_NOOP("BodyKind", "Joint commercial committee"),
        BodyKind.OTHER: QT_TRANSLATE_NOOP("BodyKind", "Other"),
    },
)


def members_by_role(kind: BodyKind, roles: Iterable[tuple[int, str]]) -> list[int]:
    """Who sits on a new committee by default: the stakeholders (id, governance roles) whose
    roles name its short form — "JSC member" sits on the joint steering committee. A committee
    of another kind starts with nobody."""
    if kind is BodyKind.OTHER:
        return []
    short = kind.name.casefold()
    return [stakeholder_id for stakeholder_id, role in roles if short in role.casefold()]


class Purpose(Labelled, enum.StrEnum):
    DECISION = "decision"
    DISCUSSION = "discussion"
    INFORMATION = "information"


label_members(
    Purpose,
    {
        Purpose.DECISION: QT_TRANSLATE_NOOP("Purpose", "For decision"),
        Purpose.DISCUSSION: QT_TRANSLATE_NOOP("Purpose", "For discussion"),
        Purpose.INFORMATION: QT_TRANSLATE_NOOP("Purpose", "For information"),
    },
)


class MeetingFormat(Labelled, enum.StrEnum):
    IN_PERSON = "in person"
    REMOTE = "remote"
    HYBRID = "hybrid"


label_members(
    MeetingFormat,
    {
        MeetingFormat.IN_PERSON: QT_TRANSLATE_NOOP("MeetingFormat", "In person"),
        MeetingFormat.REMOTE: QT_TRANSLATE_NOOP("MeetingFormat", "Remote"),
        MeetingFormat.HYBRID: QT_TRANSLATE_NOOP("MeetingFormat", "Hybrid"),
    },
)


class ActionStatus(Labelled, enum.StrEnum):
    OPEN = "open"
    DONE = "done"


label_members(
    ActionStatus,
    {
        ActionStatus.OPEN: QT_TRANSLATE_NOOP("ActionStatus", "Open"),
        ActionStatus.DONE: QT_TRANSLATE_NOOP("ActionStatus", "Done"),
    },
)


class ComingMeeting(NamedTuple):
    """A meeting ahead, as Today lists it."""

    meeting_id: int
    alliance_id: int
    body_name: str
    starts_at: datetime
    location: str
    agenda_items: int
    time_zone: str = ""  # IANA name its time is in; '' = the machine's zone

    @property
    def letters(self) -> str:
        """The zone its time is in, as its clocks show it that day ('JST')."""
        return zone_letters(self.starts_at, time_zone(self.time_zone or local_zone_name()))

    @property
    def when(self) -> str:
        """Its start as the meeting's own clocks show it, with their zone: 'Wed 23 Dec 2026
        10:00 JST' (a time without its zone was read as the reader's own)."""
        return f"{shown_moment(self.starts_at, weekday=True)} {self.letters}"


class LateAction(NamedTuple):
    """An open action past its due date, as Today lists it."""

    title: str
    due: date
    meeting_id: int
    alliance_id: int
    body_name: str
    action_id: int = 0


@dataclass(frozen=True, slots=True)
class Body:
    id: int
    alliance_id: int
    name: str
    kind: BodyKind
    member_ids: tuple[int, ...] = ()  # stakeholder ids
    version: int = field(default=1, compare=False)  # bumped by every change of members
    quorum_ours: int = 0  # members of our side a meeting needs (0: no rule)
    quorum_theirs: int = 0  # members of the partner's side
    recurrence: str = ""  # an iCalendar RRULE for its series of meetings ('' none)


@dataclass(frozen=True, slots=True)
class AgendaItem:
    title: str
    purpose: Purpose = Purpose.DISCUSSION
    minutes: int = 15
    presenter_id: int | None = None
    notes: str = ""
    record: str = ""  # its minutes: what was said, taken down in the meeting
    carry_over: bool = False  # the "Actions from the previous meeting" item
    id: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ActionItem:
    title: str
    owner_id: int
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    id: int = 0
    version: int = field(default=1, compare=False)
    side: str = ""  # core.obligations.Party value: whose action it is ('' not said)
    reviewed_in: int | None = None  # the later meeting that last updated it

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due is not None and self.due < today


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    body_id: int
    starts_at: datetime  # wall-clock time in `time_zone` (naive)
    ends_at: datetime
    location: str = ""
    time_zone: str = ""  # IANA name, e.g. Europe/Zurich; '' = the machine's zone
    format: str = ""  # core.minutes.MeetingFormat value ('' not said)

    @property
    def zone(self) -> ZoneInfo:
        return time_zone(self.time_zone or local_zone_name())


@cache
def local_zone_name() -> str:
    """The machine's time zone as an IANA name: $TZ, the /etc/localtime link, /etc/timezone;
    failing those (Windows), the fixed zone of today's UTC offset (Etc/GMT-1 for UTC+1)."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append(str(Path("/etc/localtime").resolve()).partition("zoneinfo/")[2])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and _known_zone(name):
            return name
    offset = wall.now().astimezone().utcoffset()
    hours, rest = divmod(int(offset.total_seconds()) if offset else 0, 3600)
    if rest == 0 and hours:
        return f"Etc/GMT{-hours:+d}"  # POSIX signs: Etc/GMT-1 is one hour ahead of UTC
    return "UTC"


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def time_zone(name: str) -> ZoneInfo:
    """The zone of that name (UTC for a name this machine does not know)."""
    return ZoneInfo(name) if _known_zone(name) else ZoneInfo("UTC")


def zone_letters(starts_at: datetime, zone: ZoneInfo) -> str:
    """A zone as its clocks show it that day (CET, JST, GMT), or UTC±N for a zone without
    letters (+04)."""
    name = starts_at.replace(tzinfo=zone).tzname() or ""
    return f"UTC{name}" if name[:1] in "+-" else name


def parse_time_zone(value: object) -> str:
    """An IANA time zone name such as Europe/Zurich or Asia/Tokyo; blank is the machine's."""
    text = ("" if value is None else str(value)).strip()
    if not text:
        return local_zone_name()
    if len(text) > 64 or not _known_zone(text):
        raise FieldError(
            translate(
                "Governance", "“{text}” is not a time zone (e.g. Europe/Zurich, Asia/Tokyo)."
            ).format(text=text[:40])
        )
    return text


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    alliance_id: int
    body_name: str
    draft: MeetingDraft
    attendee_ids: tuple[int, ...] = ()  # person ids
    agenda: tuple[AgendaItem, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    version: int = field(default=1, compare=False)  # of its times, agenda and attendees

    @property
    def minutes_planned(self) -> int:
        return sum(item.minutes for item in self.agenda)


def parse_moment(value: object, *, required: bool = True) -> datetime | None:
    """A date and time such as '2026-12-07 14:00' (a date alone means 09:00)."""
    if isinstance(value, datetime):
        return value
    text = ("" if value is None else str(value)).strip()
    if not text:
        if required:
            raise FieldError(
                translate("Governance", "Enter a date and time such as 2026-12-07 14:00.")
            )
        return None
    try:
        # ISO first: day-first parsing would read 2026-12-07 as 12 July.
        moment = datetime.fromisoformat(text)
        if len(text) == 10:
            moment = moment.replace(hour=9)
    except ValueError:
        moment = None
    try:
        if moment is None:
            default = datetime(2000, 1, 1, 9, 0)
            moment = free_form_parser().parse(text, dayfirst=True, default=default)
    except (ValueError, OverflowError):
        raise FieldError(
            translate(
                "Governance", "“{text}” is not a date and time (e.g. 2026-12-07 14:00)."
            ).format(text=text[:40])
        ) from None
    parse_date(moment.date())  # same range check as every other date
    return moment.replace(tzinfo=None, second=0, microsecond=0)


def validate_meeting(raw: Mapping[str, object]) -> MeetingDraft:
    fields = FieldCollector()
    body_id = fields.take("body_id", parse_optional_id, raw.get("body_id"))
    if body_id is None and "body_id" not in fields.errors:
        fields.errors["body_id"] = translate("Governance", "Choose the committee that meets.")
    starts = fields.take("starts_at", parse_moment, raw.get("starts_at"))
    ends = fields.take("ends_at", parse_moment, raw.get("ends_at"))
    location = fields.take("location", clean_text, raw.get("location"), max_length=300)
    zone = fields.take("time_zone", parse_time_zone, raw.get("time_zone"))
    kind = fields.take("format", _parse_format, raw.get("format"))
    if starts and ends and ends <= starts:
        fields.errors["ends_at"] = translate(
            "Governance", "The meeting cannot end before it starts."
        )
    fields.raise_if_any()
    return MeetingDraft(body_id, starts, ends, location or "", zone, kind)


def _parse_format(value: object) -> str:
    """In person, remote or hybrid ('' when not said)."""
    if value is None or str(value).strip() == "":
        return ""
    return parse_choice(MeetingFormat, value).value


def validate_agenda_item(raw: Mapping[str, object]) -> AgendaItem:
    fields = FieldCollector()
    item = AgendaItem(
        title=fields.take("title", clean_text, raw.get("title"), required=True, max_length=300),
        purpose=fields.take(
            "purpose", parse_choice, Purpose, raw.get("purpose"), Purpose.DISCUSSION
        ),
        minutes=fields.take("minutes", parse_rating, raw.get("minutes", 15), low=1, high=600),
        presenter_id=fields.take("presenter_id", parse_optional_id, raw.get("presenter_id")),
        notes=fields.take("notes", clean_text, raw.get("notes")) or "",
    )
    fields.raise_if_any()
    return item


def validate_action(raw: Mapping[str, object]) -> ActionItem:
    fields = FieldCollector()
    title = fields.take("title", clean_text, raw.get("title"), required=True, max_length=300)
    owner = fields.take("owner_id", parse_optional_id, raw.get("owner_id"))
    if owner is None and "owner_id" not in fields.errors:
        fields.errors["owner_id"] = translate("Governance", "Every action needs an owner.")
    due = fields.take("due", parse_date, raw.get("due"))
    side = fields.take("side", parse_side, raw.get("side"))
    fields.raise_if_any()
    return ActionItem(title, owner, due, side=side)


def parse_side(value: object) -> str:
    """Whose action it is: ours, theirs or joint ('' when not said)."""
    if value is None or str(value).strip() == "":
        return ""
    return parse_choice(Party, value).value


def copy_agenda(previous: Meeting | None) -> list[AgendaItem]:
    """Last meeting's agenda as the start of the next one, without last time's notes and
    minutes (and without its review of actions: the next meeting has its own)."""
    if previous is None:
        return []
    return [
        replace(item, notes="", record="", id=0) for item in previous.agenda if not item.carry_over
    ]

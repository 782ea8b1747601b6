"""People on both sides of an alliance."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, Labelled, label_members, translate
from alliance_desk.core.validation import FieldCollector, FieldError, clean_text, parse_yes_no


class Side(Labelled, enum.StrEnum):
    INTERNAL = "internal"
    PARTNER = "partner"


label_members(
    Side,
    {
        Side.INTERNAL: QT_TRANSLATE_NOOP("Side", "Our company"),
        Side.PARTNER: QT_TRANSLATE_NOOP("Side", "Partner"),
    },
)


@dataclass(frozen=True, slots=True)
class PersonDraft:
    name: str
    side: Side
    title: str = ""
    organisation: str = ""
    function: str = ""
    email: str = ""
    phone: str = ""
    internal_only: bool = False


DRAFT_FIELDS = tuple(PersonDraft.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class Person(PersonDraft):
    id: int = 0
    version: int = field(default=1, compare=False)  # bumped by every saved edit

    def draft(self) -> PersonDraft:
        return PersonDraft(**{name: getattr(self, name) for name in DRAFT_FIELDS})


def parse_side(value: object) -> Side:
    if isinstance(value, Side):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    if text in ("internal", "ours", "our company", "us"):
        return Side.INTERNAL
    if text in ("partner", "theirs", "external"):
        return Side.PARTNER
    raise FieldError(translate("People", "Choose internal or partner."))


def _email(value: object) -> str:
    text = clean_text(value, max_length=320)
    if text and ("@" not in text or " " in text or text.startswith("@") or text.endswith("@")):
        raise FieldError(
            translate("People", "“{text}” is not an e-mail address.").format(text=text[:60])
        )
    return text


def validate_person(raw: Mapping[str, object]) -> PersonDraft:
    """Check a person's fields; raise `ValidationError` naming every field that is wrong."""
    fields = FieldCollector()
    draft = PersonDraft(
        name=fields.take("name", clean_text, raw.get("name"), required=True, max_length=200),
        side=fields.take("side", parse_side, raw.get("side")),
        title=fields.take("title", clean_text, raw.get("title"), max_length=200),
        organisation=fields.take(
            "organisation", clean_text, raw.get("organisation"), max_length=200
        ),
        function=fields.take("function", clean_text, raw.get("function"), max_length=200),
        email=fields.take("email", _email, raw.get("email")),
        phone=fields.take("phone", clean_text, raw.get("phone"), max_length=60),
        internal_only=fields.take("internal_only", parse_yes_no, raw.get("internal_only")),
    )
    fields.raise_if_any()
    return draft

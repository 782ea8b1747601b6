"""Turning what a user typed into checked values, with a message per field when it is wrong.

Forms and imports share these parsers, so a value refused in a form is refused the same way,
with the same words, in a CSV file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

from alliance_desk.core.i18n import translate


class ValidationError(ValueError):
    """One or more fields are wrong; `errors` maps each field to a sentence for the user."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))


class FieldError(ValueError):
    """A single value is wrong; the message is written for the user."""


MAX_TEXT = 20_000


def clean_text(value: object, *, required: bool = False, max_length: int = MAX_TEXT) -> str:
    """Trim text, refuse control characters other than tab and newline, and enforce a length."""
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise FieldError(translate("Validation", "This is required."))
    if len(text) > max_length:
        raise FieldError(
            translate("Validation", "Keep this under {limit} characters (it has {count}).").format(
                limit=f"{max_length:,}", count=f"{len(text):,}"
            )
        )
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text) or "\x7f" in text:
        raise FieldError(
            translate("Validation", "This contains control characters; please retype it.")
        )
    return text


def _whole_number(low: int, high: int) -> str:
    return translate("Validation", "Enter a whole number from {low} to {high}.").format(
        low=low, high=high
    )


def parse_rating(value: object, *, low: int = 1, high: int = 5) -> int:
    """A whole number within [low, high], from an int or from text such as ' 4 '."""
    if isinstance(value, bool):
        raise FieldError(_whole_number(low, high))
    if isinstance(value, int):
        number = value
    else:
        text = "" if value is None else str(value).strip()
        try:
            number = int(text)
        except ValueError:
            raise FieldError(_whole_number(low, high)) from None
    if not low <= number <= high:
        raise FieldError(
            translate(
                "Validation", "Enter a whole number from {low} to {high} (got {number})."
            ).format(low=low, high=high, number=number)
        )
    return number


def parse_amount(value: object) -> float:
    """A non-negative finite number; blank means zero. Accepts thousands separators."""
    if isinstance(value, bool):
        raise FieldError(translate("Validation", "Enter an amount such as 12.5."))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = ("" if value is None else str(value)).strip().replace(",", "").replace(" ", "")
        if not text:
            return 0.0
        try:
            number = float(text)
        except ValueError:
            raise FieldError(translate("Validation", "Enter an amount such as 12.5.")) from None
    if not math.isfinite(number):
        raise FieldError(translate("Validation", "Enter an amount such as 12.5."))
    if number < 0:
        raise FieldError(translate("Validation", "The amount cannot be negative."))
    if number > 1e15:
        raise FieldError(translate("Validation", "That amount is too large."))
    return number


def parse_yes_no(value: object) -> bool:
    """A flag from a checkbox or from a file's yes/no, true/false, 1/0 (blank means no)."""
    if isinstance(value, bool):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    if text in ("", "0", "no", "n", "false", "f"):
        return False
    if text in ("1", "yes", "y", "true", "t"):
        return True
    raise FieldError(translate("Validation", "Enter yes or no."))


def parse_yes_no_or_rule(value: object) -> bool | None:
    """A flag that may also be left to a rule: blank, None or "rule" give None."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "rule")):
        return None
    return parse_yes_no(value)


def parse_choice(enum_type, value: object, default=None):
    """One of an enum's members, from the member itself or its value or name in any case.
    Blank gives `default` when there is one."""
    if isinstance(value, enum_type):
        return value
    text = ("" if value is None else str(value)).strip().lower()
    if not text and default is not None:
        return default
    for member in enum_type:
        label = getattr(member, "label", member.value)
        if text in (member.value, member.name.lower(), str(label).lower()):
            return member
    raise FieldError(
        translate("Validation", "Choose one of: {choices}.").format(
            choices=", ".join(m.value for m in enum_type)
        )
    )


def parse_optional_id(value: object) -> int | None:
    """The id of a record picked from a list; blank means none."""
    if value in (None, "", 0):
        return None
    if not isinstance(value, int | str | float) or isinstance(value, bool):
        raise FieldError(translate("Validation", "Choose from the list."))
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite number
        raise FieldError(translate("Validation", "Choose from the list.")) from None


def free_form_parser():
    """dateutil's parser, imported on the first date typed in a free form: it costs ≈ 15 ms to
    import, paid at every start otherwise (ISO dates, the usual case, never need it)."""
    from dateutil import parser

    return parser


EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)


def parse_date(value: object, *, required: bool = False) -> date | None:
    """A calendar date from a `date` or from text (ISO `2026-03-01` or `1 Mar 2026`).

    Day-first is assumed for ambiguous numeric forms such as 03/04/2026, as most alliance
    managers outside the US write dates that way; ISO input is never ambiguous.
    """
    if isinstance(value, date):
        parsed = value
    else:
        text = ("" if value is None else str(value)).strip()
        if not text:
            if required:
                raise FieldError(translate("Validation", "Enter a date such as 2026-03-01."))
            return None
        try:
            if len(text) == 10 and text[4] == "-" and text[7] == "-":
                parsed = date.fromisoformat(text)
            else:
                parsed = free_form_parser().parse(text, dayfirst=True).date()
        except (ValueError, OverflowError):
            raise FieldError(
                translate(
                    "Validation", "“{text}” is not a date; use a form such as 2026-03-01."
                ).format(text=text[:40])
            ) from None
    if not EARLIEST <= parsed <= LATEST:
        raise FieldError(
            translate("Validation", "Enter a date between {first} and {last}.").format(
                first=EARLIEST.year, last=LATEST.year
            )
        )
    return parsed


class FieldCollector:
    """Collects one message per field while a form is parsed, then raises them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def take(self, field: str, parse, *args, **kwargs):
        """Run `parse(*args, **kwargs)`; remember its message under `field` if it fails."""
        try:
            return parse(*args, **kwargs)
        except FieldError as error:
            self.errors[field] = str(error)
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

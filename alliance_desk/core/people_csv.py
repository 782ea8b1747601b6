"""People files: reading a spreadsheet's CSV of stakeholders, and writing one back.

Accepts what Excel and LibreOffice write: UTF-8 with or without a byte-order mark, comma or
semicolon separated, a header row in any order and case. Every problem is reported with its
row (as the spreadsheet numbers it, header = row 1) and column, and nothing is imported unless
the whole file is clean.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliance_desk.core.files import TooLarge, describe_os_error, read_limited
from alliance_desk.core.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.core.people import PersonDraft, parse_side
from alliance_desk.core.spreadsheet import as_typed, inert
from alliance_desk.core.stakeholders import (
    Stakeholder,
    StakeholderDraft,
    validate_person_on_alliance,
)
from alliance_desk.core.validation import FieldError, ValidationError

COLUMNS = (
    "name",
    "side",
    "title",
    "organisation",
    "function",
    "email",
    "phone",
    "roles",
    "power",
    "interest",
    "stance",
    "channel",
    "cadence",
    "cadence_rule",
    "formality",
    "notes",
    "internal_only",
)
REQUIRED = ("name", "side")
ALIASES = {
    "organization": "organisation",
    "company": "organisation",
    "e-mail": "email",
    "mail": "email",
    "telephone": "phone",
    "governance_roles": "roles",
    "role": "roles",
    "power/influence": "power",
    "influence": "power",
    "interest/engagement": "interest",
    "engagement": "interest",
    "formal": "formality",
    "internal": "internal_only",
}
MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return translate("PeopleImport", "row {row}, column “{column}”: {message}").format(
                row=self.row, column=self.column, message=self.message
            )
        return translate("PeopleImport", "row {row}: {message}").format(
            row=self.row, message=self.message
        )


class ImportRejected(ValueError):
    """The file was not imported; `problems` says where and why."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [str(problem) for problem in self.problems[:MAX_PROBLEMS]]
        if self.total > len(lines):
            more = translate("PeopleImport", "… and {count} more problems.")
            lines.append(more.format(count=self.total - len(lines)))
        return "\n".join([translate("PeopleImport", "Nothing was imported."), *lines])


def _normalise(header: str) -> str:
    key = header.strip().strip('"').lower().replace(" ", "_")
    return ALIASES.get(key, ALIASES.get(key.replace("_", " "), key))


_TOO_LARGE = QT_TRANSLATE_NOOP("PeopleImport", "The file is larger than 20 MB; split it up.")
_NOT_TEXT = QT_TRANSLATE_NOOP(
    "PeopleImport", "This is not a text file. Save the sheet as CSV and try again."
)


class Unreadable(ValueError):
    """The people file could not be read at all (missing, a folder, no permission)."""


def read_people_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a people file, read only up to the 20 MB limit: a larger file is refused
    from its size, and an endless one (a device, a pipe) once the limit is reached."""
    try:
        return read_limited(path, MAX_BYTES)
    except TooLarge:
        raise ImportRejected([Problem(1, "", translate("PeopleImport", _TOO_LARGE))]) from None
    except OSError as error:
        raise Unreadable(
            translate("PeopleImport", "{path} cannot be read: {reason}").format(
                path=path, reason=describe_os_error(error)
            )
        ) from None


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRejected([Problem(1, "", translate("PeopleImport", _TOO_LARGE))])
    if b"\x00" in data[:65536]:
        raise ImportRejected([Problem(1, "", translate("PeopleImport", _NOT_TEXT))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            [
                Problem(
                    line,
                    "",
                    translate(
                        "PeopleImport",
                        "The file is not UTF-8 text. In Excel choose “CSV UTF-8 (Comma delimited)” "
                        "when saving.",
                    ),
                )
            ]
        ) from None


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _duplicate_key(raw: dict[str, str]) -> tuple[str, str] | None:
    """Who a row is, for spotting repeats even in rows that have other problems."""
    name = (raw.get("name") or "").strip().casefold()
    try:
        side = parse_side(raw.get("side"))
    except FieldError:
        return None
    return (name, side.value) if name else None


def parse_people_csv(
    data: bytes, existing: Iterable[tuple[str, str]] = ()
) -> list[tuple[PersonDraft, StakeholderDraft]]:
    """Every row of a people file, checked; raises `ImportRejected` listing every problem.

    `existing` holds (casefolded name, side) of people already on the alliance: a row naming
    one of them is a duplicate too.
    """
    text = _decode(data)
    if not text.strip():
        raise ImportRejected([Problem(1, "", translate("PeopleImport", "The file is empty."))])
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportRejected(
            [
                Problem(
                    1,
                    "",
                    translate("PeopleImport", "The header row cannot be read: {error}").format(
                        error=error
                    ),
                )
            ]
        ) from None
    columns = [_normalise(name) for name in header]
    problems: list[Problem] = []
    for index, (heading, column) in enumerate(zip(header, columns, strict=True)):
        if column not in COLUMNS:
            known = ", ".join(COLUMNS)
            problems.append(
                Problem(
                    1,
                    heading.strip() or f"#{index + 1}",
                    translate("PeopleImport", "Unknown column. Known: {known}.").format(
                        known=known
                    ),
                )
            )
        elif columns.index(column) != index:
            problems.append(
                Problem(1, heading.strip(), translate("PeopleImport", "This column appears twice."))
            )
    for required in REQUIRED:
        if required not in columns:
            problems.append(
                Problem(1, required, translate("PeopleImport", "This required column is missing."))
            )
    if problems:
        raise ImportRejected(problems)

    seen = {key: 0 for key in existing}  # key -> first row (0 = already on the alliance)
    results: list[tuple[PersonDraft, StakeholderDraft]] = []
    total = 0
    row_number = 1
    try:
        for row_number, cells in enumerate(reader, start=2):
            if row_number - 1 > MAX_ROWS:
                problems.append(
                    Problem(
                        row_number,
                        "",
                        translate(
                            "PeopleImport", "More than {count} people; split the file."
                        ).format(count=f"{MAX_ROWS:,}"),
                    )
                )
                total += 1
                break
            if not any(cell.strip() for cell in cells):
                continue  # blank lines between blocks are common in hand-made sheets
            if len(cells) > len(columns):
                total += 1
                if len(problems) < MAX_PROBLEMS:
                    problems.append(
                        Problem(
                            row_number,
                            "",
                            translate(
                                "PeopleImport", "{cells} cells but only {columns} columns."
                            ).format(cells=len(cells), columns=len(columns)),
                        )
                    )
                continue
            raw = dict(zip(columns, map(as_typed, cells), strict=False))
            found: list[Problem] = []
            key = _duplicate_key(raw)
            if key is not None and key in seen:
                first = seen[key]
                said = (
                    translate("PeopleImport", "{name} is already on this alliance.")
                    if first == 0
                    else translate("PeopleImport", "{name} repeats row {row}.")
                )
                name = raw["name"].strip()
                found.append(Problem(row_number, "name", said.format(name=name, row=first)))
            elif key is not None:
                seen[key] = row_number
            try:
                person, details = validate_person_on_alliance(raw)
            except ValidationError as error:
                found += [Problem(row_number, f, m) for f, m in error.errors.items()]
            if found:
                total += len(found)
                problems.extend(found[: max(0, MAX_PROBLEMS - len(problems))])
                continue
            results.append((person, details))
    except csv.Error as error:
        total += 1
        problems.append(
            Problem(
                row_number + 1,
                "",
                translate("PeopleImport", "The file is malformed here: {error}").format(
                    error=error
                ),
            )
        )
    if problems:
        raise ImportRejected(problems, total=max(total, len(problems)))
    if not results:
        raise ImportRejected(
            [Problem(2, "", translate("PeopleImport", "The file has a header but no people."))]
        )
    return results


def people_to_csv(stakeholders: Iterable[Stakeholder]) -> bytes:
    """A people file that `parse_people_csv` reads back unchanged (UTF-8 with BOM for Excel).
    Cells a spreadsheet would run as formulas are made inert (see `core.spreadsheet`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for s in stakeholders:
        p, d = s.person, s.details
        row = [
            p.name,
            p.side.value,
            p.title,
            p.organisation,
            p.function,
            p.email,
            p.phone,
            d.roles,
            d.power,
            d.interest,
            d.stance.value,
            d.channel.value,
            d.cadence.value,
            d.cadence_rule,
            "formal" if d.formal else "informal",
            d.notes,
            "yes" if d.internal_only else "no",
        ]
        writer.writerow([inert(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")

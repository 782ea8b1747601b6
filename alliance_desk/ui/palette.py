"""The command palette (Ctrl+K): every command of the window, and any alliance, person or
record by name, found as you type and run with Enter.

What it lists comes from sources, each giving entries for what was typed: the window's
commands, the portfolio's records by name, and the records whose words match (full-text
search over everything written: notes, minutes, rationales…)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from alliance_desk.core.records import Named, Opens, find, match
from alliance_desk.core.search import MARK_END, MARK_START, Hit
from alliance_desk.store.database import Store
from alliance_desk.ui.dialogs import dialog_buttons
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP
from alliance_desk.ui.marked_text import MarkedTextDelegate
from alliance_desk.ui.search_list import SearchList
from alliance_desk.ui.table_model import Column

COMMANDS_SHOWN = 8  # with a query, the best few commands come before the records


@dataclass(frozen=True, slots=True)
class PaletteEntry:
    kind: str  # "Command", "Alliance", "Person", "Escalation" …
    text: str
    detail: str  # a command's keys; a record's alliance
    run: Callable[[], None]
    opens: Opens | None = None  # the record it shows: listed once when several sources find it
    marked: str = ""  # the detail with the words a search matched marked (core.search marks)


class PaletteSource(Protocol):
    def entries(self, query: str) -> list[PaletteEntry]:
        """What this source has for `query` (everything it lists for an empty one), best
        first."""
        ...


def plain_text(action: QAction) -> str:
    """An action's text as the menu shows it: no mnemonic marks, no trailing dots."""
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


class CommandSource:
    """The window's commands (its menus' actions), with their keys."""

    def __init__(self, actions: Iterable[QAction]) -> None:
        self.actions = [a for a in actions if a.text()]

    def entries(self, query: str) -> list[PaletteEntry]:
        scored = []
        for order, action in enumerate(self.actions):
            if not action.isEnabled():
                continue
            text = action.statusTip() or plain_text(action)
            menu = str(action.property("menu") or "")
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            where = " · ".join(part for part in (f"{menu} menu" if menu else "", keys) if part)
            haystack = f"{plain_text(action)} {menu} {keys}"
            score = match(query, text, haystack) if query.strip() else 0
            if score is not None:
                scored.append((score, order, PaletteEntry("Command", text, where, action.trigger)))
        scored.sort(key=lambda entry: entry[:2])
        entries = [entry[2] for entry in scored]
        return entries[:COMMANDS_SHOWN] if query.strip() else entries


class RecordSource:
    """Alliances, people and records by name, read from the portfolio when first asked."""

    def __init__(self, read: Callable[[], Sequence[Named]], open_record: Callable[[Opens], None]):
        self.read, self.open_record = read, open_record
        self.records: Sequence[Named] | None = None

    def entries(self, query: str) -> list[PaletteEntry]:
        if not query.strip():
            return []
        if self.records is None:
            self.records = self.read()
        return [
            PaletteEntry(r.kind, r.name, r.detail, partial(self.open_record, r.opens), r.opens)
            for r in find(query, self.records)
        ]


def _unmarked(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _words_around(hit: Hit) -> str:
    """A hit's snippet, its matched words marked, unless it only repeats the name shown."""
    words = " ".join(hit.snippet.split())
    return "" if _unmarked(words) == hit.title else words


def _hit_entry(hit: Hit, open_record: Callable[[Opens], None]) -> PaletteEntry:
    # The words that matched first (why it is listed), then where it belongs.
    marked = " · ".join(part for part in (_words_around(hit), hit.alliance) if part)
    run = partial(open_record, hit.opens)
    return PaletteEntry(hit.kind, hit.title, _unmarked(marked), run, hit.opens, marked)


class SearchSource:
    """Records by the words written in them (notes, minutes, rationales…), after the ones
    found by name: the full-text search of store/search.py, best first, with the words
    around the match."""

    MINIMUM = 2  # characters before a search runs: one letter finds everything

    def __init__(self, store: Store, open_record: Callable[[Opens], None]) -> None:
        self.store, self.open_record = store, open_record

    def entries(self, query: str) -> list[PaletteEntry]:
        from alliance_desk.store.search import search

        if len(query.strip()) < self.MINIMUM:
            return []
        return [_hit_entry(hit, self.open_record) for hit in search(self.store, query, limit=30)]


def record_source(store: Store, open_record: Callable[[Opens], None]) -> RecordSource:
    from alliance_desk.store.lookup import named_records

    return RecordSource(lambda: named_records(store), open_record)


DETAIL = 2  # the column of a record's words and alliance, or a command's keys
COLUMNS: tuple[Column[PaletteEntry], ...] = (
    Column(QT_TRANSLATE_NOOP("Column", "What"), lambda e: e.kind),
    Column(QT_TRANSLATE_NOOP("Column", "Name"), lambda e: e.text, tooltip=lambda e: e.text),
    Column(
        QT_TRANSLATE_NOOP("Column", "Where / keys"),
        lambda e: e.detail,
        tooltip=lambda e: e.detail or None,
    ),
)


class Palette(QDialog):
    """Type to find; Enter runs the selected entry after the palette closes."""

    def __init__(self, sources: Sequence[PaletteSource], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Go to anything"))
        # Wide enough for a record's name and, beside it, the words that found it (at 720 px
        # those were cut to a dozen characters); narrower than a laptop's screen.
        room = parent.screen().availableGeometry().width() - 64 if parent is not None else 960
        self.resize(min(960, room), 480)
        self.sources = list(sources)
        self.picked: PaletteEntry | None = None
        self.search = SearchList(
            COLUMNS, self._entries, self.tr("A command, a name, or any words you wrote")
        )
        self.search.chosen.connect(self._chosen)
        table = self.search.table
        table.setItemDelegateForColumn(DETAIL, MarkedTextDelegate(self._marked, table))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        buttons = dialog_buttons(self, self.tr("Go"))
        layout.addWidget(buttons)
        go = buttons.button(QDialogButtonBox.StandardButton.Ok)
        # Go when there is something to go to (with nothing found it did nothing).
        self.search.model.modelReset.connect(
            lambda: go.setEnabled(self.search.model.rowCount() > 0)
        )
        go.setEnabled(self.search.model.rowCount() > 0)
        self.search.line.setFocus()

    def _marked(self, index: QModelIndex | QPersistentModelIndex) -> str:
        entry = self.search.model.row_at(index.row())
        return entry.marked if entry is not None else ""

    def _entries(self, query: str) -> list[PaletteEntry]:
        entries, shown = [], set()
        for source in self.sources:
            for entry in source.entries(query):
                if entry.opens is None or entry.opens not in shown:
                    entries.append(entry)
                    shown.add(entry.opens)
        return entries

    def _chosen(self, entry: PaletteEntry) -> None:
        self.picked = entry
        super().accept()

    def accept(self) -> None:
        """Go (or Ctrl+Enter): the selected entry."""
        entry = self.search.current()
        if entry is not None:
            self._chosen(entry)

    def run(self) -> None:
        """Show the palette; run what was chosen once it has closed."""
        if self.exec() and self.picked is not None:
            self.picked.run()

"""Full-text search over everything the user writes: what a query means, and what a hit is.

A query is words, "quoted phrases" and -excluded words. Every word is a prefix (so results
come as you type), letters are compared without their accents (`muller` finds Müller), and
a word in a script written without spaces (Chinese, Japanese, Korean) is found anywhere
inside a longer text. The store turns a `Query` into its engine's syntax (SQLite FTS5 or
PostgreSQL text search) and returns `Hit`s ranked best first; `grouped` puts them by kind for
a list, keeping that order inside each kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from alliance_desk.core.dates import shown
from alliance_desk.core.records import KINDS, Opens
from alliance_desk.core.records import SEARCHED as SEARCHED  # kept there: the CLI needs no more

# Markers around the matched words of a snippet (never typed by a user: control characters).
MARK_START, MARK_END = "\x02", "\x03"
LIMIT = 50
MAX_QUERY = 200  # characters: a search box, not a document


_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    phrase: bool = False  # several words, in this order ("quoted", or joined like fill-finish)
    excluded: bool = False  # -word: hits containing it are left out
    prefix: bool = True  # the last word may go on (as typed); a "quoted" phrase is exact

    @property
    def unspaced(self) -> bool:
        """Written in a script without spaces between words: matched as a substring."""
        return bool(_CJK.search(self.text))


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...]

    @property
    def wanted(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.excluded)

    @property
    def excluded(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.excluded)

    def __bool__(self) -> bool:
        """A query finds something only with at least one wanted term."""
        return bool(self.wanted)


def parse(text: str) -> Query:
    """Words, "phrases" and -exclusions of what the user typed (an unclosed quote runs to
    the end; a lone "-" or empty quotes mean nothing)."""
    terms: list[Term] = []
    for minus, quoted, word in _TOKEN.findall(text[:MAX_QUERY]):
        if quoted or (minus and not word):
            words = " ".join(_words(quoted))
            if words:
                terms.append(Term(words, " " in words, bool(minus), prefix=False))
            continue
        excluded = word.startswith("-") and len(word) > 1
        words = " ".join(_words(word[1:] if excluded else word))
        if words:
            terms.append(Term(words, phrase=" " in words, excluded=excluded))
    return Query(tuple(terms))


def _words(text: str) -> list[str]:
    """Text split where search engines split words (punctuation too), kept as typed."""
    return [w for w in re.split(r"[^\w]+", text) if w]


def fold(text: str) -> str:
    """Lower case without accents: how words are compared (`Müller` → `muller`)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fts5_phrase(text: str, prefix: bool) -> str:
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


def fts5_match(query: Query) -> str | None:
    """The FTS5 MATCH expression for the spaced terms of `query` (None when only unspaced
    terms are wanted: those are matched as substrings)."""
    wanted = [_fts5_phrase(t.text, t.prefix) for t in query.wanted if not t.unspaced]
    if not wanted:
        return None
    expression = " AND ".join(wanted)
    for term in query.excluded:
        if not term.unspaced:
            expression += " NOT " + _fts5_phrase(term.text, term.prefix)
    return expression


def fts5_in_title(query: Query) -> tuple[str, str] | None:
    """Two FTS5 expressions for the records a user most likely means: every wanted word in
    the title, and the title beginning with the words as typed (a name typed in full). None
    when `query` has no spaced wanted term."""
    wanted = [t for t in query.wanted if not t.unspaced]
    if not wanted:
        return None
    every = " AND ".join(_fts5_phrase(t.text, t.prefix) for t in wanted)
    start = _fts5_phrase(" ".join(t.text for t in wanted), wanted[-1].prefix)
    return f"{{title}} : ({every})", f"{{title}} : ^{start}"


@dataclass(frozen=True, slots=True)
class Hit:
    """One record a search found: what it is and where, a few words around the match, and
    the record to open."""

    what: str  # one of SEARCHED
    record_id: int  # the record found (an interaction's own id)
    opens: Opens  # the record to show (an interaction opens the person it was with)
    title: str
    alliance: str  # the alliance's name ("" for none)
    snippet: str  # with MARK_START/MARK_END around matched words
    day: date | None = None
    score: float = 0.0  # lower is better

    @property
    def kind(self) -> str:
        return KINDS.get(self.what, self.what)

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, matched) pieces, for bold or highlighted display."""
        return snippet_parts(self.snippet)

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")


@dataclass(slots=True)
class Group:
    kind: str
    hits: list[Hit] = field(default_factory=list)


def grouped(hits: Iterable[Hit]) -> list[Group]:
    """Hits by kind, the kind with the best hit first; inside a kind, the search's order."""
    groups: dict[str, Group] = {}
    for hit in hits:
        groups.setdefault(hit.kind, Group(hit.kind)).hits.append(hit)
    return list(groups.values())


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for chunk in re.split(f"({MARK_START}[^{MARK_END}]*{MARK_END})", snippet):
        if chunk.startswith(MARK_START):
            parts.append((chunk.strip(MARK_START + MARK_END), True))
        elif chunk:
            parts.append((chunk, False))
    return parts


def substring_snippet(text: str, terms: Sequence[Term], width: int = 80) -> str:
    """A snippet around the first of `terms` found in `text` (for substring matches, which
    the engines do not mark), with every occurrence of them marked."""
    flat = " ".join(text.split())
    folded = flat.casefold()
    found = [folded.find(t.text.casefold()) for t in terms]
    start = min((i for i in found if i >= 0), default=0)
    left = max(0, start - width // 3)
    piece = flat[left : left + width]
    for term in terms:
        piece = re.sub(
            re.escape(term.text), lambda m: MARK_START + m.group(0) + MARK_END, piece, flags=re.I
        )
    return ("…" if left else "") + piece + ("…" if left + width < len(flat) else "")


def interaction_title(kind: str, day: date) -> str:
    """How an interaction is named in results: "Call, 3 Nov 2026"."""
    return f"{kind.capitalize()}, {shown(day)}"

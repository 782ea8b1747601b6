"""Words the rules hand to a user — an enum's label, a level's name, a tier's description —
are marked for pyside6-lupdate with `QT_TRANSLATE_NOOP(context, text)` and shown through
`translate(context, text)`. Core imports no Qt: `translate` calls a hook, which is the identity
until the window installs Qt's translator (`ui/i18n.install_core_translator`); the command line
and the packs it builds stay in English."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

K = TypeVar("K")
Hook = Callable[[str, str], str]

_hook: Hook | None = None


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate under `context`; shown through translate(context, …)."""
    return text


def translate(context: str, text: str) -> str:
    """`text` in the user's language where a translator is installed, else as written."""
    return text if _hook is None else _hook(context, text)


def by_count(count: int, one: str, many: str) -> str:
    """`one` when `count` is 1, else `many`: the hook has no plural forms, so each form is a
    whole sentence of its own, marked and translated where it is written
    (`by_count(n, translate(c, "{n} day late"), translate(c, "{n} days late")).format(n=n)`)."""
    return one if count == 1 else many


def installed() -> Hook | None:
    """The hook installed (None: English): what a kept text was translated by."""
    return _hook


def install(hook: Hook | None) -> None:
    """Makes `hook(context, text)` translate every word core hands out (None: English)."""
    global _hook
    _hook = hook


class Words(Mapping[K, str]):
    """A table of words a user reads (a level's name, a tier's description), each marked with
    QT_TRANSLATE_NOOP(context, …) where it is written and translated when looked up."""

    def __init__(self, context: str, texts: Mapping[K, str]) -> None:
        self.context = context
        self.texts = dict(texts)

    def __getitem__(self, key: K) -> str:
        return translate(self.context, self.texts[key])

    def __iter__(self) -> Iterator[K]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


_ENUM_WORDS: dict[type, Words] = {}


class Labelled:
    """An enum whose members read as words: `label` is the member's words (given by
    `label_members`) in the user's language."""

    @property
    def label(self) -> str:
        return _ENUM_WORDS[type(self)][self]


def label_members(enum_type: type, texts: Mapping[object, str]) -> None:
    """Gives each member of `enum_type` (a `Labelled` enum) its words, each marked with
    QT_TRANSLATE_NOOP(<the enum's name>, …); every member must have some."""
    missing = [member for member in enum_type if member not in texts]  # type: ignore[attr-defined]
    if missing:
        raise ValueError(f"{enum_type.__name__}: no words for {missing}")
    _ENUM_WORDS[enum_type] = Words(enum_type.__name__, texts)

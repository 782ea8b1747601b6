"""Statements built once and kept: a screen read again (after an edit, a click, a new page)
runs the statement it ran before with other values for its bound parameters instead of
building it again — a large SELECT can take longer to build than to run."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """What `make()` builds for a key — everything it depends on besides its bound parameters
    (the engine, the day, the settings, the shape of a filter) — built once and kept. A few
    are kept: when `most` are, they are all let go (the days, engines and filters in use come
    back at once)."""

    def __init__(self, most: int) -> None:
        self.most = most
        self._kept: dict[Hashable, T] = {}

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self._kept.get(key)
        if found is None:
            if len(self._kept) >= self.most:
                self._kept.clear()
            found = self._kept[key] = make()
        return found

    def clear(self) -> None:
        self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)

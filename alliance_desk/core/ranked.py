"""A ranked to-do list read as far down as it is shown: `TaskList` holds each task as a cheap
entry (its score, day, kind, key and how to write it out) and writes a `Task` only when it is
read — a team store ranks tens of thousands of tasks and the window shows fifty. More tasks
ranked by the store (`RankedSource`, store/today_rank.py) are merged in as far as they are
read."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from heapq import merge
from itertools import islice
from typing import TYPE_CHECKING, Any, Final, Protocol

if TYPE_CHECKING:
    from alliance_desk.core.task import Task

# An entry: (-score, due, what folded, tie, score, kind, key, how to write it out) — the first
# four sort it exactly as the tasks themselves sort; the tie (the kind's place, then its
# record's place in the kind's own order) is unique, so the makers are never compared.
TaskEntry = tuple[float, date, str, tuple[int, Any], float, str, str, Callable[[], "Task"]]
_DUE: Final = 1
_SCORE: Final = 4
_KIND: Final = 5
_KEY: Final = 6
_MAKE: Final = 7


def matches(entry: TaskEntry, kind: str | None, late: bool, today: date) -> bool:
    """Whether an entry is of `kind` (None: any) and, when `late`, past its day."""
    return (kind is None or entry[_KIND] == kind) and (not late or entry[_DUE] < today)


class RankedSource(Protocol):
    """Tasks ranked elsewhere (the store ranks the bulk kinds in SQL): how many, how many of a
    kind or late, and the first `count` of them as entries, exactly ranked."""

    @property
    def count(self) -> int: ...

    def tally(self, kind: str | None = None, *, late: bool = False) -> int: ...

    def top(self, count: int) -> list[TaskEntry]: ...

    def only(self, kind: str | None = None, *, late: bool = False) -> RankedSource: ...


class TaskList(Sequence["Task"]):
    """Tasks ranked best first, each written out as a `Task` only when it is read: a team
    store ranks tens of thousands of them and the window shows a page. Each entry is cheap —
    its score, due day, kind and key, and how to write the task out. `source`: more tasks
    ranked by the store, read (as far down as asked) and merged in when the list is read."""

    __slots__ = ("_entries", "_read", "_snoozed", "_source")

    def __init__(
        self,
        entries: list[TaskEntry],
        snoozed: Mapping[str, date] | None = None,
        source: RankedSource | None = None,
    ) -> None:
        self._entries = entries
        self._snoozed = snoozed or {}  # key -> the day a snoozed task comes back
        self._source = source
        self._read: list[TaskEntry] = entries if source is None or not source.count else []

    def __len__(self) -> int:
        return len(self._entries) + (self._source.count if self._source else 0)

    def _first(self, count: int) -> list[TaskEntry]:
        """The first `count` entries in order, the store's merged in (read once that far)."""
        if len(self._read) < min(count, len(self)) and self._source is not None:
            theirs = self._source.top(min(max(count, len(self._read) * 2), self._source.count))
            self._read = list(merge(self._entries, theirs))
            if len(theirs) < self._source.count:  # not all read: only this far is certain
                self._read = self._read[: len(theirs)]
        return self._read[:count]

    def __getitem__(self, index):
        if isinstance(index, slice):
            stop = len(self) if index.stop is None else index.stop
            stop = stop if stop >= 0 else len(self) + stop
            return [self._written(e) for e in self._first(stop)[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._written(self._first(index + 1)[index])

    def _written(self, entry: TaskEntry) -> Task:
        task = scored(entry[_MAKE](), entry[_SCORE])
        until = self._snoozed.get(entry[_KEY])
        return task if until is None else snoozed_until(task, until)

    def keys(self) -> list[str]:
        """The keys of the tasks read so far, in order."""
        return [entry[_KEY] for entry in (self._read if self._source else self._entries)]

    def tally(self, kind: str | None = None, *, late: bool = False, today: date) -> int:
        """How many are of `kind` (None: any), and past their day when `late`."""
        here = sum(1 for e in self._entries if matches(e, kind, late, today))
        return here + (self._source.tally(kind, late=late) if self._source else 0)

    def only(self, kind: str | None = None, *, late: bool = False, today: date) -> TaskList:
        """The same ranking, only the tasks of `kind` (None: any), only late ones if asked."""
        kept = [e for e in self._entries if matches(e, kind, late, today)]
        source = self._source.only(kind, late=late) if self._source else None
        return TaskList(kept, self._snoozed, source)

    def merged(self, other: TaskList) -> TaskList | MergedTasks:
        """Both lists, each task in its place by score (this list's first on a tie)."""
        if self._source is None and other._source is None:
            entries = sorted([*self._entries, *other._entries], key=lambda e: e[0])
            return TaskList(entries, {**self._snoozed, **other._snoozed})
        return MergedTasks(self, other)


class MergedTasks(Sequence["Task"]):
    """Two ranked lists as one, by score (the first list's task first on a tie)."""

    def __init__(self, first: TaskList, second: TaskList) -> None:
        self.first, self.second = first, second

    def __len__(self) -> int:
        return len(self.first) + len(self.second)

    def __getitem__(self, index):
        stop = len(self) if not isinstance(index, slice) or index.stop is None else index.stop
        if not isinstance(index, slice):
            stop = (index if index >= 0 else len(self) + index) + 1
        tasks = list(
            islice(merge(self.first[:stop], self.second[:stop], key=lambda t: -t.score), stop)
        )
        return tasks[index]

    def only(self, kind: str | None = None, *, late: bool = False, today: date) -> MergedTasks:
        return MergedTasks(
            self.first.only(kind, late=late, today=today),
            self.second.only(kind, late=late, today=today),
        )

    def keys(self) -> list[str]:
        return []


@dataclass(frozen=True, slots=True)
class Written:
    """The maker of a task already written out (a list kept as a picture)."""

    task: Task

    def __call__(self) -> Task:
        return self.task


def written_out(tasks: Sequence[Task]) -> TaskList:
    """`tasks`, in their order, as a list with nothing left to read: Today kept between runs
    (store/first_frame.py) holds the tasks the window showed, not the store's ranking."""
    return TaskList(
        [
            (-t.score, t.due, t.what.casefold(), (0, i), t.score, t.kind, t.key, Written(t))
            for i, t in enumerate(tasks)
        ]
    )


def scored(task: Task, score: float) -> Task:
    """`replace(task, score=score)`, written out: three times faster over thousands of tasks
    (and made by its own type: this module needs no import of core/tasks.py at run time)."""
    return type(task)(
        task.key, task.kind, task.what, task.alliance, task.why, task.due, task.today,
        task.opens, score, task.person_id, task.item_id, task.snoozed_until,
        task.business_days_late,
    )  # fmt: skip


def snoozed_until(task: Task, until: date) -> Task:
    return replace(task, snoozed_until=until)

"""Practice baselines kept in the portfolio: one transaction each, undo puts them back."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_desk.core.changes import Kind
from alliance_desk.store import baseline
from alliance_desk.store.errors import StoreError


def test_take_list_remove_and_restore(store) -> None:
    keys = list(baseline.model().questions)
    told = []
    store.on_change(told.append)
    made = baseline.take_baseline(store, date(2026, 1, 5), {k: 3 for k in keys}, "First")
    assert told[-1].ids == {Kind.BASELINE: frozenset({made})}
    baseline.take_baseline(store, date(2026, 7, 5), {keys[0]: 5}, "Second")
    first, second = baseline.list_baselines(store)
    assert (first.note, len(first.scores), second.scores) == ("First", len(keys), {keys[0]: 5})
    kept = baseline.remove_baseline(store, made)
    assert [b.note for b in baseline.list_baselines(store)] == ["Second"]
    baseline.restore_baseline(store, kept)
    assert baseline.list_baselines(store)[0] == first


def test_scores_outside_the_model_are_refused_and_nothing_is_written(store) -> None:
    with pytest.raises(StoreError, match="not a statement"):
        baseline.take_baseline(store, date(2026, 1, 5), {"made.up": 3})
    key = next(iter(baseline.model().questions))
    with pytest.raises(StoreError):
        baseline.take_baseline(store, date(2026, 1, 5), {key: 9})
    assert baseline.list_baselines(store) == []

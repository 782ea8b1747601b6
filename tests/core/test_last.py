"""core/last.py: the last value is given again only for the very same inputs."""

from __future__ import annotations

from alliance_desk.core.last import Last


def test_the_last_value_is_kept_for_the_same_objects_and_equal_values_only() -> None:
    made: list[int] = []

    def make() -> int:
        made.append(1)
        return len(made)

    last: Last[int] = Last()
    facts, alliances = {1: "a"}, [1, 2]
    assert last.get((facts, alliances), ("rules", 3), make) == 1
    assert last.get((facts, alliances), ("rules", 3), make) == 1  # kept
    assert last.get((dict(facts), alliances), ("rules", 3), make) == 2  # an equal copy: made
    copy = dict(facts)
    assert last.get((copy, alliances), ("rules", 3), make) == 3
    assert last.get((copy, alliances), ("rules", 4), make) == 4  # another day: made
    assert last.get((copy,), ("rules", 4), make) == 5  # fewer inputs: made
    last.forget()
    assert last.get((copy,), ("rules", 4), make) == 6
    assert len(made) == 6

"""Finding records by name (the command palette): what matches, and in which order."""

from __future__ import annotations

import pytest

from alliance_desk.core.records import Named, Opens, find, match

HALO = "HALO-7 oncology co-development"


@pytest.mark.parametrize(
    ("query", "name", "detail", "found"),
    [
        ("hannah", "Hannah Weiss", HALO, True),
        ("weiss", "Hannah Weiss", HALO, True),
        ("HANNAH w", "Hannah Weiss", HALO, True),
        ("jsc", "HALO-7 Joint Steering Committee 16 Dec 2026", HALO, True),  # initials
        ("halo risk", "Fill-finish capacity short", f"{HALO} Risk", True),  # the detail counts
        ("hannah laura", "Hannah Weiss", HALO, False),  # every word must match
        ("", "Hannah Weiss", HALO, False),
        ("   ", "Hannah Weiss", HALO, False),
        ("ελένη", "Ελένη Παπαδοπούλου", HALO, True),  # any script, case-folded
        ("ΕΛΈΝΗ", "Ελένη Παπαδοπούλου", HALO, True),
        ("<b>", "Notes with <b> in them", "", True),  # taken literally
    ],
)
def test_what_matches(query: str, name: str, detail: str, found: bool) -> None:
    assert (match(query, name, detail) is not None) is found


def test_the_whole_name_then_its_start_then_a_word_then_anywhere_then_the_detail() -> None:
    names = [
        ("Co-development in Asia", "HALO"),  # only the detail says halo
        ("The halo effect", ""),  # a word of the name starts with it
        ("Sunrise", ""),  # not there at all
        ("HALO-7 oncology", ""),  # the name starts with it
        ("Halo", ""),  # the whole name
        ("Rehalogenation study", ""),  # inside the name
    ]
    records = [Named(n, d, Opens("risks", 1, i)) for i, (n, d) in enumerate(names)]
    assert [r.name for r in find("halo", records)] == [
        "Halo",
        "HALO-7 oncology",
        "The halo effect",
        "Rehalogenation study",
        "Co-development in Asia",
    ]


def test_find_keeps_to_its_limit_and_says_what_a_record_is() -> None:
    records = [Named(f"Risk {i}", "", Opens("risks", 1, i)) for i in range(100)]
    assert len(find("risk", records, limit=7)) == 7
    assert records[0].kind == "Risk"
    assert Named("HALO", "", Opens("alliance", 1, 1)).kind == "Alliance"

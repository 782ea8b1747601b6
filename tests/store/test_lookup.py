"""Every record can be found by name (Ctrl+K), and nothing of a deleted alliance is."""

from __future__ import annotations

from collections import Counter

from alliance_desk.core.records import KINDS
from alliance_desk.core.risks import validate_risk
from alliance_desk.store import lookup, portfolio, risks
from tests.helpers import draft


def test_every_kind_of_record_is_listed_with_its_alliance(demo_store) -> None:
    found = lookup.named_records(demo_store)
    kinds = Counter(record.opens.what for record in found)
    # Interactions have no name: search finds them by their words (store/search.py).
    assert set(kinds) == set(KINDS) - {"interaction"}
    names = {a.id: a.name for a in portfolio.list_alliances(demo_store)}
    assert kinds["alliance"] == len(names)
    for record in found:
        assert record.opens.alliance_id in names
        if record.opens.what != "alliance":
            assert names[record.opens.alliance_id] in record.detail


def test_a_deleted_alliance_takes_its_records_out_of_the_lookup(store) -> None:
    kept = portfolio.create_alliance(store, draft(name="Kept")).id
    gone = portfolio.create_alliance(store, draft(name="Gone")).id
    for alliance_id, title in ((kept, "Supply slips"), (gone, "Supply stops")):
        risks.add_risk(
            store,
            alliance_id,
            validate_risk({"title": title, "category": "business", "likelihood": 2, "impact": 2}),
        )
    portfolio.delete_alliance(store, gone)
    names = {record.name for record in lookup.named_records(store)}
    assert {"Kept", "Supply slips"} <= names
    assert not {"Gone", "Supply stops"} & names

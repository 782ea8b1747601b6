"""What a register reads beside its page (store/register_head.py) is kept until what it reads
changes: whoever writes — the app, SQL typed by hand — the heat map and the alliances' names
kept are those a store holding nothing reads; a risk edited through the app counts its own
alliance's cells again, no other (migration 0044); nothing changed, nothing is read again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from alliance_desk.core.risks import heat_map
from alliance_desk.store import change_counts, portfolio, risks
from alliance_desk.store.database import open_store
from alliance_desk.store.register_head import register_head, risk_cells
from tests.store.test_change_counts import alliances_counted, each_write_shows_as_afresh
from tests.store.test_today_ranking import DAY, generated  # noqa: F401  (the fixture)

OPEN = "SELECT id FROM risks WHERE status != 'closed'"
# Each a write by hand that moves the heat map: statuses, ratings, alliances, deletions.
CHANGES = {
    "risks are closed": (
        "UPDATE risks SET status = 'closed' WHERE id IN ({ids})",
        f"{OPEN} ORDER BY id LIMIT 40",
    ),
    "risks are rated again": (
        "UPDATE risks SET likelihood = 6 - likelihood, impact = 1 + impact % 5 WHERE id IN ({ids})",
        f"{OPEN} ORDER BY id DESC LIMIT 40",
    ),
    "a closed risk is opened again": (
        "UPDATE risks SET status = 'open', likelihood = 5, impact = 5 WHERE id IN ({ids})",
        "SELECT id FROM risks WHERE status = 'closed' ORDER BY id LIMIT 3",
    ),
    "risks move to another alliance": (
        "UPDATE risks SET alliance_id = (SELECT min(id) FROM alliances) WHERE id IN ({ids})",
        f"{OPEN} AND alliance_id != (SELECT min(id) FROM alliances) ORDER BY id LIMIT 15",
    ),
    "risks are deleted": (
        "DELETE FROM risks WHERE id IN ({ids})",
        f"{OPEN} ORDER BY id LIMIT 30",
    ),
    "an alliance is deleted": (
        "UPDATE alliances SET deleted_at = :long_ago WHERE id IN ({ids})",
        "SELECT alliance_id FROM risks WHERE status != 'closed' ORDER BY id DESC LIMIT 1",
    ),
    "a deleted alliance is restored": (
        "UPDATE alliances SET deleted_at = NULL WHERE id IN ({ids})",
        "SELECT id FROM alliances WHERE deleted_at IS NOT NULL",
    ),
}
NAMES = {
    "an alliance is renamed": (
        "UPDATE alliances SET name = 'Zeta ' || name WHERE id IN ({ids})",
        "SELECT min(id) FROM alliances WHERE deleted_at IS NULL",
    ),
    "an alliance is deleted": (
        "UPDATE alliances SET deleted_at = :long_ago WHERE id IN ({ids})",
        "SELECT max(id) FROM alliances WHERE deleted_at IS NULL",
    ),
}


def test_the_heat_map_kept_is_the_heat_map_counted_afresh_whoever_writes(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    counted = alliances_counted(monkeypatch)
    elsewhere = open_store(generated.path or generated.location.url, start_backup=False)

    def heat(alliance_id=None):
        return risk_cells(generated, alliance_id, register_head(generated, names=False).counters)

    def afresh(alliance_id=None):
        return risk_cells(elsewhere, alliance_id)  # no counters: nothing kept

    try:
        shown = heat()
        assert shown == afresh() == heat_map(risks.list_risks(elsewhere)) and shown
        assert counted == [None]
        assert heat() == shown and counted == [None]  # nothing changed: nothing counted again
        for n in range(3):  # a risk edited through the app: its alliance counted again
            risk = risks.list_risks(generated)[n * 7]
            later = replace(risk.draft, likelihood=1 + risk.draft.likelihood % 5)
            risks.update_risk(generated, risk.id, later)
            assert heat() == afresh()
            assert counted[-1] == [risk.alliance_id]
        one = risks.list_risks(generated)[0].alliance_id
        assert heat(one) == afresh(one) == heat_map(risks.list_risks(elsewhere, one))
        first = min(a.id for a in portfolio.list_alliances(generated))  # where risks move to

        def both():  # the portfolio's heat map, and the first alliance's
            return heat(), heat(first)

        def both_afresh():
            return afresh(), afresh(first)

        values = {"long_ago": DAY - timedelta(days=200)}
        each_write_shows_as_afresh(generated, CHANGES, values, both(), both, both_afresh)
    finally:
        elsewhere.close()


def test_the_names_are_read_again_only_when_an_alliance_changed(
    store,
    generated,  # noqa: F811
) -> None:
    elsewhere = open_store(generated.path or generated.location.url, start_backup=False)

    def names():
        return register_head(generated, names=True).names

    def afresh():
        change_counts.forget(elsewhere)
        return register_head(elsewhere, names=True).names

    try:
        shown = names()
        assert shown == afresh() and len(shown) > 3
        risk = risks.list_risks(generated)[0]
        risks.update_risk(generated, risk.id, replace(risk.draft, title="Renamed risk"))
        assert names() is shown  # left out of the statement: kept as it was
        values = {"long_ago": DAY - timedelta(days=200)}
        each_write_shows_as_afresh(generated, NAMES, values, shown, names, afresh)
    finally:
        elsewhere.close()


CHOICES = {
    **NAMES,
    "a partner is renamed": (
        "UPDATE alliances SET partner = 'Acme ' || partner WHERE id IN ({ids})",
        "SELECT max(id) FROM alliances WHERE deleted_at IS NULL",
    ),
    "a deleted alliance is restored": CHANGES["a deleted alliance is restored"],
}


def test_the_chooser_s_alliances_are_read_again_only_when_an_alliance_changed(
    store,
    generated,  # noqa: F811
    monkeypatch,
) -> None:
    """Packs' chooser asks for the alliances at every showing: while no alliance (nor grant)
    changed, the statement leaves them out and the list kept is given; after any write to
    them, by hand, the list is what a store keeping nothing reads."""
    from alliance_desk.store import batch

    elsewhere = open_store(generated.path or generated.location.url, start_backup=False)
    left_out: list[bool] = []
    real = change_counts.parts_kept

    def spied(store, key, needs, run, now=None):
        def ran(seen):
            found = run(seen)
            left_out.extend(found[part] is batch.KEPT for part in needs)
            return found

        return real(store, key, needs, ran, now)

    def afresh():
        change_counts.forget(elsewhere)
        return portfolio.alliance_choices(elsewhere)

    try:
        monkeypatch.setattr(change_counts, "parts_kept", spied)
        shown = portfolio.alliance_choices(generated)
        assert shown == afresh() and len(shown) > 3 and left_out == [False, False]
        assert [name for _id, name, _partner in shown] == sorted(
            (name for _id, name, _partner in shown), key=str.lower
        )
        risk = risks.list_risks(generated)[0]
        risks.update_risk(generated, risk.id, replace(risk.draft, title="Renamed risk"))
        left_out.clear()
        assert portfolio.alliance_choices(generated) == shown
        assert left_out == [True]  # not read: kept as it was
        values = {"long_ago": DAY - timedelta(days=200)}
        each_write_shows_as_afresh(
            generated, CHOICES, values, shown, lambda: portfolio.alliance_choices(generated),
            afresh,
        )  # fmt: skip
    finally:
        elsewhere.close()

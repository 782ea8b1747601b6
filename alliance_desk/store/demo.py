"""The demo portfolio: a realistic, entirely fictional set of alliances to try the app with.

The content lives in `resources/demo/portfolio.json`; this module writes it through the store's
own functions, so the demo obeys the same rules as anything a user types.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from alliance_desk.core.bundle import resource_path
from alliance_desk.core.people import Side, validate_person
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.store import people, portfolio
from alliance_desk.store.database import Store, open_store
from alliance_desk.store.location import demo_database_path


def demo_data() -> dict:
    return json.loads(resource_path("demo", "portfolio.json").read_text(encoding="utf-8"))


def populate_demo(store: Store) -> None:
    """Write the demo portfolio into an (empty) store."""
    data = demo_data()
    company = data["company"]
    internal = {}
    for raw in data["internal_people"]:
        draft = validate_person({**raw, "side": Side.INTERNAL, "organisation": company})
        internal[raw["key"]] = people.create_person(store, draft)
    for raw in data["alliances"]:
        alliance = portfolio.create_alliance(store, validate_alliance(raw))
        for key, role in raw["internal"]:
            people.add_to_alliance(store, alliance.id, internal[key].id, role)
        for person_raw in raw["partner_people"]:
            draft = validate_person(
                {**person_raw, "side": Side.PARTNER, "organisation": alliance.partner}
            )
            person = people.create_person(store, draft)
            people.add_to_alliance(store, alliance.id, person.id, person_raw.get("role", ""))


def create_demo(path: Path | None = None, *, replace: bool = False) -> Path:
    """Create the demo portfolio file (by default in the data folder) and return its path.

    An existing demo file is kept as it is, so a user's experiments in it survive, unless
    `replace` is given.
    """
    path = path or demo_database_path()
    if path.exists() and not replace:
        return path
    # Built aside and moved into place, so an interrupted run never leaves half a demo.
    partial = path.with_name(path.name + ".building")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    store = open_store(partial, start_backup=False)
    try:
        populate_demo(store)
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(partial, path)
    return path

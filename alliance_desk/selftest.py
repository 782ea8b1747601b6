"""`alliance-desk --self-test`: proves an installation (above all the bundled app) works end
to end without touching the user's data: a new portfolio migrated to the current schema, the
demo portfolio loaded, and a governance pack exported — all in a temporary folder."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def self_test(say=print) -> int:
    """Run the checks, saying what each proved; 0 when all pass, 1 at the first failure."""
    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.compose import governance_pack
    from alliance_desk.packs.render import render
    from alliance_desk.store import governance, packs, portfolio
    from alliance_desk.store.database import open_store
    from alliance_desk.store.demo import create_demo
    from alliance_desk.store.integrity import inspect_file
    from alliance_desk.store.schema import HEAD_REVISION

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="alliance-desk-self-test-") as folder:
        root = Path(folder)
        try:
            fresh = root / "new.sqlite3"
            open_store(fresh, start_backup=False).close()
            revision = inspect_file(fresh)
            if revision != HEAD_REVISION:
                raise RuntimeError(f"a new portfolio is at schema {revision}, not {HEAD_REVISION}")
            say(f"ok  new portfolio created and migrated to schema {revision}")

            store = open_store(create_demo(root / "demo.sqlite3"), start_backup=False)
            try:
                alliances = portfolio.list_alliances(store)
                if not alliances:
                    raise RuntimeError("the demo portfolio has no alliances")
                say(f"ok  demo portfolio loaded: {len(alliances)} alliances")
                with_meeting = {m.alliance_id for m in governance.list_meetings(store)}
                alliance = next((a for a in alliances if a.id in with_meeting), alliances[0])
                inputs = packs.governance_inputs(store, alliance.id, None, Audience.INTERNAL)
                pdf = render(governance_pack(inputs), root / "pack.pdf")
            finally:
                store.close()
            data = pdf.read_bytes()
            if not data.startswith(b"%PDF") or b"%%EOF" not in data[-1024:]:
                raise RuntimeError("the governance pack is not a complete PDF")
            say(f"ok  governance pack exported for {alliance.name}: {len(data) // 1024} KB")
        except Exception as error:  # the point is to report anything at all that breaks
            print(f"FAILED  {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    say(f"self-test passed in {time.perf_counter() - started:.1f} s")
    return 0

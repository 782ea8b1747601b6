"""`alliance-desk --self-test`: proves an installation (above all the bundled app) works end
to end without touching the user's data: a new portfolio migrated to the current schema, the
demo portfolio loaded, a governance pack exported, an encrypted portfolio created, written and
reopened (SQLCipher), and the system keyring's package loaded — all in a temporary folder."""

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
            _encrypted_round_trip(root / "encrypted.sqlite3", say)
            _keyring_loads(say)
            _translations_shipped(say)
        except Exception as error:  # the point is to report anything at all that breaks
            print(f"FAILED  {type(error).__name__}: {error}", file=sys.stderr)
            return 1
    say(f"self-test passed in {time.perf_counter() - started:.1f} s")
    return 0


def _translations_shipped(say) -> None:
    """The folder the window loads alliance_desk_<locale>.qm from is in the bundle."""
    from alliance_desk.core.bundle import resource_path

    folder = resource_path("translations")
    if not folder.is_dir():
        raise RuntimeError(f"no translations folder at {folder}")
    shipped = sorted(path.stem for path in folder.glob("alliance_desk_*.qm"))
    say(f"ok  translations folder shipped ({', '.join(shipped) or 'English only'})")


SELF_TEST_PASSPHRASE = "self-test passphrase"  # a throwaway file's, in a temporary folder


def _encrypted_round_trip(path: Path, say) -> None:
    """SQLCipher is there and works: a new portfolio encrypted takes a write, reads as no
    database to plain SQLite, refuses a wrong passphrase and reopens with the right one."""
    import sqlite3

    from alliance_desk.core.portfolio import validate_alliance
    from alliance_desk.store import cipher, encryption, portfolio
    from alliance_desk.store.database import open_store

    open_store(path, start_backup=False).close()
    encryption.encrypt(path, SELF_TEST_PASSPHRASE)  # and this process holds the passphrase
    store = open_store(path, start_backup=False)
    try:
        portfolio.create_alliance(store, validate_alliance({"name": "Self-test", "partner": "P"}))
    finally:
        store.close()
    cipher.forget(path)
    if not cipher.looks_encrypted(path) or b"Self-test" in path.read_bytes():
        raise RuntimeError("the encrypted portfolio is readable without its passphrase")
    plain = sqlite3.connect(path)
    try:
        plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise RuntimeError("plain SQLite reads the encrypted portfolio")
    except sqlite3.DatabaseError:
        pass
    finally:
        plain.close()
    try:
        cipher.unlock(path, "not the passphrase")
        raise RuntimeError("a wrong passphrase opened the encrypted portfolio")
    except cipher.WrongPassphrase:
        pass
    cipher.unlock(path, SELF_TEST_PASSPHRASE)
    store = open_store(path, start_backup=False)
    try:
        names = [a.name for a in portfolio.list_alliances(store)]
    finally:
        store.close()
        cipher.forget(path)
    if names != ["Self-test"]:
        raise RuntimeError(f"the encrypted portfolio reopened holding {names}")
    say("ok  encrypted portfolio created, written and reopened (SQLCipher)")


def _keyring_loads(say) -> None:
    """The keyring package and its backends are there (whether this system has a keyring
    is the system's matter: none is a valid answer)."""
    import keyring

    backend = keyring.get_keyring()
    say(f"ok  system keyring package loaded ({type(backend).__module__.rsplit('.', 1)[-1]})")

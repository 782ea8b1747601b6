"""Commands that open the portfolio: listing alliances, people files, packs, and copying the
whole portfolio to another store."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from alliance_desk.cli.output import Failure, note, say
from alliance_desk.core import wall
from alliance_desk.core.files import check_writable_target, describe_os_error, write_private


def open_store(target, *, reads_only: bool = False, **options):
    """open_store, asking for the team store's password at the terminal when it needs one
    (never stored; without a terminal, PGPASSWORD or ~/.pgpass serve, as for psql). Tells
    the user when a new portfolio was created and when the start-up backup failed.

    `reads_only`: the command changes no record (it may note that a pack was exported), so
    no start-up backup is taken first — on a ten-times portfolio that copy alone is over a
    second; a command that changes records still takes one when the file changed."""
    if reads_only:
        options.setdefault("start_backup", False)
    from alliance_desk.store.database import open_store as open_it
    from alliance_desk.store.errors import PasswordRequired
    from alliance_desk.store.location import Location, resolve, with_password

    try:
        store = open_it(target, **options)
    except PasswordRequired as error:
        if not sys.stdin.isatty():
            raise PasswordRequired(
                f"{error}: run this in a terminal to be asked for it, or set PGPASSWORD"
            ) from None
        import getpass

        password = getpass.getpass(f"{error}. Password: ")
        url = (target if isinstance(target, Location) else resolve(target)).url
        store = open_it(with_password(url, password), **options)
    if store.created:
        note(f"created a new, empty portfolio at {store.location.display}")
    for warning in store.warnings:
        note(warning)
    return store


def find_alliance(store, wanted: str):
    """The alliance `wanted` names: `#ID` for an id, otherwise its exact name (any case).
    A name shared by several alliances, or a bare number, is refused with what to type."""
    from alliance_desk.store import portfolio

    alliances = portfolio.list_alliances(store)
    text = wanted.strip()
    if text.startswith("#"):
        number = text[1:].strip()
        found = [a for a in alliances if number.isdigit() and a.id == int(number)]
        if not found:
            raise Failure(f"there is no alliance {text} (see `alliance-desk alliances`)")
        return found[0]
    found = [a for a in alliances if a.name.casefold() == text.casefold()]
    if len(found) > 1:
        names = ", ".join(f"#{a.id} “{a.name}”" for a in found)
        raise Failure(
            f"“{wanted}” names {len(found)} alliances ({names}); give the one you mean by "
            f"its id, e.g. '#{found[0].id}'"
        )
    if found:
        return found[0]
    hint = " (see `alliance-desk alliances`)"
    if text.isdigit() and any(a.id == int(text) for a in alliances):
        hint = f"; for the alliance with id {text} write '#{text}'"
    raise Failure(f"no alliance is called “{wanted}”{hint}")


def writable(path: Path, store=None) -> Path:
    """An output path that can take a new file and is not the portfolio or one of its
    backups (writing there would make the portfolio unreachable)."""
    path = path.expanduser().resolve()
    try:
        check_writable_target(path)
    except OSError as error:
        raise Failure(describe_os_error(error)) from None
    if store is not None and store.path is not None:
        own = store.path.resolve()
        if path == own or (path.name.startswith(own.name + "-") and path.parent == own.parent):
            raise Failure(f"{path} is the portfolio itself; choose another file to write")
        if path.parent == own.parent / "backups":
            raise Failure(f"{path} is in the backup folder; choose another place to write")
    return path


def alliances(args: argparse.Namespace) -> int:
    from alliance_desk.store import portfolio

    store = open_store(args.db, reads_only=True)
    try:
        for alliance in portfolio.list_alliances(store):
            say(f"#{alliance.id:<4} {alliance.name} — {alliance.partner}")
    finally:
        store.close()
    return 0


def export_people(args: argparse.Namespace) -> int:
    from alliance_desk.core.people_csv import people_to_csv
    from alliance_desk.store import stakeholders

    store = open_store(args.db, reads_only=True)
    try:
        output = writable(args.file, store)
        alliance = find_alliance(store, args.alliance)
        people = stakeholders.list_stakeholders(store, alliance.id)
        _write(output, people_to_csv(people))
    finally:
        store.close()
    say(f"wrote {len(people)} people to {output}")
    return 0


def import_people(args: argparse.Namespace) -> int:
    from alliance_desk.core.people_csv import (
        ImportRejected,
        Unreadable,
        parse_people_csv,
        read_people_file,
    )
    from alliance_desk.store import people_import

    try:
        data = read_people_file(args.file)  # before opening anything: a bad file costs nothing
    except Unreadable as error:
        raise Failure(str(error)) from None
    except ImportRejected as rejected:
        raise Failure(_rejection(args.file, rejected)) from None
    store = open_store(args.db)
    try:
        alliance = find_alliance(store, args.alliance)
        try:
            rows = parse_people_csv(data, people_import.existing_keys(store, alliance.id))
        except ImportRejected as rejected:
            raise Failure(_rejection(args.file, rejected)) from None
        people_import.import_people(store, alliance.id, rows)
    finally:
        store.close()
    say(f"imported {len(rows)} people into {alliance.name}")
    return 0


def _rejection(path: Path, rejected) -> str:
    shown = "; ".join(str(problem) for problem in rejected.problems[:10])
    more = rejected.total - min(10, len(rejected.problems))
    return f"{path} was not imported (nothing was added): {shown}" + (
        f"; and {more} more problems" if more > 0 else ""
    )


def _write(path: Path, data: bytes) -> None:
    try:
        write_private(path, data)
    except OSError as error:
        raise Failure(f"{path} cannot be written: {describe_os_error(error)}") from None


def export_pack(args: argparse.Namespace) -> int:
    if args.kind == "minutes":
        return export_minutes(args)
    if args.kind != "portfolio" and not args.alliance:
        raise Failure(f"a {args.kind} pack needs --alliance (see `alliance-desk alliances`)")
    from alliance_desk.store.integrity import check_early
    from alliance_desk.store.location import resolve

    # Every page of the file is read on another core from here on, while the code that reads,
    # lays out and renders the pack is imported (≈ 0.5 s) and does its work: at ten times the
    # heavy portfolio the check alone takes a second. Nothing is written before its verdict,
    # and a failure on the way waits for it (a damaged file explains itself).
    check = check_early(resolve(args.db).path)
    # The modules, mappers and records the pack is made from live until the command ends:
    # the cycle collector would scan them over and over (≈ 0.1–0.2 s of the command), so it
    # waits until they are read and then leaves them out of its collections.
    gc.disable()
    try:
        path = _export_pack(args, check)
    finally:
        gc.unfreeze()
        gc.enable()
    say(f"wrote {path}")
    return 0


def _export_pack(args: argparse.Namespace, check) -> Path:
    from alliance_desk.core.packs import Audience
    from alliance_desk.store import packs

    audience = Audience(args.audience)
    store = open_store(args.db, reads_only=True, check_aside=True, started_check=check)
    try:
        output = writable(args.output, store)
        try:
            alliance = find_alliance(store, args.alliance) if args.kind != "portfolio" else None
            # each kind imports its own composer only
            if alliance is not None and args.kind == "governance":
                from alliance_desk.packs.governance import governance_pack

                # the store refuses a meeting of another alliance, naming both
                pack = governance_pack(
                    packs.governance_inputs(store, alliance.id, args.meeting, audience)
                )
            elif alliance is not None and args.kind == "briefing":
                from alliance_desk.packs.briefing import partner_briefing

                pack = partner_briefing(packs.briefing_inputs(store, alliance.id, audience))
            else:
                from alliance_desk.packs.portfolio import portfolio_report

                first, last = packs.last_days(args.days)
                pack = portfolio_report(packs.portfolio_inputs(store, first, last, audience))
        except Exception:
            store.verify()
            raise
        gc.freeze()
        gc.enable()
        path = _render(pack, output, args, before_writing=store.verify)
        packs.record_export(
            store, args.kind, alliance.id if alliance else None, audience, path.name
        )
    finally:
        store.close()
    return path


def _render(pack, output: Path, args: argparse.Namespace, before_writing=None) -> Path:
    """Write the pack as PDF, encrypted when `--password` was given (`before_writing` is
    called once it is laid out, before the file is written)."""
    from alliance_desk.packs.render import render

    try:
        return render(
            pack,
            output,
            password=args.password,
            allow_printing=args.allow_print,
            allow_copying=args.allow_copy,
            before_writing=before_writing,
        )
    except OSError as error:
        raise Failure(f"{output} cannot be written: {describe_os_error(error)}") from None


def export_minutes(args: argparse.Namespace) -> int:
    """The minutes of one meeting (`--meeting`): DRAFT and its version until approved; for the
    partner only approved minutes, and only what the allow-list shares."""

    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.minutes import minutes_pack
    from alliance_desk.store import governance, packs
    from alliance_desk.store.minutes import minutes_document

    if args.meeting is None:
        raise Failure("minutes need --meeting ID (the meeting's id; see the Meetings tab)")
    audience = Audience(args.audience)
    store = open_store(args.db, reads_only=True)
    try:
        output = writable(args.output, store)
        meeting = governance.get_meeting(store, args.meeting)
        if args.alliance and find_alliance(store, args.alliance).id != meeting.alliance_id:
            raise Failure(f"meeting {args.meeting} is not a meeting of {args.alliance}")
        facts, alliance_name = minutes_document(store, args.meeting, audience)
        pack = minutes_pack(facts, alliance_name, audience, wall.today())
        path = _render(pack, output, args)
        packs.record_export(store, "minutes", meeting.alliance_id, audience, path.name)
    finally:
        store.close()
    say(f"wrote {path}")
    return 0


def _same_passphrase(source: Path, target: Path) -> None:
    """A copy of an encrypted portfolio to a new file is encrypted with its passphrase."""
    from alliance_desk.store import cipher

    secret = cipher.passphrase_for(source)
    target = target.expanduser().resolve()
    if secret is not None and cipher.looks_encrypted(source) and not target.exists():
        cipher.unlock(target, secret)


def copy_to(args: argparse.Namespace) -> int:
    from alliance_desk.store.transfer import copy_to as copy_portfolio_to

    source = open_store(args.db, start_backup=False)
    if source.path is not None and "://" not in args.target:
        _same_passphrase(source.path, Path(args.target))
    try:
        location, copied = copy_portfolio_to(source, args.target, opener=open_store)
    finally:
        source.close()
    say(f"copied {sum(copied.values())} records into {location.display}:")
    for name, count in copied.items():
        if count:
            say(f"  {count:>7}  {name.replace('_', ' ')}")
    if copied.people_matched:
        say(
            f"  {copied.people_matched:>7}  people already there (same email, or same name and "
            "organisation) were placed on the alliances instead of added again"
        )
    return 0

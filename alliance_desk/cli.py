"""The command line: `alliance-desk` opens the window; subcommands work without it.

Imports stay inside the functions so that `--help` and quick commands start fast and never load
Qt unless a window is wanted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alliance_desk import APP_NAME, __version__

DB_HELP = (
    "the portfolio to use: a file path or an SQLAlchemy URL "
    "(default: portfolio.sqlite3 in your user data folder)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="alliance-desk",
        description=f"{APP_NAME}: an offline system of record for alliance managers. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="PATH_OR_URL", help=DB_HELP)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo portfolio (created on first use in its own file)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end in a temporary folder (your data untouched)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create the demo portfolio file and print its path")
    demo.add_argument("--path", type=Path, help="where to write it (default: the data folder)")
    demo.add_argument("--replace", action="store_true", help="rebuild it even if it exists")

    commands.add_parser("where", help="print where the portfolio and its backups live")

    backup = commands.add_parser("backup", help="take a backup of the portfolio now")
    backup.add_argument("--keep", type=int, default=10, help="backups to keep (default 10)")
    backup.add_argument(
        "--max-age-days",
        type=int,
        default=None,
        help="also remove backups older than this (the newest is always kept)",
    )

    commands.add_parser("backups", help="list the portfolio's backups, newest first")

    restore = commands.add_parser(
        "restore", help="replace the portfolio with a backup (the current state is backed up)"
    )
    restore.add_argument("backup", type=Path, help="the backup file (see `backups`)")

    commands.add_parser("check", help="check the portfolio file for damage")

    commands.add_parser("alliances", help="list the alliances with their ids")
    importer = commands.add_parser(
        "import-people", help="add the people in a CSV file to an alliance (all or nothing)"
    )
    importer.add_argument("alliance", help="the alliance's id or exact name (see `alliances`)")
    importer.add_argument("file", type=Path, help="a CSV file with a header row (see README)")
    pack = commands.add_parser(
        "export-pack", help="write a briefing pack as PDF (governance, briefing or portfolio)"
    )
    pack.add_argument("kind", choices=("governance", "briefing", "portfolio"))
    pack.add_argument("output", type=Path, help="the PDF file to write")
    pack.add_argument("--alliance", help="id or exact name (governance and briefing)")
    pack.add_argument("--meeting", type=int, help="meeting id for a governance pack")
    pack.add_argument(
        "--audience",
        choices=("internal", "partner"),
        default="internal",
        help="partner: the governance pack's shared facts only (default internal)",
    )
    pack.add_argument("--days", type=int, default=90, help="portfolio report period (default 90)")
    pack.add_argument("--password", help="encrypt the PDF (AES-256); the password opens it")
    pack.add_argument("--allow-print", action="store_true", help="with --password: allow printing")
    pack.add_argument("--allow-copy", action="store_true", help="with --password: allow copying")
    copier = commands.add_parser(
        "copy-to",
        help="copy the whole portfolio into another, empty one (a file, or the team's "
        "postgresql+psycopg:// database), e.g. to move to the shared team store and back",
    )
    copier.add_argument("target", help="a file path or an SQLAlchemy URL")
    exporter = commands.add_parser("export-people", help="write an alliance's people to CSV")
    exporter.add_argument("alliance", help="the alliance's id or exact name")
    exporter.add_argument("file", type=Path, help="where to write the CSV file")
    rules = commands.add_parser(
        "settings",
        help="list the portfolio's rules (service levels, holidays, week start, …) with what "
        "they mean, show one, or change one for everyone using the portfolio",
    )
    rules.add_argument("name", nargs="?", help="a rule's name, e.g. sla-level-1")
    rules.add_argument("value", nargs="*", help="its new value, e.g. 7")
    today = commands.add_parser(
        "today", help="print Today's lists: what needs attention this week (as in the window)"
    )
    today.add_argument("--alliance", help="only this alliance (id or exact name)")
    today.add_argument("--json", action="store_true", help="as JSON, for other programs")
    return parser


def _fail(message: str) -> int:
    print(f"alliance-desk: {message}", file=sys.stderr)
    return 2


def _open_store(target, **options):
    """open_store, asking for the team store's password at the terminal when it needs one
    (never stored; without a terminal, PGPASSWORD or ~/.pgpass serve, as for psql)."""
    from alliance_desk.store.database import open_store
    from alliance_desk.store.errors import PasswordRequired
    from alliance_desk.store.location import resolve, with_password

    try:
        return open_store(target, **options)
    except PasswordRequired as error:
        if not sys.stdin.isatty():
            raise PasswordRequired(
                f"{error}: run this in a terminal to be asked for it, or set PGPASSWORD"
            ) from None
        import getpass

        password = getpass.getpass(f"{error}. Password: ")
        return open_store(with_password(resolve(target).url, password), **options)


def _file_location(db: str | None):
    from alliance_desk.store.location import resolve

    location = resolve(db)
    if location.path is None:
        raise SystemExit(_fail("this command works on a portfolio file, not a server URL"))
    return location


def run_command(args: argparse.Namespace) -> int:
    from alliance_desk.store import backup
    from alliance_desk.store.errors import StoreError

    try:
        if args.command == "demo":
            from alliance_desk.store.demo import create_demo

            print(create_demo(args.path, replace=args.replace))
        elif args.command == "where":
            location = _file_location(args.db)
            print(f"portfolio: {location.path}")
            print(f"backups:   {backup.backup_dir(location.path)}")
        elif args.command == "backup":
            location = _file_location(args.db)
            from alliance_desk.store.integrity import inspect_file

            inspect_file(location.path)
            if not location.path.exists():
                return _fail(f"there is no portfolio at {location.path}")
            print(
                backup.take_backup(
                    location.path,
                    reason="manual",
                    keep=args.keep,
                    max_age_days=args.max_age_days,
                )
            )
        elif args.command == "backups":
            location = _file_location(args.db)
            for info in backup.list_backups(location.path):
                taken = info.taken_at.strftime("%Y-%m-%d %H:%M:%S")
                print(f"{taken}  {info.size / 1024:8.0f} KB  {info.reason:<15} {info.path}")
        elif args.command == "restore":
            location = _file_location(args.db)
            safety = backup.restore_backup(location.path, args.backup)
            print(f"restored {args.backup} into {location.path}")
            print(f"the previous state was saved as {safety}")
        elif args.command == "export-pack":
            return _export_pack(args)
        elif args.command == "copy-to":
            return _copy_to(args)
        elif args.command in ("alliances", "import-people", "export-people"):
            return _people_command(args)
        elif args.command == "settings":
            from alliance_desk.settings_command import settings_command

            return settings_command(_open_store, args)
        elif args.command == "today":
            from alliance_desk.today_command import today_command

            return today_command(_open_store, _find_alliance, args)
        elif args.command == "check":
            from alliance_desk.store.integrity import inspect_file

            location = _file_location(args.db)
            if not location.path.exists():
                return _fail(f"there is no portfolio at {location.path}")
            revision = inspect_file(location.path)
            print(f"{location.path}: ok (schema {revision or 'empty'})")
    except StoreError as error:
        return _fail(str(error))
    return 0


def _find_alliance(store, wanted: str):
    from alliance_desk.store import portfolio
    from alliance_desk.store.errors import StoreError

    alliances = portfolio.list_alliances(store)
    for alliance in alliances:
        if wanted == str(alliance.id) or wanted.casefold() == alliance.name.casefold():
            return alliance
    raise StoreError(f"no alliance is called “{wanted}” (try `alliance-desk alliances`)")


def _export_pack(args: argparse.Namespace) -> int:
    from alliance_desk.core.packs import Audience
    from alliance_desk.packs.compose import governance_pack, partner_briefing, portfolio_report
    from alliance_desk.packs.render import render
    from alliance_desk.store import packs

    audience = Audience(args.audience)
    store = _open_store(args.db)
    try:
        alliance = None
        if args.kind != "portfolio":
            if not args.alliance:
                return _fail(f"a {args.kind} pack needs --alliance (see `alliance-desk alliances`)")
            alliance = _find_alliance(store, args.alliance)
        if args.kind == "governance":
            pack = governance_pack(
                packs.governance_inputs(store, alliance.id, args.meeting, audience)
            )
        elif args.kind == "briefing":
            pack = partner_briefing(packs.briefing_inputs(store, alliance.id, audience))
        else:
            first, last = packs.last_days(args.days)
            pack = portfolio_report(packs.portfolio_inputs(store, first, last, audience))
        path = render(
            pack,
            args.output,
            password=args.password,
            allow_printing=args.allow_print,
            allow_copying=args.allow_copy,
        )
        packs.record_export(
            store, args.kind, alliance.id if alliance else None, audience, path.name
        )
        print(f"wrote {path}")
        return 0
    finally:
        store.close()


def _copy_to(args: argparse.Namespace) -> int:
    from alliance_desk.store.transfer import copy_portfolio

    source = _open_store(args.db, start_backup=False)
    try:
        target = _open_store(args.target, start_backup=False)
        try:
            copied = copy_portfolio(source, target)
        finally:
            target.close()
    finally:
        source.close()
    print(f"copied {sum(copied.values())} records into {target.location.display}:")
    for name, count in copied.items():
        if count:
            print(f"  {count:>7}  {name.replace('_', ' ')}")
    return 0


def _people_command(args: argparse.Namespace) -> int:
    from alliance_desk.core.people_csv import ImportRejected, parse_people_csv, people_to_csv
    from alliance_desk.store import portfolio, stakeholders

    store = _open_store(args.db)
    try:
        if args.command == "alliances":
            for alliance in portfolio.list_alliances(store):
                print(f"{alliance.id:>4}  {alliance.name} — {alliance.partner}")
            return 0
        alliance = _find_alliance(store, args.alliance)
        if args.command == "export-people":
            people = stakeholders.list_stakeholders(store, alliance.id)
            args.file.write_bytes(people_to_csv(people))
            print(f"wrote {len(people)} people to {args.file}")
            return 0
        try:
            rows = parse_people_csv(
                args.file.read_bytes(), stakeholders.existing_keys(store, alliance.id)
            )
        except ImportRejected as rejected:
            return _fail(f"{args.file} was not imported.\n{rejected.summary()}")
        except OSError as error:
            return _fail(f"{args.file} cannot be read: {error.strerror}")
        stakeholders.import_people(store, alliance.id, rows)
        print(f"imported {len(rows)} people into {alliance.name}")
        return 0
    finally:
        store.close()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.self_test:
        from alliance_desk.selftest import self_test

        return self_test()
    if args.command:
        return run_command(args)
    from alliance_desk.app import run_window

    return run_window(db=args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())

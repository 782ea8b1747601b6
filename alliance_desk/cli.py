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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="create the demo portfolio file and print its path")
    demo.add_argument("--path", type=Path, help="where to write it (default: the data folder)")
    demo.add_argument("--replace", action="store_true", help="rebuild it even if it exists")

    commands.add_parser("where", help="print where the portfolio and its backups live")

    backup = commands.add_parser("backup", help="take a backup of the portfolio now")
    backup.add_argument("--keep", type=int, default=10, help="backups to keep (default 10)")

    commands.add_parser("backups", help="list the portfolio's backups, newest first")

    restore = commands.add_parser(
        "restore", help="replace the portfolio with a backup (the current state is backed up)"
    )
    restore.add_argument("backup", type=Path, help="the backup file (see `backups`)")

    commands.add_parser("check", help="check the portfolio file for damage")
    return parser


def _fail(message: str) -> int:
    print(f"alliance-desk: {message}", file=sys.stderr)
    return 2


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
            from alliance_desk.store.database import inspect_file

            inspect_file(location.path)
            if not location.path.exists():
                return _fail(f"there is no portfolio at {location.path}")
            print(backup.take_backup(location.path, reason="manual", keep=args.keep))
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
        elif args.command == "check":
            from alliance_desk.store.database import inspect_file

            location = _file_location(args.db)
            if not location.path.exists():
                return _fail(f"there is no portfolio at {location.path}")
            revision = inspect_file(location.path)
            print(f"{location.path}: ok (schema {revision or 'empty'})")
    except StoreError as error:
        return _fail(str(error))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        return run_command(args)
    from alliance_desk.app import run_window

    return run_window(db=args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())

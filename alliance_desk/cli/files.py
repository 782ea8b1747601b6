"""Commands about the portfolio file itself: where it is, its backups, restoring one, and
checking it. None of them opens the store (or imports SQLAlchemy)."""

from __future__ import annotations

import argparse
from pathlib import Path

from alliance_desk.cli.output import Failure, say
from alliance_desk.core.dates import shown_moment
from alliance_desk.store import backup
from alliance_desk.store.errors import StoreError
from alliance_desk.store.integrity import check_file, check_search_index, inspect_file, is_new
from alliance_desk.store.location import resolve


def file_path(db: str | None) -> Path:
    """`--db` for a command that works on a file: a server URL is refused."""
    path = resolve(db).path
    if path is None:
        raise Failure("this command works on a portfolio file, not a server URL")
    return path


def _existing(path: Path) -> Path:
    if not path.exists():
        raise Failure(f"there is no portfolio at {path}")
    if is_new(path):
        raise Failure(f"{path} is empty (0 bytes): there is no portfolio in it yet")
    return path


def where(args: argparse.Namespace) -> int:
    path = file_path(args.db)
    say(f"portfolio: {path}")
    say(f"backups:   {backup.backup_dir(path)}")
    return 0


def take(args: argparse.Namespace) -> int:
    path = _existing(file_path(args.db))
    backup.remove_leftovers_of(path)
    if inspect_file(path) is None:  # refuses a damaged, foreign or unfinished file
        raise Failure(f"{path} holds no portfolio (it has no tables)")
    made = backup.take_backup(path, reason="manual", keep=args.keep, max_age_days=args.max_age_days)
    say(made)
    return 0


def listing(args: argparse.Namespace) -> int:
    path = file_path(args.db)
    backup.remove_leftovers_of(path)
    for info in backup.list_backups(path):
        taken = shown_moment(info.taken_at, seconds=True)
        say(f"{taken:<20}  {info.size / 1024:8.0f} KB  {info.reason:<15} {info.path}")
    return 0


def restore(args: argparse.Namespace) -> int:
    path = file_path(args.db)
    backup.remove_leftovers_of(path)
    safety = backup.restore_backup(path, args.backup)
    say(f"restored {args.backup} into {path}")
    if safety is not None:
        say(f"the previous state was saved as {safety}")
    return 0


def check(args: argparse.Namespace) -> int:
    """Every page read, the revision known, the tables as that revision says."""
    path = _existing(file_path(args.db))
    try:
        revision = inspect_file(path, quick_check=False)
        if revision is not None:
            check_file(path, whole=True)
            check_search_index(path)
    except StoreError as problem:
        raise backup.offer_for(problem, path) from None
    if revision is None:
        raise Failure(f"{path} is an empty SQLite file: there is no portfolio in it yet")
    say(f"{path}: ok (schema {revision})")
    return 0


def demo(args: argparse.Namespace) -> int:
    from alliance_desk.store.demo import create_demo

    chosen = args.path
    if chosen is None and args.db:  # `--db FILE demo` writes the demo there, as it reads
        if "://" in args.db:
            raise Failure("the demo portfolio is a file: name it with --path, not a team store")
        chosen = Path(args.db)
    path = chosen.expanduser().resolve() if chosen else None
    say(create_demo(path, replace=args.replace))
    return 0

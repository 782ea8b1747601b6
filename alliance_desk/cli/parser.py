"""The command line's grammar: every argument is checked here, before anything is opened, and
a bad one is named in one line (argparse's usual usage dump is left to `--help`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from alliance_desk import APP_NAME, __version__
from alliance_desk.core.records import SEARCHED

DB_HELP = (
    "the portfolio to use: a file path or a postgresql+psycopg:// URL "
    "(default: portfolio.sqlite3 in your user data folder)"
)
ALLIANCE_HELP = "the alliance's exact name, or #ID for its id (see `alliances`), e.g. '#3'"
MAX_DAYS = 3660  # ten years
MAX_KEEP = 1000


class OneLineParser(argparse.ArgumentParser):
    """An `ArgumentParser` whose errors are one line on stderr and exit code 2."""

    def error(self, message: str) -> NoReturn:
        print(f"alliance-desk: {message} (see `{self.prog} --help`)", file=sys.stderr)
        raise SystemExit(2)


def whole_number(low: int, high: int, unit: str = ""):
    """An argument type accepting whole numbers from `low` to `high`."""

    def parse(text: str) -> int:
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number from {low} to {high:,}{unit}"
            )
        return number

    parse.__name__ = "number"
    return parse


def password(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("an empty password would protect nothing")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
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
    demo.add_argument(
        "--replace", action="store_true", help="rebuild it even if it exists (backed up first)"
    )

    commands.add_parser("where", help="print where the portfolio and its backups live")

    backup = commands.add_parser("backup", help="take a backup of the portfolio now")
    backup.add_argument(
        "--keep",
        type=whole_number(1, MAX_KEEP),
        default=10,
        help="backups to keep (default 10; the newest that opens is always kept)",
    )
    backup.add_argument(
        "--max-age-days",
        type=whole_number(1, 36600, " days"),
        default=None,
        help="also remove backups older than this (the newest is always kept)",
    )

    commands.add_parser("backups", help="list the portfolio's backups, newest first")

    restore = commands.add_parser(
        "restore", help="replace the portfolio with a backup (the current state is backed up)"
    )
    restore.add_argument("backup", type=Path, help="the backup file (see `backups`)")

    commands.add_parser("check", help="check the portfolio file for damage and unfinished upgrades")

    commands.add_parser("alliances", help="list the alliances with their ids")
    importer = commands.add_parser(
        "import-people", help="add the people in a CSV file to an alliance (all or nothing)"
    )
    importer.add_argument("alliance", help=ALLIANCE_HELP)
    importer.add_argument("file", type=Path, help="a CSV file with a header row (see README)")
    pack = commands.add_parser(
        "export-pack",
        help="write a briefing pack as PDF (governance, briefing or portfolio), or a meeting's "
        "minutes (minutes --meeting ID)",
    )
    pack.add_argument("kind", choices=("governance", "briefing", "portfolio", "minutes"))
    pack.add_argument("output", type=Path, help="the PDF file to write")
    pack.add_argument("--alliance", help=f"governance and briefing: {ALLIANCE_HELP}")
    pack.add_argument(
        "--meeting",
        type=whole_number(1, 2**62),
        help="meeting id for a governance pack or minutes",
    )
    pack.add_argument(
        "--audience",
        choices=("internal", "partner"),
        default="internal",
        help="partner: the governance pack's shared facts only, or approved minutes' "
        "(default internal)",
    )
    pack.add_argument(
        "--days",
        type=whole_number(1, MAX_DAYS, " days"),
        default=90,
        help="portfolio report period (default 90)",
    )
    pack.add_argument(
        "--password", type=password, help="encrypt the PDF (AES-256); the password opens it"
    )
    pack.add_argument("--allow-print", action="store_true", help="with --password: allow printing")
    pack.add_argument("--allow-copy", action="store_true", help="with --password: allow copying")
    copier = commands.add_parser(
        "copy-to",
        help="copy the whole portfolio into another, empty one (a new file, or the team's "
        "postgresql+psycopg:// database), e.g. to move to the shared team store and back",
    )
    copier.add_argument("target", help="a file path or a postgresql+psycopg:// URL")
    exporter = commands.add_parser("export-people", help="write an alliance's people to CSV")
    exporter.add_argument("alliance", help=ALLIANCE_HELP)
    exporter.add_argument("file", type=Path, help="where to write the CSV file")
    rules = commands.add_parser(
        "settings",
        help="list the portfolio's rules (service levels, holidays, week start, …) with what "
        "they mean, show one, or change one for everyone using the portfolio",
    )
    rules.add_argument("name", nargs="?", help="a rule's name, e.g. sla-level-1")
    rules.add_argument("value", nargs="*", help="its new value, e.g. 7")
    from alliance_desk.cli.meetings import add_parser as add_meeting_commands

    add_meeting_commands(commands, whole_number)
    today = commands.add_parser(
        "today", help="print Today's lists: what needs attention this week (as in the window)"
    )
    today.add_argument("--alliance", help=f"only this alliance: {ALLIANCE_HELP}")
    today.add_argument("--json", action="store_true", help="as JSON, for other programs")
    _team_commands(commands)
    worth = commands.add_parser(
        "value",
        help="print the risk × value placement, each alliance's rhythm and time lost, "
        "milestones slipped or due, and KPIs against target (as in the Value section)",
    )
    worth.add_argument("--alliance", help=f"only this alliance: {ALLIANCE_HELP}")
    finder = commands.add_parser(
        "search",
        help='find records by the words in them: words are prefixes, "a phrase" is exact, '
        "-word leaves out, accents do not matter",
    )
    finder.add_argument("query", nargs="+", help='what to look for, e.g. fill-finish "Q2 slot"')
    finder.add_argument("--alliance", help=f"only this alliance: {ALLIANCE_HELP}")
    finder.add_argument(
        "--kind",
        action="append",
        choices=SEARCHED,
        help="only records of this kind (repeat for several)",
    )
    finder.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    finder.add_argument("--json", action="store_true", help="as JSON, for other programs")
    commands.add_parser(
        "encrypt",
        help="encrypt the portfolio file and its backups with a passphrase (asked at the "
        "terminal, or ALLIANCE_DESK_PASSPHRASE); a forgotten one cannot be recovered",
    )
    commands.add_parser("decrypt", help="make an encrypted portfolio and its backups plain again")
    commands.add_parser(
        "change-passphrase",
        help="re-encrypt the portfolio and its backups under a new passphrase "
        "(ALLIANCE_DESK_NEW_PASSPHRASE for scripts)",
    )
    return parser


def _team_commands(commands) -> None:
    team = commands.add_parser(
        "team",
        help="administer the team store (--db postgresql+psycopg://ADMIN@server/db): set it "
        "up, add and remove members, grant and revoke alliances",
    )
    actions = team.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "init", help="set up the team store once (as a role WITH CREATEROLE owning the database)"
    )
    actions.add_parser("upgrade", help="bring the team store's schema up to this version")
    add = actions.add_parser(
        "add", help="make a database user a member (creating the login, asking its password)"
    )
    add.add_argument("user", help="the member's database user name")
    add.add_argument("--admin", action="store_true", help="an administrator of the team store")
    remove = actions.add_parser("remove", help="take a member out of the team")
    remove.add_argument("user")
    for name, verb in (("grant", "let a member see"), ("revoke", "stop a member seeing")):
        action = actions.add_parser(name, help=f"{verb} alliances")
        action.add_argument("user")
        action.add_argument("alliances", nargs="+", metavar="ALLIANCE", help=ALLIANCE_HELP)
    actions.add_parser("members", help="list the members and the alliances each may see")
    actions.add_parser(
        "purge", help="delete for good the alliances deleted in the app (administrators)"
    )

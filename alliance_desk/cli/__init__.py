"""The command line: `alliance-desk` opens the window; subcommands work without it.

Imports stay inside the functions so that `--help` and quick commands start fast and never load
Qt unless a window is wanted. Whatever happens, a command ends with one line on stderr and exit
code 2, never a traceback: what the store refuses says why in the user's words, and anything
unforeseen is written to a crash report in the log folder and named in one line.
"""

from __future__ import annotations

import argparse
import sys

from alliance_desk.cli.output import Failure, complain
from alliance_desk.cli.parser import build_parser

__all__ = ["build_parser", "main"]


# Each command as "module:function" in alliance_desk.cli, imported only when it runs: a
# command pays for its own imports (export-pack never loads the search, team or value code).
COMMANDS = {
    "demo": "files:demo",
    "where": "files:where",
    "backup": "files:take",
    "backups": "files:listing",
    "restore": "files:restore",
    "check": "files:check",
    "alliances": "records:alliances",
    "import-people": "records:import_people",
    "export-people": "records:export_people",
    "export-pack": "records:export_pack",
    "export-ics": "meetings:export_ics",
    "copy-to": "records:copy_to",
    "settings": "settings:settings_command",
    "today": "today:today_command",
    "team": "team:team_command",
    "value": "value:value_command",
    "search": "search:search_command",
    "encrypt": "passphrase:encrypt",
    "decrypt": "passphrase:decrypt",
    "change-passphrase": "passphrase:change",
}


def _command(name: str):
    from importlib import import_module

    module, function = COMMANDS[name].split(":")
    return getattr(import_module(f"alliance_desk.cli.{module}"), function)


def run_command(args: argparse.Namespace) -> int:
    """Run one subcommand; its failures become one line on stderr and exit code 2."""
    from alliance_desk.core.files import describe_os_error
    from alliance_desk.store.errors import StoreError

    try:
        if args.command not in ("demo", "where", "team"):
            from alliance_desk.cli.passphrase import unlock_file

            unlock_file(args.db)  # an encrypted file's passphrase, asked once per command
        return _command(args.command)(args)
    except Failure as failure:
        return complain(str(failure))
    except StoreError as failure:
        return complain(f"{failure}{_how_to_restore(args, failure)}")
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return complain(f"{where}{describe_os_error(error)}")


def _how_to_restore(args: argparse.Namespace, failure) -> str:
    """The command that restores the backup a refusal offers ('' when none is offered)."""
    if failure.backup is None:
        return ""
    import shlex

    db = f"--db {shlex.quote(args.db)} " if args.db else ""
    return f" Restore it with: alliance-desk {db}restore {shlex.quote(str(failure.backup))}"


def _log_unexpected(error: BaseException) -> str | None:
    """Write a crash report (owner-only, personal text scrubbed) to the log folder; its path."""
    try:
        from alliance_desk.crash import write_report

        return str(write_report(type(error), error, error.__traceback__))
    except Exception:  # the report is a courtesy; the one-line message is what matters
        return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.self_test:
            from alliance_desk.selftest import self_test

            return self_test()
        if args.command:
            return run_command(args)
        from alliance_desk.app import run_window

        return run_window(db=args.db, demo=args.demo)
    except KeyboardInterrupt:
        complain("interrupted")
        return 130
    except BrokenPipeError:  # e.g. `alliance-desk alliances | head -1`: the reader left
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # the last resort: never a traceback on the terminal
        log = _log_unexpected(error)
        from alliance_desk.crash import scrub

        detail = f"{type(error).__name__}: {scrub(str(error))}"
        return complain(
            f"something unexpected went wrong ({detail[:200]})"
            + (f"; the details are in {log}" if log else "")
        )


if __name__ == "__main__":
    sys.exit(main())

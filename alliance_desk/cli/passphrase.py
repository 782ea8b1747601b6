"""Encrypted portfolios on the command line: asking for the passphrase, and the `encrypt`,
`decrypt` and `change-passphrase` commands.

A passphrase is asked for at a terminal (never echoed) or read from ALLIANCE_DESK_PASSPHRASE
(ALLIANCE_DESK_NEW_PASSPHRASE for the new one) by scripts; it is never an argument, so it
never shows in the process list or the shell's history. Without either, one line says so.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from alliance_desk.cli.output import Failure, say
from alliance_desk.core.passphrases import LEAST, too_short
from alliance_desk.store import cipher

ENV = "ALLIANCE_DESK_PASSPHRASE"
NEW_ENV = "ALLIANCE_DESK_NEW_PASSPHRASE"
TRIES = 3
FORGOTTEN = (
    "Keep the passphrase safe: if it is forgotten, nothing and nobody can recover the "
    "portfolio or its backups."
)


def _from_environment(name: str) -> str | None:
    secret = os.environ.pop(name, None)  # not handed down to anything this process starts
    return secret or None


def _at_terminal() -> bool:
    return sys.stdin.isatty()


def unlock_file(db: str | None) -> None:
    """Before a command opens `--db`: if it is an encrypted file, get its passphrase (the
    environment, or up to three tries at a terminal) and unlock it for this process."""
    from alliance_desk.store.location import resolve

    path = resolve(db).path
    if path is None or not cipher.needs_passphrase(path):
        return
    secret = _from_environment(ENV)
    if secret is not None:
        cipher.unlock(path, secret)  # a wrong one is refused in one line
        return
    if not _at_terminal():
        raise Failure(
            f"{path} is encrypted: run this in a terminal to be asked for its passphrase, "
            f"or set {ENV}"
        )
    import getpass

    for attempt in range(TRIES):
        secret = getpass.getpass(f"Passphrase for {path.name}: ")
        try:
            cipher.unlock(path, secret)
            return
        except cipher.WrongPassphrase as wrong:
            if attempt == TRIES - 1:
                raise
            print(f"{wrong} Try again.", file=sys.stderr)


def _new_passphrase(variable: str) -> str:
    """A new passphrase: from `variable`, or typed twice at a terminal."""
    secret = _from_environment(variable)
    if secret is not None:
        return _long_enough(secret)
    if not _at_terminal():
        raise Failure(f"no new passphrase: run this in a terminal to be asked, or set {variable}")
    import getpass

    print(FORGOTTEN, file=sys.stderr)
    first = getpass.getpass("New passphrase: ")
    if not first:
        raise Failure("an empty passphrase would protect nothing; nothing was changed")
    if first != getpass.getpass("The same passphrase again: "):
        raise Failure("the two passphrases differ; nothing was changed")
    return _long_enough(first)


def _long_enough(secret: str) -> str:
    if too_short(secret):
        raise Failure(
            f"a passphrase needs at least {LEAST} characters (a few words are easy to remember "
            "and hard to guess); nothing was changed"
        )
    return secret


def _file(db: str | None) -> Path:
    from alliance_desk.cli.files import _existing, file_path

    return _existing(file_path(db))


def _report(path: Path, skipped: list[Path], done: str) -> int:
    say(f"{done} {path} and its backups")
    for left in skipped:
        say(f"  not changed (it does not open): {left}")
    return 0


def encrypt(args: argparse.Namespace) -> int:
    from alliance_desk.store import encryption

    path = _file(args.db)
    if cipher.looks_encrypted(path):
        raise Failure(f"{path} is encrypted already (see `change-passphrase`)")
    secret = _new_passphrase(ENV)
    skipped = encryption.encrypt(path, secret)
    print(FORGOTTEN, file=sys.stderr)
    return _report(path, skipped, "encrypted")


def decrypt(args: argparse.Namespace) -> int:
    from alliance_desk.store import encryption

    path = _file(args.db)
    if not cipher.looks_encrypted(path):
        raise Failure(f"{path} is not encrypted")
    return _report(path, encryption.decrypt(path), "decrypted")


def change(args: argparse.Namespace) -> int:
    from alliance_desk.store import encryption

    path = _file(args.db)
    if not cipher.looks_encrypted(path):
        raise Failure(f"{path} is not encrypted (see `encrypt`)")
    secret = _new_passphrase(NEW_ENV)
    return _report(path, encryption.change_passphrase(path, secret), "re-encrypted")

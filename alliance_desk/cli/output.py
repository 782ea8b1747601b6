"""How the command line speaks: results on stdout, every failure as one line on stderr."""

from __future__ import annotations

import sys

PREFIX = "alliance-desk: "


class Failure(Exception):
    """A command could not do what was asked; `str(failure)` is the line the user sees."""


def say(text: object) -> None:
    print(text)


def complain(message: str) -> int:
    """Print `message` as one line on stderr (exit code 2 is returned for the caller)."""
    line = " ".join(str(message).split())
    print(f"{PREFIX}{line}", file=sys.stderr)
    return 2


def note(message: str) -> None:
    """Something the user should know that is not a failure (one line on stderr)."""
    print(f"{PREFIX}{' '.join(message.split())}", file=sys.stderr)

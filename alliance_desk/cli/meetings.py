"""Meeting commands: the invitation of a meeting as an .ics file, alone or as the first of the
committee's series of meetings."""

from __future__ import annotations

import argparse
from pathlib import Path

from alliance_desk.cli.output import say
from alliance_desk.cli.records import open_store, writable


def export_ics(args: argparse.Namespace) -> int:
    from alliance_desk.core.files import write_private
    from alliance_desk.store.minutes import invitation

    store = open_store(args.db, reads_only=True)
    try:
        output = writable(args.output, store)
        ics = invitation(store, args.meeting, series=args.series, organiser=args.organiser or "")
    finally:
        store.close()
    write_private(output, ics)
    say(f"wrote {output}")
    return 0


def add_parser(commands, whole_number) -> None:
    ics = commands.add_parser(
        "export-ics",
        help="write a meeting's calendar invitation (.ics) in its own time zone, with its "
        "organiser, attendees and agenda",
    )
    ics.add_argument("meeting", type=whole_number(1, 2**62), help="the meeting's id")
    ics.add_argument("output", type=Path, help="the .ics file to write")
    ics.add_argument(
        "--series",
        nargs="?",
        const="",
        metavar="RRULE",
        help="the committee's series of meetings from this one: its saved rule, or this one "
        "(e.g. FREQ=MONTHLY;INTERVAL=3)",
    )
    ics.add_argument("--organiser", metavar="EMAIL", help="the organiser's e-mail address")

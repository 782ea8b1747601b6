"""`alliance-desk --db URL team …`: an administrator sets up and runs the team store."""

from __future__ import annotations

import argparse
import sys

from alliance_desk.cli.output import Failure, say


def _location(args: argparse.Namespace):
    from alliance_desk.store.location import resolve

    if not args.db or "://" not in args.db:
        raise Failure(
            "team commands need the team store's URL: "
            "alliance-desk --db postgresql+psycopg://YOU@server/DATABASE team …"
        )
    return resolve(args.db)


def new_password(user: str) -> str:
    """The new login's first password: asked twice at a terminal, else one line of stdin."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline().rstrip("\n")
        if not line:
            raise Failure(f"{user} needs a password: give it on standard input, or use a terminal")
        return line
    import getpass

    first = getpass.getpass(f"Password for the new login {user}: ")
    if not first or first != getpass.getpass("The same password again: "):
        raise Failure(f"the passwords were empty or did not match, so {user} was not added")
    return first


def team_command(args: argparse.Namespace) -> int:
    from alliance_desk.store import team

    location = _location(args)
    if args.action == "init":
        for line in team.init(location):
            say(line)
    elif args.action == "upgrade":
        team.upgrade(location)
        say("The team store's schema is up to date.")
    elif args.action == "add":
        password = None if team.login_exists(location, args.user) else new_password(args.user)
        say(team.add(location, args.user, admin=args.admin, password=password))
    elif args.action == "purge":
        say(team.purge(location))
    elif args.action == "remove":
        say(team.remove(location, args.user))
    elif args.action == "grant":
        say(team.grant(location, args.user, args.alliances))
    elif args.action == "revoke":
        say(team.revoke(location, args.user, args.alliances))
    else:
        for member in team.members(location):
            role = " (administrator)" if member.admin else ""
            say(f"{member.name}{role}: {', '.join(member.alliances) or 'no alliance'}")
    return 0

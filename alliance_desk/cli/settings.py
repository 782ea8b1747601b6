"""`alliance-desk settings [NAME [VALUE]]`: the portfolio's business rules from a terminal.

Bare, it lists every rule with its value and what it means; with a name, that one; with a
name and a value, it changes the rule for everyone using the portfolio (the window, Today,
`today`, every pack, every teammate) — or refuses the value and says why, changing nothing.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from alliance_desk.core.policy import SETTINGS, Policy, Setting, setting
from alliance_desk.core.validation import FieldError

WIDTH = 88


def _describe(chosen: Setting, policy: Policy, stored: bool) -> str:
    mark = "" if stored else "  (default)"
    meaning = textwrap.fill(chosen.meaning, WIDTH, initial_indent="    ", subsequent_indent="    ")
    return f"{chosen.name} = {chosen.text(policy)}{mark}\n{meaning}"


def run_settings(store: Any, name: str | None, value: Sequence[str]) -> int:
    """List, show or change the rules of `store` (an open portfolio); 0 on success, 2 with a
    one-line reason on stderr when a name or value is refused."""
    from alliance_desk.store.policy import load_policy, set_setting, stored_settings

    try:
        if name is not None and value:
            chosen = setting(name)
            policy = set_setting(store, chosen.name, " ".join(value))
            print(_describe(chosen, policy, True))
            return 0
        policy, stored = load_policy(store), stored_settings(store)
        shown = SETTINGS if name is None else (setting(name),)
    except FieldError as error:
        print(f"alliance-desk: {error}", file=sys.stderr)
        return 2
    print("\n\n".join(_describe(chosen, policy, chosen.name in stored) for chosen in shown))
    return 0


def settings_command(args: Any) -> int:
    """The `settings` command."""
    from alliance_desk.cli.records import open_store

    store = open_store(args.db)
    try:
        return run_settings(store, args.name, args.value)
    finally:
        store.close()

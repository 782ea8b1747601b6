"""The app's own migration scripts, loaded as modules: the generator fills what they keep with
their very statements."""

from __future__ import annotations

import importlib.util
from functools import cache
from types import ModuleType

from alliance_desk.core.bundle import migrations_path


@cache
def migration(stem: str) -> ModuleType:
    """The migration script `stem` (as "0024_search"), loaded as a module."""
    path = migrations_path() / "versions" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"bench_migration_{stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def search_migration() -> ModuleType:
    """Migration 0024 (the file's search index)."""
    return migration("0024_search")


def member_search_migration() -> ModuleType:
    """Migration 0030 (the team store's search words)."""
    return migration("0030_member_search")


def last_contacts_migration() -> ModuleType:
    return migration("0035_last_contacts")


def file_contacts_migration() -> ModuleType:
    """Migration 0039: on the file the kept day counts private contacts too."""
    return migration("0039_file_private_contacts")


def private_contacts_migration() -> ModuleType:
    """Migration 0041: on the team store each member's private contacts' days kept apart."""
    return migration("0041_team_private_contacts")

"""Search on the team store as a member, not a superuser: row security binds a member, so
this is what a team's users get (issue 25 item 4: first 50 hits ≤ 50 ms).

    python -m bench.member URL [--runs 5]

URL names a generated team store as a role that may create roles and grant (its superuser,
or the administrator who ran `team init`). A login role `bench_member` is made a member of
the team and granted every alliance, as an administrator would with `team add` and `team
grant`; the benchmark's searches then run as it, against the bare GIN query on the words
table read as the URL's role.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bench.outputs import SEARCH_MOST, SEARCHES, bare_postgres
from bench.timing import Line, median, print_table, within

MEMBER = "bench_member"
PASSWORD = "bench-member-password"  # a throwaway role on a benchmark's own database


def member_url(team_url: str) -> str:
    """The URL of `bench_member` on the team store at `team_url`, granted every alliance."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from alliance_desk.store.access import TEAM

    engine = create_engine(team_url)
    with engine.begin() as connection:
        made = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                  {"n": MEMBER}).scalar()  # fmt: skip
        if not made:
            connection.execute(text(f"CREATE ROLE {MEMBER} LOGIN PASSWORD '{PASSWORD}'"))
        connection.execute(text(f"GRANT {TEAM} TO {MEMBER}"))
        connection.execute(
            text("INSERT INTO team_grants (member, alliance_id) SELECT :n, id FROM alliances "
                 "ON CONFLICT DO NOTHING"), {"n": MEMBER})  # fmt: skip
    engine.dispose()
    url = make_url(team_url).set(username=MEMBER, password=PASSWORD)
    return url.render_as_string(hide_password=False)


def member_search_line(owner: Any, team_url: str, runs: int) -> Line:
    """The slowest of the benchmark's searches as `bench_member`, against the bare GIN query
    on the words table through `owner` (a store opened as the URL's role)."""
    from alliance_desk.store.database import open_store
    from alliance_desk.store.search import search

    member = open_store(member_url(team_url))
    try:
        assert search(member, "supply"), "the member finds nothing: no alliance granted?"
        worst = max(median(lambda q=q: search(member, q), runs) for q in SEARCHES)
    finally:
        member.close()
    bare = max(median(lambda q=q: bare_postgres(owner, q), runs) for q in SEARCHES)
    what = f"Search as a member, slowest of {len(SEARCHES)} queries, first 50 (s)"
    return within(what, worst, bare, SEARCH_MOST, 0)


def main(argv: list[str] | None = None) -> int:
    from alliance_desk.store.database import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="a generated team store, as a role that may grant")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from bench.outputs import search_line

    owner = open_store(args.url)
    try:
        lines = [search_line(owner, args.runs), member_search_line(owner, args.url, args.runs)]
    finally:
        owner.close()
    print_table("Search on the team store: the URL's role, then a member", lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())

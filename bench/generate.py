"""A deterministic heavy-user portfolio (DESIGN.md §5), written through the store's functions.

    python -m bench.generate OUT.sqlite3 [--scale 1.0]

At scale 1: 60 alliances, 3,000 people, 30,000 interactions, 6,000 escalations with ~30,000
history events, 2,000 risks, 3,000 decisions, 400 meetings and five years of habit check-ins.
The file is built without syncing to disk (it only counts once complete), like the demo.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from alliance_desk.core.escalations import validate_escalation, validate_resolution
from alliance_desk.core.governance import AgendaItem, BodyKind, MeetingDraft
from alliance_desk.core.habits import CheckIn
from alliance_desk.core.people import validate_person
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.store import escalations, governance, habits, portfolio, risks, stakeholders
from alliance_desk.store.database import open_store

KINDS = ("co-development", "licensing", "technology", "research collaboration")
PHASES = ("exploration", "start-up", "execution", "expansion / renewal", "exit")
HABITS = ("value", "engage", "bridge", "insights", "resolve", "excellence", "publish")


def generate(path: Path, scale: float = 1.0, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    today = date.today()
    n = {
        "alliances": max(2, round(60 * scale)),
        "people": max(10, round(3000 * scale)),
        "interactions": round(30_000 * scale),
        "escalations": round(6000 * scale),
        "risks": round(2000 * scale),
        "decisions": round(3000 * scale),
        "meetings": round(400 * scale),
        "checkins": round(10_000 * scale),
    }
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, start_backup=False, durable=False)
    alliance_ids = []
    for index in range(n["alliances"]):
        alliance = portfolio.create_alliance(
            store,
            validate_alliance(
                {
                    "name": f"Alliance {index:03d} {rng.choice(('Aurora', 'Cedar', 'Delta'))}",
                    "partner": f"Partner {index:03d}",
                    "alliance_type": rng.choice(KINDS),
                    "phase": rng.choice(PHASES),
                    "criticality": rng.randint(1, 5),
                    "complexity": rng.randint(1, 5),
                    "north_star": f"Deliver programme {index} to patients by {2027 + index % 5}.",
                    "financial_value": rng.randint(1, 500),
                }
            ),
        )
        alliance_ids.append(alliance.id)
    per_alliance = n["people"] // n["alliances"]
    people_by_alliance: dict[int, list[int]] = {}
    for alliance_id in alliance_ids:
        rows = [
            (
                validate_person(
                    {
                        "name": f"Person {alliance_id}-{i:03d}",
                        "side": "internal" if i % 2 else "partner",
                    }
                ),
                validate_stakeholder(
                    {
                        "power": rng.randint(1, 5),
                        "interest": rng.randint(1, 5),
                        "cadence": rng.choice(("monthly", "quarterly", "none")),
                        "roles": "JSC member" if i < 6 else "",
                    }
                ),
            )
            for i in range(per_alliance)
        ]
        stakeholders.import_people(store, alliance_id, rows)
        people_by_alliance[alliance_id] = [
            s.person.id for s in stakeholders.list_stakeholders(store, alliance_id)
        ]
    for _ in range(n["interactions"]):
        alliance_id = rng.choice(alliance_ids)
        people = people_by_alliance[alliance_id]
        stakeholders.log_interaction(
            store,
            alliance_id,
            validate_interaction(
                {
                    "occurred_on": today - timedelta(days=rng.randint(0, 5 * 365)),
                    "kind": rng.choice(("meeting", "call", "e-mail", "informal")),
                    "sentiment": rng.randint(-2, 2),
                    "note": "Discussed the plan and next steps.",
                    "person_ids": rng.sample(people, k=min(2, len(people))),
                }
            ),
        )
    for index in range(n["escalations"]):
        alliance_id = rng.choice(alliance_ids)
        raised = today - timedelta(days=rng.randint(0, 3 * 365))
        escalation_id = escalations.raise_escalation(
            store,
            alliance_id,
            validate_escalation(
                {
                    "title": f"Issue {index}: {rng.choice(('supply', 'budget', 'data'))}",
                    "category": rng.choice(("misunderstanding", "business problem", "conflict")),
                    "raised_on": raised,
                    "delay_days": rng.randint(0, 60),
                    "value_at_stake": rng.randint(0, 20),
                }
            ),
        )
        level = 0
        for step in range(4):
            moved = min(3, level + 1) if level < 3 and rng.random() < 0.7 else max(0, level - 1)
            if moved == level:
                escalations.add_note(store, escalation_id, f"Update {step}")
                continue
            level = moved
            escalations.change_level(
                store,
                escalation_id,
                level,
                "Needs the next level",
                today=raised + timedelta(days=step * 5),
            )
        resolved_on = raised + timedelta(days=rng.randint(5, 120))
        if rng.random() < 0.6 and resolved_on <= today:
            escalations.resolve(
                store,
                escalation_id,
                validate_resolution(
                    {
                        "root_cause": "Unclear ownership",
                        "resolution": "Agreed owner",
                        "kind": "compromise",
                    }
                ),
                today=resolved_on,
            )
    for index in range(n["risks"]):
        risks.add_risk(
            store,
            rng.choice(alliance_ids),
            validate_risk(
                {
                    "title": f"Risk {index}",
                    "category": rng.choice(("business", "human", "legal")),
                    "likelihood": rng.randint(1, 5),
                    "impact": rng.randint(1, 5),
                    "next_review": today + timedelta(days=rng.randint(-30, 90)),
                }
            ),
            today=today - timedelta(days=rng.randint(0, 3 * 365)),  # first rated
        )
    for index in range(n["decisions"]):
        risks.add_decision(
            store,
            rng.choice(alliance_ids),
            validate_decision(
                {
                    "title": f"Decision {index}",
                    "decided_on": today - timedelta(days=rng.randint(0, 4 * 365)),
                    "status": rng.choice(("pending", "in progress", "implemented", "implemented")),
                }
            ),
        )
    bodies = {
        a: governance.create_body(store, a, f"JSC {a}", BodyKind.JSC, ()) for a in alliance_ids
    }
    for index in range(n["meetings"]):
        alliance_id = alliance_ids[index % len(alliance_ids)]
        start = datetime.combine(
            today - timedelta(days=90 * (index // len(alliance_ids))) + timedelta(days=14),
            datetime.min.time(),
        ).replace(hour=14)
        governance.create_meeting(
            store,
            MeetingDraft(bodies[alliance_id], start, start + timedelta(hours=2), "Video"),
            [AgendaItem(f"Item {i}") for i in range(5)],
        )
    for _ in range(n["checkins"]):
        habits.add_checkin(
            store,
            CheckIn(rng.choice(HABITS), today - timedelta(days=rng.randint(0, 5 * 365)), "", 30),
        )
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    started = time.perf_counter()
    counts = generate(args.output, args.scale)
    print(f"generated {counts} in {time.perf_counter() - started:.1f} s -> {args.output}")


if __name__ == "__main__":
    main()

"""The rows of the benchmark's portfolio, as plain dicts by table, the same the store's own
functions would write (their columns and defaults are taken from the core's validated drafts).

Deterministic for a seed: the same scale gives the same portfolio, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime, time, timedelta
from typing import Any

from alliance_desk.core.escalations import LEVELS, EventKind, ResolutionKind, validate_escalation
from alliance_desk.core.people import validate_person
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.risks import validate_decision, validate_risk
from alliance_desk.core.stakeholders import validate_stakeholder

KINDS = ("co-development", "licensing", "technology", "research collaboration")
PHASES = ("exploration", "start-up", "execution", "expansion / renewal", "exit")
HABITS = ("value", "engage", "bridge", "insights", "resolve", "excellence", "publish")
INTERACTION_KINDS = ("meeting", "call", "e-mail", "informal")
PRIVATE_EVERY = 50  # one contact in fifty is marked private
TOPICS = ("supply", "budget", "data")
CATEGORIES = ("misunderstanding", "business problem", "conflict")
COMPROMISE = ResolutionKind("compromise")

# Per alliance-size unit (scale 1): DESIGN.md §5's heavy user.
PER_SCALE = {
    "alliances": 60,
    "people": 3000,
    "interactions": 30_000,
    "escalations": 6000,
    "risks": 2000,
    "decisions": 3000,
    "meetings": 400,
    "checkins": 10_000,
}


def counts(scale: float) -> dict[str, int]:
    n = {kind: round(per * scale) for kind, per in PER_SCALE.items()}
    n["alliances"] = max(2, n["alliances"])
    n["people"] = max(10, n["people"])
    return n


def stored(draft: Any) -> dict[str, Any]:
    """A draft's fields as the store writes them (enums by value). Its own fields, not
    `asdict`'s deep copy of each (a tenth of the generation's time at ten times): a draft's
    values are the columns' scalars."""
    return {f.name: getattr(v := getattr(draft, f.name), "value", v) for f in fields(draft)}


def _noon(day: date) -> datetime:
    """A back-dated history entry is stamped at noon of its day (store.escalations._event)."""
    return datetime.combine(day, time(12))


class Portfolio:
    """Builds the tables' rows in insertion order, ids assigned from 1 (a new portfolio)."""

    def __init__(self, scale: float, seed: int = 7, today: date | None = None) -> None:
        self.rng = random.Random(seed)
        self.today = today or date.today()
        self.now = datetime.now()
        self.n = counts(scale)
        self.alliance_ids = list(range(1, self.n["alliances"] + 1))
        self.people_by_alliance: dict[int, list[int]] = {}

    def tables(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """(table name, its rows) in an order foreign keys accept."""
        yield from self.alliances()
        yield from self.people()
        yield from self.interactions()
        yield from self.escalations()
        yield from self.registers()
        yield from self.meetings()
        yield "habit_checkins", self.checkins()

    def alliances(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        rng, rows, stars = self.rng, [], []
        for index, alliance_id in enumerate(self.alliance_ids):
            draft = validate_alliance(
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
            )
            rows.append({"id": alliance_id, **stored(draft)})
            stars.append({"alliance_id": alliance_id, "statement": draft.north_star})
        yield "alliances", rows
        yield "north_star_history", stars

    def people(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        rng = self.rng
        per_alliance = self.n["people"] // self.n["alliances"]
        people, stakeholders, ratings = [], [], []
        for alliance_id in self.alliance_ids:
            ids = []
            for i in range(per_alliance):
                person = validate_person(
                    {
                        "name": f"Person {alliance_id}-{i:03d}",
                        "side": ("partner", "internal")[i % 2],
                    }
                )
                details = validate_stakeholder(
                    {
                        "power": rng.randint(1, 5),
                        "interest": rng.randint(1, 5),
                        "cadence": rng.choice(("monthly", "quarterly", "none")),
                        "roles": "JSC member" if i < 6 else "",
                    }
                )
                person_id = stakeholder_id = len(people) + 1
                ids.append(person_id)
                people.append({"id": person_id, **stored(person)})
                columns = stored(details)
                stakeholders.append(
                    {
                        "id": stakeholder_id,
                        "alliance_id": alliance_id,
                        "person_id": person_id,
                        "planned_from": self.today if columns["cadence"] != "none" else None,
                        "role": columns.pop("roles"),
                        **{k: columns[k] for k in STAKEHOLDER_COLUMNS},
                    }
                )
                ratings.append(
                    {
                        "stakeholder_id": stakeholder_id,
                        "power": details.power,
                        "interest": details.interest,
                        "rated_on": self.today,
                    }
                )
            self.people_by_alliance[alliance_id] = ids
        yield "people", people
        yield "stakeholders", stakeholders
        yield "stakeholder_ratings", ratings

    def interactions(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        rng, rows, links = self.rng, [], []
        for interaction_id in range(1, self.n["interactions"] + 1):
            alliance_id = rng.choice(self.alliance_ids)
            people = self.people_by_alliance[alliance_id]
            rows.append(
                {
                    "id": interaction_id,
                    "alliance_id": alliance_id,
                    "occurred_on": self.today - timedelta(days=rng.randint(0, 5 * 365)),
                    "kind": rng.choice(INTERACTION_KINDS),
                    "sentiment": rng.randint(-2, 2),
                    "note": "Discussed the plan and next steps.",
                    "internal_only": False,
                    # One in fifty the user's own private read of the people met: on the
                    # file every one is the user's; on the team store a member sees only theirs.
                    "private": interaction_id % PRIVATE_EVERY == 0,
                }
            )
            day = rows[-1]["occurred_on"]
            for person_id in rng.sample(people, k=min(2, len(people))):
                links.append(  # with the copies migration 0029's triggers would make
                    {"interaction_id": interaction_id, "person_id": person_id,
                     "alliance_id": alliance_id, "occurred_on": day}
                )  # fmt: skip
        yield "interactions", rows
        yield "interaction_people", links

    def escalations(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        """Raised, four steps up or down a level (or a note), resolved six times in ten when
        that day has come: as the store's raise / change_level / add_note / resolve write."""
        rng, rows, events = self.rng, [], []
        template = stored(validate_escalation({"title": "x", "category": CATEGORIES[0]}))
        for escalation_id in range(1, self.n["escalations"] + 1):
            alliance_id = rng.choice(self.alliance_ids)
            raised = self.today - timedelta(days=rng.randint(0, 3 * 365))
            row = {
                **template,
                "id": escalation_id,
                "alliance_id": alliance_id,
                "title": f"Issue {escalation_id - 1}: {rng.choice(TOPICS)}",
                "category": rng.choice(CATEGORIES),
                "raised_on": raised,
                "delay_days": rng.randint(0, 60),
                "value_at_stake": float(rng.randint(0, 20)),
                "level": 0,
                "level_since": raised,
                "status": "open",
                "root_cause": "",
                "resolution": "",
                "resolution_kind": "",
                "resolved_on": None,
            }
            event = {"escalation_id": escalation_id, "from_level": None, "to_level": None}
            events.append(
                {
                    **event,
                    "occurred_at": self._stamp(raised),
                    "kind": EventKind.RAISED.value,
                    "to_level": 0,
                    "text": f"at level 0 ({LEVELS[0].lower()})",
                }
            )
            level = 0
            for step in range(4):
                moved = min(3, level + 1) if level < 3 and rng.random() < 0.7 else max(0, level - 1)
                if moved == level:
                    events.append(
                        {
                            **event,
                            "occurred_at": self.now,
                            "kind": EventKind.NOTE.value,
                            "text": f"Update {step}",
                        }
                    )
                    continue
                on = raised + timedelta(days=step * 5)
                events.append(
                    {
                        **event,
                        "occurred_at": self._stamp(on),
                        "kind": (
                            EventKind.LEVEL_UP if moved > level else EventKind.LEVEL_DOWN
                        ).value,
                        "from_level": level,
                        "to_level": moved,
                        "text": "Needs the next level",
                    }
                )
                level = moved
                row.update(level=level, level_since=on, status="escalated" if level else "open")
            resolved_on = raised + timedelta(days=rng.randint(5, 120))
            if rng.random() < 0.6 and resolved_on <= self.today:
                row.update(
                    status="resolved",
                    root_cause="Unclear ownership",
                    resolution="Agreed owner",
                    resolution_kind=COMPROMISE.value,
                    resolved_on=resolved_on,
                )
                events.append(
                    {
                        **event,
                        "occurred_at": self._stamp(resolved_on),
                        "kind": EventKind.RESOLVED.value,
                        "text": f"{COMPROMISE.label}: Agreed owner (root cause: Unclear ownership)",
                    }
                )
            rows.append(row)
        yield "escalations", rows
        yield "escalation_events", events

    def _stamp(self, day: date) -> datetime:
        return self.now if day >= self.today else _noon(day)

    def registers(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        rng, risks, ratings, decisions = self.rng, [], [], []
        for index in range(self.n["risks"]):
            draft = validate_risk(
                {
                    "title": f"Risk {index}",
                    "category": rng.choice(("business", "human", "legal")),
                    "likelihood": rng.randint(1, 5),
                    "impact": rng.randint(1, 5),
                    "next_review": self.today + timedelta(days=rng.randint(-30, 90)),
                }
            )
            alliance_id = rng.choice(self.alliance_ids)
            rated = self.today - timedelta(days=rng.randint(0, 3 * 365))  # first rated
            risks.append({"id": index + 1, "alliance_id": alliance_id, **stored(draft)})
            ratings.append(
                {
                    "risk_id": index + 1,
                    "likelihood": draft.likelihood,
                    "impact": draft.impact,
                    "rated_on": rated,
                }
            )
        for index in range(self.n["decisions"]):
            alliance_id = rng.choice(self.alliance_ids)
            draft = validate_decision(
                {
                    "title": f"Decision {index}",
                    "decided_on": self.today - timedelta(days=rng.randint(0, 4 * 365)),
                    "status": rng.choice(("pending", "in progress", "implemented", "implemented")),
                }
            )
            decisions.append({"id": index + 1, "alliance_id": alliance_id, **stored(draft)})
        yield "risks", risks
        yield "risk_ratings", ratings
        yield "decisions", decisions

    def meetings(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        count = len(self.alliance_ids)
        yield (
            "governance_bodies",
            [
                {"id": a, "alliance_id": a, "name": f"JSC {a}", "kind": "joint steering committee"}
                for a in self.alliance_ids
            ],
        )
        meetings, agenda = [], []
        for index in range(self.n["meetings"]):
            start = datetime.combine(
                self.today - timedelta(days=90 * (index // count)) + timedelta(days=14),
                time(14),
            )
            meeting_id = index + 1
            meetings.append(
                {
                    "id": meeting_id,
                    "body_id": self.alliance_ids[index % count],
                    "starts_at": start,
                    "ends_at": start + timedelta(hours=2),
                    "location": "Video",
                    "time_zone": "",
                    "format": "",
                }
            )
            agenda += [
                {"meeting_id": meeting_id, "position": i, "title": f"Item {i}"} for i in range(5)
            ]
        yield "meetings", meetings
        yield "agenda_items", agenda

    def checkins(self) -> list[dict[str, Any]]:
        rng = self.rng
        return [
            {
                "habit": rng.choice(HABITS),
                "day": self.today - timedelta(days=rng.randint(0, 5 * 365)),
                "alliance_id": None,
                "note": "",
                "minutes": 30,
            }
            for _ in range(self.n["checkins"])
        ]


# The stakeholder columns a draft fills besides its roles (store.stakeholders.detail_columns).
STAKEHOLDER_COLUMNS = (
    "power",
    "interest",
    "stance",
    "notes",
    "internal_only",
    "channel",
    "cadence",
    "cadence_rule",
    "formal",
)

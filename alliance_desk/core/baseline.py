"""A practice baseline: a self-assessment of one's alliance-management practice against four
foundation areas (purposeful leadership, collaborative engagement, governance, measurable
outcomes) and the seven habits. The statements are data (resources/baseline.json); each is
scored 1–5. An area's score is the mean of its statements' scores; a baseline can be taken
any number of times, and the trend is the change of each area between baselines."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import mean

from alliance_desk.core.i18n import translate
from alliance_desk.core.validation import (
    FieldCollector,
    FieldError,
    clean_text,
    parse_date,
    parse_rating,
)


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Area:
    key: str
    name: str
    kind: str  # foundation or habit (its key is the habit's)
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Model:
    areas: tuple[Area, ...]
    scale: tuple[str, ...]  # the words for 1 … 5

    @property
    def questions(self) -> dict[str, Question]:
        return {q.key: q for a in self.areas for q in a.questions}


def load_model(path: Path) -> Model:
    """The statements as shipped in resources/baseline.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    areas = tuple(
        Area(
            a["key"],
            a["name"],
            a["kind"],
            tuple(Question(q["key"], q["text"]) for q in a["questions"]),
        )
        for a in data["areas"]
    )
    return Model(areas, tuple(data["scale"]))


@dataclass(frozen=True, slots=True)
class Baseline:
    id: int
    taken_on: date
    scores: Mapping[str, int]  # question key -> 1–5
    note: str = ""
    alliance_id: int | None = None

    def area_score(self, area: Area) -> float | None:
        """The mean of the area's answered statements (None: none answered)."""
        found = [self.scores[q.key] for q in area.questions if q.key in self.scores]
        return round(mean(found), 2) if found else None


def validate_baseline(raw: Mapping[str, object], model: Model) -> tuple[date, dict[str, int], str]:
    """A day, a score 1–5 for every statement of the model, and a note."""
    fields = FieldCollector()
    day = fields.take("taken_on", parse_date, raw.get("taken_on"), required=True)
    note = fields.take("note", clean_text, raw.get("note"), max_length=2000) or ""
    scores: dict[str, int] = {}
    for key in model.questions:
        if raw.get(key) in (None, ""):
            fields.errors[key] = translate("Baseline", "Score this statement from 1 to 5.")
            continue
        value = fields.take(key, parse_rating, raw.get(key))
        if value is not None:
            scores[key] = value
    unknown = set(raw) - set(model.questions) - {"taken_on", "note"}
    if unknown:
        fields.errors[min(unknown)] = translate("Baseline", "Not a statement of the baseline.")
    fields.raise_if_any()
    return day, scores, note


def check_scores(scores: Mapping[str, int], model: Model) -> None:
    """Scores as stored must name the model's statements, 1–5 each."""
    for key, score in scores.items():
        if key not in model.questions:
            raise FieldError(
                translate("Baseline", "“{key}” is not a statement of the baseline.").format(
                    key=key[:40]
                )
            )
        parse_rating(score)


@dataclass(frozen=True, slots=True)
class AreaTrend:
    area: Area
    first: float | None
    latest: float | None
    measured: float | None  # a habit's strength (0–100) over the same time, when it is one

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return round(self.latest - self.first, 2)

    @property
    def change_text(self) -> str:
        """The change as the window and the pack show it: "+1.0", "-0.5", "0.0" when the
        score held (not "+0.0"), "—" before a second baseline."""
        change = self.change
        if change is None:
            return "—"
        return "0.0" if round(change, 1) == 0 else f"{change:+.1f}"


def trends(
    baselines: Sequence[Baseline], model: Model, strengths: Mapping[str, float] | None = None
) -> list[AreaTrend]:
    """Each area from the first baseline to the latest, with the habit's measured strength
    beside the self-score for the seven habits."""
    ordered = sorted(baselines, key=lambda b: (b.taken_on, b.id))
    strengths = strengths or {}
    result = []
    for area in model.areas:
        first = ordered[0].area_score(area) if ordered else None
        latest = ordered[-1].area_score(area) if ordered else None
        measured = strengths.get(area.key) if area.kind == "habit" else None
        result.append(AreaTrend(area, first, latest, measured))
    return result

"""An alliance's name as the quadrant writes it: with its tier, on one line or broken over
two or three, or shortened to a width; each text measured once."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, pairwise

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from alliance_desk.core.placement import Placement
from alliance_desk.ui.i18n import translate

Measure = Callable[[str], float]  # a text's width in one font


def caption(placement: Placement) -> str:
    return translate("QuadrantMap", "{name} · T{tier}").format(
        name=placement.name, tier=placement.tier
    )


def wrapped(
    placement: Placement, metrics: QFontMetricsF, lines: int, advance: Measure | None = None
) -> list[str]:
    """The caption on `lines` lines, broken between words where the widest line is narrowest
    (the tier stays with the last word); [] when the name has too few words. `advance`
    measures a text as `metrics` does (one that remembers: the same words are measured for
    many breaks)."""
    words = placement.name.split()
    if len(words) < lines:
        return []
    measure = advance or metrics.horizontalAdvance
    words[-1] += translate("QuadrantMap", " · T{tier}").format(tier=placement.tier)
    best: list[str] = []
    widest = float("inf")
    for cuts in combinations(range(1, len(words)), lines - 1):
        ends = (0, *cuts, len(words))
        texts = [" ".join(words[a:b]) for a, b in pairwise(ends)]
        width = max(measure(text) for text in texts)
        if width < widest:
            best, widest = texts, width
    return best


def shortened(placement: Placement, metrics: QFontMetricsF, width: float) -> str:
    """The name cut at its end to fit `width`, the tier kept: "Asia licensing of Hal… · T2"."""
    tier = translate("QuadrantMap", " · T{tier}").format(tier=placement.tier)
    room = width - metrics.horizontalAdvance(tier)
    return metrics.elidedText(placement.name, Qt.TextElideMode.ElideRight, room) + tier


def measured(fm: QFontMetricsF) -> Measure:
    """`fm.horizontalAdvance`, asked of Qt once per text. Not `functools.cache`: wrapping a
    PySide method copies its `__doc__`, and shiboken builds the help text of its signature
    for that — loading its signature parser the first time, ≈ 25 ms of Value's first
    showing."""
    widths: dict[str, float] = {}

    def advance(text: str) -> float:
        width = widths.get(text)
        if width is None:
            width = widths[text] = fm.horizontalAdvance(text)
        return width

    return advance

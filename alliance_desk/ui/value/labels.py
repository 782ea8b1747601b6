"""Where the quadrant writes each alliance's name: beside its dot, never over another name, a
quadrant's title or another dot, and never past the chart's edge. A name that cannot be placed
whole is shortened; one that cannot be placed at all is left off (its dot's tooltip names it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from alliance_desk.core.placement import Placement, Quadrant
from alliance_desk.ui.i18n import translate

GAP = 3  # pixels between a dot and its name
LEADING = 3  # pixels kept clear between two names, so they never read as one crowded block
NARROWEST = 100  # a name shortened below this says too little to be worth its room
REACH = 40  # the name in focus may sit this many lines above or below its dot, joined by a line
SHORTER = (220, 170, 130, NARROWEST)  # widths tried, in turn, for a name that does not fit


@dataclass(frozen=True, slots=True)
class Dot:
    placement: Placement
    spot: QPointF
    radius: float

    def rect(self) -> QRectF:
        r = self.radius + 1
        return QRectF(self.spot.x() - r, self.spot.y() - r, 2 * r, 2 * r)


@dataclass(frozen=True, slots=True)
class Label:
    alliance_id: int
    text: str
    rect: QRectF
    whole: bool  # the name is shown in full
    leader: QPointF | None = None  # set when the name sits away from its dot: draw a line to it


def caption(placement: Placement) -> str:
    return f"{placement.name} · T{placement.tier}"


def shortened(placement: Placement, metrics: QFontMetricsF, width: float) -> str:
    """The name cut at its end to fit `width`, the tier kept: "Asia licensing of Hal… · T2"."""
    tier = translate("QuadrantMap", " · T{tier}").format(tier=placement.tier)
    room = width - metrics.horizontalAdvance(tier)
    return metrics.elidedText(placement.name, Qt.TextElideMode.ElideRight, room) + tier


def _farther(dot: Dot, width: float, height: float) -> list[QRectF]:
    """Farther from its dot, a line or more above or below, right or left."""
    x, y, r = dot.spot.x(), dot.spot.y(), dot.radius + GAP + 8
    middle = y - height / 2
    return [
        QRectF(x + dx, middle + sign * lines * height, width, height)
        for lines in range(2, REACH + 1)
        for sign in (-1, 1)
        for dx in (r, -r - width)
    ]


def _spots(dot: Dot, width: float, height: float) -> list[QRectF]:
    """Where a name of this size may go, best first: right, left, then a line above or below
    in line with those (names of alliances on one spot stack as a list), then above and below."""
    x, y, r = dot.spot.x(), dot.spot.y(), dot.radius + GAP
    middle, line = y - height / 2, height + LEADING
    return [
        QRectF(x + r, middle, width, height),
        QRectF(x - r - width, middle, width, height),
        QRectF(x + r, middle - line, width, height),
        QRectF(x + r, middle + line, width, height),
        QRectF(x - r - width, middle - line, width, height),
        QRectF(x - r - width, middle + line, width, height),
        QRectF(x - r, y - r - height, width, height),
        QRectF(x - r, y + r, width, height),
        QRectF(x + r - width, y - r - height, width, height),
        QRectF(x + r - width, y + r, width, height),
    ]


def _clear(rect: QRectF) -> QRectF:
    """A name's place with the room kept around it (names touching edge to edge crowd)."""
    return rect.adjusted(-LEADING, -LEADING + 1, LEADING, LEADING - 1)


def _room_of(other: Dot, dot: Dot) -> QRectF:
    """What a name of `dot` must not cover of `other`: all of it, or only its centre when the
    two touch (a name beside a dot could not otherwise avoid its neighbour)."""
    if other.rect().intersects(dot.rect()):
        return QRectF(other.spot.x() - 1, other.spot.y() - 1, 2, 2)
    return other.rect()


def importance(dot: Dot, focused: int | None) -> tuple:
    """Named first: the alliance in focus, those to manage closely, then by tier and risk."""
    p = dot.placement
    return (
        p.alliance_id != focused,
        p.quadrant is not Quadrant.MANAGE_CLOSELY,
        p.tier,
        -p.risk,
        -p.value,
        p.name,
    )


def place_labels(
    dots: Sequence[Dot],
    area: QRectF,
    metrics: QFontMetricsF,
    bold: QFontMetricsF,
    focused: int | None,
    obstacles: Sequence[QRectF] = (),
) -> list[Label]:
    """A label for each dot that has room for one; none overlaps another, an obstacle or
    another dot, and each lies wholly inside `area`."""
    inside = area.adjusted(1, 1, -1, -1)
    taken: list[QRectF] = []
    labels: list[Label] = []
    for dot in sorted(dots, key=lambda d: importance(d, focused)):
        fm = bold if dot.placement.alliance_id == focused else metrics
        others = [
            _room_of(d, dot) for d in dots if d is not dot and not dot.rect().contains(d.spot)
        ]
        height = fm.height() + 2
        full = caption(dot.placement)
        full_width = fm.horizontalAdvance(full) + 4
        widths = [full_width, *(w for w in SHORTER if w < full_width)]
        tries = [(width, _spots) for width in widths]
        if dot.placement.alliance_id == focused:  # always named, if need be farther away
            tries += [(width, _farther) for width in widths]
        for width, where in tries:
            text = full if width == full_width else shortened(dot.placement, fm, width - 4)
            spot = next(
                (
                    rect
                    for rect in where(dot, width, height)
                    if inside.contains(rect)
                    and not any(_clear(rect).intersects(other) for other in taken)
                    and not any(rect.intersects(other) for other in obstacles)
                    and not any(rect.intersects(other) for other in others)
                ),
                None,
            )
            if spot is not None:
                taken.append(spot)
                leader = dot.spot if where is _farther else None
                labels.append(Label(dot.placement.alliance_id, text, spot, text == full, leader))
                break
    return labels

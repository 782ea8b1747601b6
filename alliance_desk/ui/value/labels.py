"""Where the quadrant writes each alliance's name: beside its dot, never over another name, a
quadrant's title or another dot, and never past the chart's edge. A name with no room on one
line is written on two or three; one that cannot be placed whole is shortened; one that cannot
be placed at all is left off (its dot's tooltip names it)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations, pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF

from alliance_desk.core.placement import Placement, Quadrant
from alliance_desk.ui.i18n import translate

GAP = 3  # pixels between a dot and its name
LEADING = 3  # pixels kept clear between two names, so they never read as one crowded block
NARROWEST = 100  # a name shortened below this says too little to be worth its room
REACH = 40  # the name in focus may sit this many lines above or below its dot, joined by a line
SHORTER = (220, 170, 130, NARROWEST)  # widths tried, in turn, for a name that does not fit
STACKED = 4  # alliances on one spot drawn one under the other; more: one dot with their count


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
    text: str  # on more than one line ("\n" between them) where a long name needs room
    rect: QRectF
    whole: bool  # the name is shown in full
    leader: QPointF | None = None  # set when the name sits away from its dot: draw a line to it
    plate: bool = False  # drawn on a plate of its own over other dots (no free place was left)


def spread(dots: Sequence[Dot], line: float = 0.0, bounds: QRectF | None = None) -> list[Dot]:
    """Dots that would cover one another (alliances with the same value and risk) moved apart
    around their common spot, one under the other (`line` apart at least: a name's height, so
    each name sits beside its own dot), most important on top, kept inside `bounds`: every one
    stays visible and clickable. More than `STACKED` on one spot stay there as one dot, which
    carries their count (the chart draws it; its tooltip names them all). Dots apart already
    are kept where they are."""
    clusters: list[list[Dot]] = []
    # Squares -> the dots filed there, with their cluster. Two dots that cover one another are
    # less than 0.8 × twice the largest radius apart, so in the same or a neighbouring square:
    # a dot joins the first cluster holding a dot it covers, found among the dots near it (not
    # among every dot of every cluster near it: with 600 alliances, many on a few spots, that
    # was ≈ 160,000 comparisons on the first drawing).
    # A cluster's dots on one spot are compared as one, the largest (a dot covers one of them
    # when it covers the largest).
    side = max(16.0, 1.6 * max((dot.radius for dot in dots), default=0.0))
    filed: dict[tuple[int, int], dict[int, dict[tuple[float, float], Dot]]] = {}
    for dot in dots:
        column, row = int(dot.spot.x() // side), int(dot.spot.y() // side)
        near = [filed[s] for s in _around(column, row) if s in filed]
        joined = next(
            (
                index
                for index in sorted({index for square in near for index in square})
                if any(
                    _covers(dot, other)
                    for square in near
                    for other in square.get(index, {}).values()
                )
            ),
            None,
        )
        if joined is None:
            joined = len(clusters)
            clusters.append([])
        clusters[joined].append(dot)
        spots = filed.setdefault((column, row), {}).setdefault(joined, {})
        at = (dot.spot.x(), dot.spot.y())
        if at not in spots or spots[at].radius < dot.radius:
            spots[at] = dot
    moved: dict[int, Dot] = {}
    for cluster in clusters:
        if len(cluster) == 1:
            continue
        x = sum(d.spot.x() for d in cluster) / len(cluster)
        y = sum(d.spot.y() for d in cluster) / len(cluster)
        if len(cluster) > STACKED:  # one dot with a count: a column would run off the chart
            for dot in cluster:
                moved[id(dot)] = Dot(dot.placement, QPointF(x, y), dot.radius)
            continue
        step = max(2 * max(d.radius for d in cluster) + 3, line)
        ordered = sorted(cluster, key=lambda d: importance(d, None))
        top = y - (len(ordered) - 1) / 2 * step
        if bounds is not None:  # the column stays inside the chart
            top = min(max(top, bounds.top()), bounds.bottom() - (len(ordered) - 1) * step)
        for index, dot in enumerate(ordered):
            spot = QPointF(x, top + index * step)
            moved[id(dot)] = Dot(dot.placement, spot, dot.radius)
    return [moved.get(id(dot), dot) for dot in dots]


def _around(x: int, y: int) -> list[tuple[int, int]]:
    return [(x + dx, y + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]


def stacks(dots: Sequence[Dot]) -> list[tuple[QPointF, int]]:
    """Spots holding more than one dot (after `spread`), with how many: each gets a badge."""
    counts: dict[tuple[float, float], int] = {}
    for dot in dots:
        key = (round(dot.spot.x(), 1), round(dot.spot.y(), 1))
        counts[key] = counts.get(key, 0) + 1
    return [(QPointF(*key), count) for key, count in counts.items() if count > 1]


def _covers(dot: Dot, other: Dot) -> bool:
    """The two dots overlap by more than a sliver: one would hide much of the other."""
    gap = ((dot.spot.x() - other.spot.x()) ** 2 + (dot.spot.y() - other.spot.y()) ** 2) ** 0.5
    return gap < 0.8 * (dot.radius + other.radius)


def caption(placement: Placement) -> str:
    return translate("QuadrantMap", "{name} · T{tier}").format(
        name=placement.name, tier=placement.tier
    )


def wrapped(placement: Placement, metrics: QFontMetricsF, lines: int) -> list[str]:
    """The caption on `lines` lines, broken between words where the widest line is narrowest
    (the tier stays with the last word); [] when the name has too few words."""
    words = placement.name.split()
    if len(words) < lines:
        return []
    words[-1] += translate("QuadrantMap", " · T{tier}").format(tier=placement.tier)
    best: list[str] = []
    widest = float("inf")
    for cuts in combinations(range(1, len(words)), lines - 1):
        ends = (0, *cuts, len(words))
        texts = [" ".join(words[a:b]) for a, b in pairwise(ends)]
        width = max(metrics.horizontalAdvance(text) for text in texts)
        if width < widest:
            best, widest = texts, width
    return best


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


def _beside(dot: Dot, width: float, height: float) -> list[QRectF]:
    """Right or left of its dot, on its line: where a name reads as the dot's own (a long
    name rather wraps there than moves a line up or down)."""
    return _spots(dot, width, height)[:2]


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


WIDE, HIGH = 128.0, 32.0  # pixels: the squares of the chart the look-ups below are filed under


class _Grid:
    """Rectangles filed by the squares of the chart they cover: what could overlap a rectangle
    is looked up among those filed where it lies, not among every one on the chart (with 600
    alliances that was ≈ 1 s on the first drawing)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list] = {}

    @staticmethod
    def _squares(rect: QRectF) -> list[tuple[int, int]]:
        left, right = int(rect.left() // WIDE), int(rect.right() // WIDE)
        top, bottom = int(rect.top() // HIGH), int(rect.bottom() // HIGH)
        return [(x, y) for x in range(left, right + 1) for y in range(top, bottom + 1)]

    def add(self, rect: QRectF, item: object) -> None:
        for square in self._squares(rect):
            self.cells.setdefault(square, []).append(item)

    def near(self, rect: QRectF) -> Iterator:
        """What was filed under the squares `rect` touches (an item may come more than once)."""
        cells = self.cells
        for square in self._squares(rect):
            yield from cells.get(square, ())


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
    taken = _Grid()  # the names placed so far
    placed_dots = _Grid()
    for dot in dots:
        rect = dot.rect()
        centre = QRectF(dot.spot.x() - 1, dot.spot.y() - 1, 2, 2)
        placed_dots.add(rect, (dot, rect, centre))
    labels: list[Label] = []
    # Places found taken, by place, dot's rectangle and `over_dots`: names are only ever added,
    # so a place once taken stays taken for a dot of the same rectangle (the dots on one spot
    # try the same places in turn: with 600 alliances that was most of the first drawing).
    refused: set[tuple] = set()

    def free(rect: QRectF, dot: Dot, own: QRectF, over_dots: bool = False) -> bool:
        key = (
            rect.x(),
            rect.y(),
            rect.width(),
            rect.height(),
            own.x(),
            own.y(),
            own.width(),
            over_dots,
        )
        if key in refused:
            return False
        if _free(rect, dot, own, over_dots):
            return True
        refused.add(key)
        return False

    def _free(rect: QRectF, dot: Dot, own: QRectF, over_dots: bool) -> bool:
        """`rect` is inside the chart and covers no name, obstacle or (unless `over_dots`)
        other dot (of a dot touching `dot`, only its centre: see `_room_of`)."""
        if not inside.contains(rect):
            return False
        if any(rect.intersects(other) for other in obstacles):
            return False
        room = _clear(rect)  # names keep LEADING apart; titles may be closer
        if any(room.intersects(other) for other in taken.near(room)):
            return False
        return over_dots or not any(
            rect.intersects(centre if other_rect.intersects(own) else other_rect)
            for other, other_rect, centre in placed_dots.near(rect)
            if other is not dot and not own.contains(other.spot)
        )

    for dot in sorted(dots, key=lambda d: importance(d, focused)):
        fm = bold if dot.placement.alliance_id == focused else metrics
        own = dot.rect()
        line = fm.height() + 2
        full = caption(dot.placement)
        # Whole first: on one line, then on two or three (a long name beside a dot near the
        # chart's edge); shortened only where none of those has room.
        whole = [[full], *(wrapped(dot.placement, fm, n) for n in (2, 3))]
        texts = [lines for lines in whole if lines]
        full_width = fm.horizontalAdvance(full) + 4
        sizes = [
            (max(fm.horizontalAdvance(text) for text in lines) + 4, lines) for lines in texts
        ] + [(width, []) for width in SHORTER if width < full_width]
        tries = [(size, _beside, False) for size in sizes[: len(texts)]]
        tries += [(size, _spots, False) for size in sizes]
        if dot.placement.alliance_id == focused:  # always named: farther away, or at worst
            tries += [(size, _farther, False) for size in sizes]  # on a plate over dots
            tries += [(size, where, True) for size, where, _over in tries]
        for (width, lines), where, over in tries:
            height = line + fm.lineSpacing() * (max(len(lines), 1) - 1)
            spot = next(
                (rect for rect in where(dot, width, height) if free(rect, dot, own, over)), None
            )
            if spot is not None:
                text = "\n".join(lines) if lines else shortened(dot.placement, fm, width - 4)
                taken.add(spot, spot)
                leader = dot.spot if where is _farther else None
                labels.append(
                    Label(dot.placement.alliance_id, text, spot, bool(lines), leader, over)
                )
                break
    return labels

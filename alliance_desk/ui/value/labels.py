"""Where the quadrant writes each alliance's name: beside its dot, never over another name, a
quadrant's title or another dot, and never past the chart's edge. A name with no room on one
line is written on two or three; one that cannot be placed whole is shortened; one that cannot
be placed at all is left off (its dot's tooltip names it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import hypot

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from alliance_desk.core.placement import Placement, Quadrant
from alliance_desk.ui.value.label_text import caption, measured, shortened, wrapped

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


def leader_end(rect: QRectF, dot: QPointF) -> QPointF:
    """Where the line from a dot meets its name: the near end of the name's middle line, or,
    for a name right above or below the dot, the edge facing it, straight over the dot."""
    if rect.left() <= dot.x() <= rect.right():
        return QPointF(dot.x(), rect.top() if dot.y() < rect.top() else rect.bottom())
    return QPointF(rect.left() if rect.left() > dot.x() else rect.right(), rect.center().y())


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


# The places tried are plain numbers, not QRectF: each QRectF made or asked for an edge is a
# call into Qt, and 600 names try ≈ 50,000 places (most of placing them went on those calls).
# A QRectF is made only for the place a name takes.
Rect = tuple[float, float, float, float]  # x, y, width, height: as QRectF(x, y, width, height)
Box = tuple[float, float, float, float]  # its left, top, right and bottom, as Qt finds them
Spot = tuple[float, float, float]  # a dot's centre and radius
Own = tuple[tuple[float, float, float], Box | None]  # a dot's x, y and width, and its box


def _box(rect: Rect) -> Box | None:
    """The edges QRectF(*rect) compares (right = x + width, a negative size reaching left or
    up), None when it is empty: as QRectF's `intersects` and `contains` do, step for step, so
    every comparison comes out as Qt's would, to the last bit."""
    x, y, width, height = rect
    left = right = x
    if width < 0:
        left += width
    else:
        right += width
    top = bottom = y
    if height < 0:
        top += height
    else:
        bottom += height
    if left == right or top == bottom:
        return None  # an empty rectangle is inside nothing and overlaps nothing
    return left, top, right, bottom


def _overlap(a: Box, b: Box) -> bool:
    """QRectF.intersects: the two share more than an edge."""
    return not (a[0] >= b[2] or b[0] >= a[2] or a[1] >= b[3] or b[1] >= a[3])


def _clear(rect: Rect) -> Rect:
    """A name's place with the room kept around it (names touching edge to edge crowd): as
    QRectF.adjusted(-LEADING, -LEADING + 1, LEADING, LEADING - 1) computes it."""
    x, y, width, height = rect
    x1, y1, x2, y2 = -LEADING, -LEADING + 1, LEADING, LEADING - 1
    return x + x1, y + y1, width + x2 - x1, height + y2 - y1


def _farther(at: Spot, width: float, height: float) -> list[Rect]:
    """Farther from its dot, a line or more above or below, right or left."""
    x, y, r = at[0], at[1], at[2] + GAP + 8
    middle = y - height / 2
    return [
        (x + dx, middle + sign * lines * height, width, height)
        for lines in range(2, REACH + 1)
        for sign in (-1, 1)
        for dx in (r, -r - width)
    ]


def _spots(at: Spot, width: float, height: float) -> list[Rect]:
    """Where a name of this size may go, best first: right, left, then a line above or below
    in line with those (names of alliances on one spot stack as a list), then above and below."""
    x, y, r = at[0], at[1], at[2] + GAP
    middle, line = y - height / 2, height + LEADING
    return [
        (x + r, middle, width, height),
        (x - r - width, middle, width, height),
        (x + r, middle - line, width, height),
        (x + r, middle + line, width, height),
        (x - r - width, middle - line, width, height),
        (x - r - width, middle + line, width, height),
        (x - r, y - r - height, width, height),
        (x - r, y + r, width, height),
        (x + r - width, y - r - height, width, height),
        (x + r - width, y + r, width, height),
    ]


def _aslant(rect: Rect, at: Spot) -> bool:
    """A name a line above or below its dot and to its side: read as the neighbour's as
    often as its own ("Eastern Europe …" up and right of its dot, over the next one), so it
    gets a line to its dot as a name placed farther away does."""
    x, y, width, height = rect
    return not (y <= at[1] <= y + height) and not (x <= at[0] <= x + width)


def _between(rect: Rect, at: Spot, others: Iterable[tuple[float, float]]) -> bool:
    """A name above or below its dot with another dot as near it as its own: at 1024x700
    "Eastern Europe commercialisation · T2" sat right under its dot and right over the next
    one, and which name was which dot's was a guess. Such a name gets a line to its dot."""
    x, y, width, height = rect
    if y <= at[1] <= y + height:
        return False  # on its dot's line, beside it: read as its own

    def gap(px: float, py: float) -> float:
        dx, dy = max(x - px, 0.0, px - x - width), max(y - py, 0.0, py - y - height)
        return hypot(dx, dy)

    mine = gap(at[0], at[1])
    return any(gap(px, py) <= mine + LEADING for px, py in others)


def _beside(at: Spot, width: float, height: float) -> list[Rect]:
    """Right or left of its dot, on its line: where a name reads as the dot's own (a long
    name rather wraps there than moves a line up or down)."""
    return _spots(at, width, height)[:2]


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
    def _squares(rect: Rect) -> list[tuple[int, int]]:
        x, y, width, height = rect  # QRectF's left() to right() is x to x + width
        left, right = int(x // WIDE), int((x + width) // WIDE)
        top, bottom = int(y // HIGH), int((y + height) // HIGH)
        return [(c, r) for c in range(left, right + 1) for r in range(top, bottom + 1)]

    def add(self, rect: Rect, item: object) -> None:
        for square in self._squares(rect):
            self.cells.setdefault(square, []).append(item)

    def near(self, rect: Rect) -> Iterator:
        """What was filed under the squares `rect` touches (an item may come more than once)."""
        cells = self.cells
        for square in self._squares(rect):
            yield from cells.get(square, ())


def _rect(rect: QRectF) -> Rect:
    return rect.x(), rect.y(), rect.width(), rect.height()


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
    inside = _box(_rect(area.adjusted(1, 1, -1, -1)))
    walls = [box for box in (_box(_rect(rect)) for rect in obstacles) if box is not None]
    taken = _Grid()  # the names placed so far, by their boxes
    placed_dots = _Grid()
    spots: dict[int, Spot] = {}  # by id(dot): its centre and radius, asked of Qt once
    for dot in dots:
        x, y = dot.spot.x(), dot.spot.y()
        spots[id(dot)] = (x, y, dot.radius)
        r = dot.radius + 1  # as Dot.rect()
        rect = (x - r, y - r, 2 * r, 2 * r)
        centre = _box((x - 1, y - 1, 2, 2))
        placed_dots.add(rect, (dot, _box(rect), centre, x, y))
    labels: list[Label] = []
    # Places found taken, by place, dot's rectangle and `over_dots`: names are only ever added,
    # so a place once taken stays taken for a dot of the same rectangle (the dots on one spot
    # try the same places in turn: with 600 alliances that was most of the first drawing).
    refused: set[tuple] = set()

    def free(rect: Rect, dot: Dot, own: Own, over_dots: bool = False) -> bool:
        key = (rect, own[0], over_dots)
        if key in refused:
            return False
        if _free(rect, dot, own[1], over_dots):
            return True
        refused.add(key)
        return False

    def _free(rect: Rect, dot: Dot, mine: Box | None, over_dots: bool) -> bool:
        """`rect` is inside the chart and covers no name, obstacle or (unless `over_dots`)
        other dot (of a dot touching `dot`'s box `mine`, only its centre: a name beside a dot
        could not otherwise avoid its neighbour)."""
        box = _box(rect)
        if box is None or inside is None:  # QRectF.contains: nothing holds an empty one
            return False
        if box[0] < inside[0] or box[2] > inside[2] or box[1] < inside[1] or box[3] > inside[3]:
            return False
        if any(_overlap(box, wall) for wall in walls):
            return False
        room = _clear(rect)  # names keep LEADING apart; titles may be closer
        clear = _box(room)
        if clear is not None and any(_overlap(clear, other) for other in taken.near(room)):
            return False
        if over_dots:
            return True
        for other, other_box, centre, x, y in placed_dots.near(rect):
            if other is dot or other_box is None:
                continue
            if mine is not None and mine[0] <= x <= mine[2] and mine[1] <= y <= mine[3]:
                continue  # on `dot`'s own spot (QRectF.contains of a point)
            touching = mine is not None and _overlap(other_box, mine)
            covered = centre if touching else other_box
            if covered is not None and _overlap(box, covered):
                return False
        return True

    # Per font: a name's height on one line, the next lines', and its measure, asked of Qt once
    # per text (each name measured whole, on two and on three lines asked Qt ≈ 8,400 times for
    # 600 names: a sixth of placing them).
    fonts = {id(fm): (fm.height() + 2, fm.lineSpacing(), measured(fm)) for fm in (metrics, bold)}
    for dot in sorted(dots, key=lambda d: importance(d, focused)):
        fm = bold if dot.placement.alliance_id == focused else metrics
        line, spacing, advance = fonts[id(fm)]
        at = spots[id(dot)]
        r = dot.radius + 1
        mark = (at[0] - r, at[1] - r, 2 * r, 2 * r)  # as Dot.rect()
        own = (mark[:3], _box(mark))  # x, y and width: what `refused` files it by; its box
        full = caption(dot.placement)
        # Whole first: on one line, then on two or three (a long name beside a dot near the
        # chart's edge); shortened only where none of those has room.
        whole = [[full], *(wrapped(dot.placement, fm, n, advance) for n in (2, 3))]
        texts = [lines for lines in whole if lines]
        full_width = advance(full) + 4
        sizes = [(max(advance(text) for text in lines) + 4, lines) for lines in texts] + [
            (width, []) for width in SHORTER if width < full_width
        ]
        tries = [(size, _beside, False) for size in sizes[: len(texts)]]
        tries += [(size, _spots, False) for size in sizes]
        if dot.placement.alliance_id == focused:  # always named: farther away, or at worst
            tries += [(size, _farther, False) for size in sizes]  # on a plate over dots
            tries += [(size, where, True) for size, where, _over in tries]
        for (width, lines), where, over in tries:
            height = line + spacing * (max(len(lines), 1) - 1)
            spot = next(
                (rect for rect in where(at, width, height) if free(rect, dot, own, over)), None
            )
            if spot is not None:
                text = "\n".join(lines) if lines else shortened(dot.placement, fm, width - 4)
                found = _box(spot)
                taken.add(spot, found)
                near = _clear((spot[0], spot[1] - line, spot[2], spot[3] + 2 * line))
                others = [
                    (x, y)
                    for other, _box_, _centre, x, y in placed_dots.near(near)
                    if other is not dot and (x, y) != at[:2]
                ]
                joined = where is _farther or _aslant(spot, at) or _between(spot, at, others)
                leader = dot.spot if joined else None
                labels.append(
                    Label(dot.placement.alliance_id, text, QRectF(*spot), bool(lines), leader, over)
                )
                break
    return labels

"""The quadrant places names by comparing plain numbers, not QRectF (to spare 50,000 calls into
Qt with 600 alliances): those comparisons must come out as Qt's, to the last bit, or a name
would move or vanish. Rectangles that touch edge to edge, empty ones, negative sizes and
fractions that round differently are all compared with what QRectF says."""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF, QRectF

from alliance_desk.ui.value.labels import LEADING, _box, _clear, _overlap


def _rects(count: int) -> list[tuple[float, float, float, float]]:
    """Rectangles on a coarse grid (edges meet, sizes are zero or negative), across the chart,
    and small ones whose sums round differently depending on the order they are added in."""
    pick = random.Random(7)
    near = (-1.0, 0.0, 0.5, 1.0, 2.0, 2.5, 3.0)
    kinds = (
        lambda: tuple(pick.choice(near) for _ in range(4)),
        lambda: (pick.uniform(-50, 900), pick.uniform(-50, 700), pick.uniform(0, 300), 17.3),
        lambda: tuple(pick.choice((-1, 1)) * pick.uniform(0, 3) for _ in range(4)),
    )
    return [kinds[index % 3]() for index in range(count)]


def test_label_places_compare_as_qrectf_does() -> None:
    rects = _rects(90)
    for a in rects:
        for b in rects:
            qa, qb = QRectF(*a), QRectF(*b)
            box_a, box_b = _box(a), _box(b)
            overlap = box_a is not None and box_b is not None and _overlap(box_a, box_b)
            assert overlap == qa.intersects(qb), (a, b)
            holds = (
                box_a is not None
                and box_b is not None
                and not (box_b[0] < box_a[0] or box_b[2] > box_a[2])
                and not (box_b[1] < box_a[1] or box_b[3] > box_a[3])
            )
            assert holds == qa.contains(qb), (a, b)
            x, y = b[0], b[1]
            point = box_a is not None and box_a[0] <= x <= box_a[2] and box_a[1] <= y <= box_a[3]
            assert point == qa.contains(QPointF(x, y)), (a, b)


def test_a_label_keeps_its_room_as_qrectf_adjusted_does() -> None:
    for rect in _rects(2000):
        room = QRectF(*rect).adjusted(-LEADING, -LEADING + 1, LEADING, LEADING - 1)
        assert _clear(rect) == room.getRect()
        assert _box(_clear(rect)) in (None, (room.left(), room.top(), room.right(), room.bottom()))

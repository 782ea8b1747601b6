"""The risk × value quadrant stays readable on a laptop: at 1024×700 and 1440×900, with the demo
portfolio and with sixty alliances crowded together, no name is written over another name, a
quadrant's title or another alliance's dot, and none is cut by the chart's edge."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from alliance_desk.core.placement import Placement, RiskFactors
from alliance_desk.ui.theme import colours
from alliance_desk.ui.value.label_text import caption
from alliance_desk.ui.value.labels import leader_end
from tests.ui.test_fits import SIZES, settle

NAMES = (
    "Asia licensing of Halcyon immunology portfolio",
    "HALO-7 oncology co-development",
    "Companion diagnostic for HALO-7",
    "Eastern Europe commercialisation",
    "Biomarker research consortium",
    "Hospital network distribution pilot",
    "株式会社 北斗 co-promotion Japan",
    "Trial-site analytics platform",
)


def crowded(count: int = 60) -> list[Placement]:
    """`count` alliances, most bunched in the low corner and several on the very same spot, as
    a real portfolio of many small alliances is."""
    pick = random.Random(19)
    placements = []
    for index in range(count):
        if index % 6 == 0:
            value, risk = 1.5, 1.0  # the same spot as each other
        elif index % 3 == 0:
            value, risk = pick.uniform(3, 5), pick.uniform(3, 5)
        else:
            value, risk = pick.uniform(1, 2.5), pick.uniform(1, 2.2)
        placements.append(_placed(index, value, risk, 1))
    return placements


@pytest.fixture
def quadrant(demo_window):
    demo_window.show_section("value")
    tab = demo_window.value.quadrant
    demo_window.value.tabs.setCurrentWidget(tab)
    return demo_window, tab


def assert_names_readable(chart) -> None:
    labels = chart.labels()
    titles = [rect for _quadrant, rect in chart.corner_titles()]
    frame = QRectF(chart.rect()).intersected(chart._area())
    found = []
    for index, label in enumerate(labels):
        if not frame.contains(label.rect):
            found.append(f"{label.text!r} is cut by the chart's edge")
        found += [
            f"{label.text!r} overlaps {other.text!r}"
            for other in labels[index + 1 :]
            if label.rect.intersects(other.rect)
        ]
        found += [  # names edge to edge read as one crowded block
            f"{label.text!r} touches {other.text!r}"
            for other in labels[index + 1 :]
            if label.rect.adjusted(-2, -2, 2, 2).intersects(other.rect)
            and not label.rect.intersects(other.rect)
        ]
        found += [
            f"{label.text!r} covers a quadrant's title" for t in titles if label.rect.intersects(t)
        ]
        found += [
            f"{label.text!r} covers the dot of {dot.placement.name!r}"
            for dot in chart.dots()
            if dot.placement.alliance_id != label.alliance_id and label.rect.contains(dot.spot)
            if not label.plate  # drawn on its own ground over the dots (asserted where used)
        ]
        font = QFont(chart.font())
        font.setBold(label.alliance_id == chart.focused)  # the alliance in focus is in bold
        metrics = QFontMetricsF(font)
        lines = label.text.split("\n")
        if any(metrics.horizontalAdvance(line) > label.rect.width() for line in lines):
            found.append(f"{label.text!r} is wider than its place")
        if metrics.height() + metrics.lineSpacing() * (len(lines) - 1) > label.rect.height():
            found.append(f"{label.text!r} is taller than its place")
    for title in titles:
        if not frame.contains(title):
            found.append("a quadrant's title is cut by the chart's edge")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("focus", ["all", "halo"])
def test_the_demo_portfolio_names_every_alliance_without_overlap(quadrant, size, focus) -> None:
    window, tab = quadrant
    if focus == "halo":
        halo = next(p for p in tab.map.placements if p.name.startswith("HALO-7"))
        window.desk.select_alliance(halo.alliance_id)
    window.resize(*size)
    settle()
    assert_names_readable(tab.map)
    assert len(tab.map.labels()) == len(tab.map.placements), "every demo alliance is named"
    assert not tab.unnamed.isVisible()
    # each name read whole ("Asia licensing of Halc… · T2" said little), on a line or more
    names = {p.alliance_id: caption(p) for p in tab.map.placements}
    for label in tab.map.labels():
        assert label.whole, f"{label.text!r} is shortened"
        assert " ".join(label.text.split("\n")) == names[label.alliance_id]
        assert len(label.text.split("\n")) <= 3


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sixty_alliances_never_overlap_and_the_rest_are_a_hover_away(quadrant, size) -> None:
    window, tab = quadrant
    window.resize(*size)
    many = crowded()
    tab.map.set_placements(many, many[0].alliance_id)
    settle()
    assert_names_readable(tab.map)
    named = {label.alliance_id for label in tab.map.labels()}
    assert many[0].alliance_id in named, "the alliance in focus is always named"
    assert 10 <= len(named) < len(many)
    settle()
    assert tab.unnamed.isVisible()
    assert f"{len(named)} of 60" in tab.unnamed.text()
    # An unnamed alliance's dot names it, with every alliance on the same spot.
    hidden = next(p for p in many if p.alliance_id not in named and p.value == 1.5 == p.risk + 0.5)
    tip = tab.map.describe(tab.map.near(tab.map.point_of(hidden)))
    together = [p for p in many if (p.value, p.risk) == (hidden.value, hidden.risk)]
    assert len(together) == 10 and all(p.name in tip for p in together)


def spread(count: int) -> list[Placement]:
    """`count` alliances over the whole chart, a tenth of them on a few shared spots."""
    pick = random.Random(count)
    spots = [
        ((1.5, 1.0) if index % 20 else (4.0, 4.0))
        if index % 10 == 0
        else (pick.uniform(1, 5), pick.uniform(1, 5))
        for index in range(count)
    ]
    return [_placed(index, value, risk, 2) for index, (value, risk) in enumerate(spots)]


def _placed(index: int, value: float, risk: float, digits: int) -> Placement:
    name = f"{NAMES[index % len(NAMES)]} {index}"
    value, risk = round(value, digits), round(risk, digits)
    return Placement(index + 1, name, 1 + index % 3, value, risk, 0.0, RiskFactors())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_six_hundred_alliances_are_named_without_overlap(quadrant, size) -> None:
    """Ten times the heavy portfolio: names are found by where they would go (not by testing
    each against every other), and still none covers another name, a title or a dot."""
    window, tab = quadrant
    window.resize(*size)
    many = spread(600)
    focused = many[123]
    tab.map.set_placements(many, focused.alliance_id)
    settle()
    assert_names_readable(tab.map)
    labels = tab.map.labels()
    named = {label.alliance_id for label in labels}
    assert focused.alliance_id in named, "the alliance in focus is always named"
    assert 2 <= len(named) < len(many)
    plated = [label for label in labels if label.plate]
    assert all(label.alliance_id == focused.alliance_id for label in plated), (
        "only the alliance in focus may be written over other dots"
    )
    if plated:  # drawn on its own ground: the chart's base colour fills the name's place
        image = tab.map.grab().toImage()
        rect = plated[0].rect.toRect().adjusted(2, 2, -2, -2)
        corner = image.pixelColor(rect.right(), rect.bottom())
        assert corner == colours().base, "a name over other dots sits on the chart's ground"


def _visible(dot, dots) -> bool:
    """Its centre is not under another dot: the eye finds it."""
    return not any(
        other is not dot
        and (other.spot.x() - dot.spot.x()) ** 2 + (other.spot.y() - dot.spot.y()) ** 2
        < other.radius**2
        for other in dots
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_alliances_on_one_spot_each_have_a_dot_beside_their_name(quadrant, size) -> None:
    """Two demo alliances share a value and a risk (1.5, 1.0): each gets a dot of its own,
    its centre clear of the other, its name beside it, and a click on it picks that alliance."""
    window, tab = quadrant
    window.resize(*size)
    settle()
    chart = tab.map
    spots = {p.alliance_id: chart.point_of(p) for p in chart.placements}
    same = [  # where value and risk alone would put them: one dot on top of the other
        (p, q)
        for i, p in enumerate(chart.placements)
        for q in chart.placements[i + 1 :]
        if (spots[p.alliance_id] - spots[q.alliance_id]).manhattanLength() < 4
    ]
    assert len(same) == 1, "the demo puts two alliances on one spot"
    same = list(same[0])
    dots = {d.placement.alliance_id: d for d in chart.dots()}
    first, second = (dots[p.alliance_id] for p in same)
    assert first.spot != second.spot and _visible(first, dots.values())
    assert _visible(second, dots.values())
    area = chart._plot().adjusted(-1, -1, 1, 1)
    labels = {label.alliance_id: label for label in chart.labels()}
    for dot in (first, second):
        assert area.contains(dot.spot)
        assert chart.at(dot.spot) is dot.placement
        label = labels[dot.placement.alliance_id]
        # its name on the dot's line, just right or left of it: read as the dot's own
        assert abs(label.rect.center().y() - dot.spot.y()) < 2, (label.text, dot.spot)
        gap = min(abs(label.rect.left() - dot.spot.x()), abs(label.rect.right() - dot.spot.x()))
        assert gap <= dot.radius + 6
    assert not chart.badges(), "two on a spot are stacked, not counted"
    assert_names_readable(chart)


def test_many_alliances_on_one_spot_carry_their_count(quadrant) -> None:
    """Ten alliances on one spot would make a column off the chart: one dot with a badge
    saying 10, clear of every name, whose tooltip names all ten."""
    window, tab = quadrant
    window.resize(1024, 681)
    many = crowded()
    tab.map.set_placements(many, many[0].alliance_id)
    settle()
    badges = tab.map.badges()
    assert [count for _rect, count in badges] == [10]
    rect = badges[0][0]
    assert not any(label.rect.intersects(rect) for label in tab.map.labels())
    assert_names_readable(tab.map)


def test_six_hundred_dots_on_a_few_spots_are_gathered_by_their_neighbours(
    qapp, monkeypatch
) -> None:
    """Gathering the dots that would cover one another compares each dot with the spots near
    it, not with every dot of the clusters near it: beside a spot holding hundreds of dots,
    each dot near it but not on it was compared with all of them (≈ 160,000 comparisons,
    a quarter of a second on the first drawing at ten times). The same clusters result."""
    from PySide6.QtCore import QPointF

    from alliance_desk.ui.value import labels

    # Three hundred on one spot, and seventy-five on each of four spots around it: near enough
    # to be looked at, too far to cover it or one another (as values rounded to a tenth fall).
    around = [(300.0, 200.0), (314.0, 200.0), (286.0, 200.0), (300.0, 214.0), (300.0, 186.0)]
    dots = []
    for index in range(600):
        x, y = around[0] if index % 2 else around[1 + index // 2 % 4]
        placed = _placed(index, 1.0, 1.0, 1)
        dots.append(labels.Dot(placed, QPointF(x, y), 4 + (4 - placed.tier)))
    compared: list[int] = []
    covers = labels._covers
    monkeypatch.setattr(labels, "_covers", lambda a, b: compared.append(1) or covers(a, b))
    spread = labels.spread(dots, 19.0, QRectF(0, 0, 900, 500))
    assert len(compared) < 10 * len(dots)
    # Each spot's dots are one stack, drawn as one dot with their count.
    assert sorted(count for _spot, count in labels.stacks(spread)) == [75, 75, 75, 75, 300]
    # Naming them: the dots of one spot try the same places in turn, and a place found taken
    # is not looked at again (each look was a search of the names and dots around it: 44,000
    # searches for these 600 dots).
    looked: list[int] = []
    near = labels._Grid.near
    monkeypatch.setattr(
        labels._Grid, "near", lambda grid, rect: looked.append(1) or near(grid, rect)
    )
    font = QFont()
    bold = QFont(font)
    bold.setBold(True)
    named = labels.place_labels(
        spread, QRectF(0, 0, 900, 500), QFontMetricsF(font), QFontMetricsF(bold), None
    )
    assert 5 <= len(named) <= 25  # a few names around the crowd; the rest are a hover away
    assert len(looked) < 10 * len(dots)


def _named_at(quadrant, size):
    """The chart at `size`, and each name it writes with its own dot's centre."""
    window, tab = quadrant
    window.resize(*size)
    settle()
    chart = tab.map
    dots = {d.placement.alliance_id: d for d in chart.dots()}
    return chart, [(label, dots[label.alliance_id].spot) for label in chart.labels()]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_name_set_aslant_from_its_dot_has_a_line_to_it(quadrant, size) -> None:
    """At 1024x700 "Eastern Europe commercialisation · T2" sat a line up and right of its dot,
    over the next alliance's: which bubble was which was a guess. A name neither on its dot's
    line nor right above or below it has a line drawn to its dot."""
    chart, named = _named_at(quadrant, size)
    aslant = 0
    for label, spot in named:
        rect = label.rect
        beside = rect.top() <= spot.y() <= rect.bottom()
        over_or_under = rect.left() <= spot.x() <= rect.right()
        if not beside and not over_or_under:
            aslant += 1
            assert label.leader == spot, label.text
    for label in chart.labels():  # and only those, or those set farther away
        if label.leader is not None:
            assert not label.rect.contains(label.leader), label.text


def _gap(rect: QRectF, x: float, y: float) -> float:
    dx = max(rect.left() - x, 0.0, x - rect.right())
    dy = max(rect.top() - y, 0.0, y - rect.bottom())
    return (dx * dx + dy * dy) ** 0.5


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_name_between_two_dots_has_a_line_to_its_own(quadrant, size) -> None:
    """At 1024x700 "Eastern Europe commercialisation · T2" sat right under its dot and right
    over the next alliance's, as near one as the other. A name off its dot's line that some
    other dot is as near as its own has a line to its dot, which meets the name's edge."""
    chart, named = _named_at(quadrant, size)
    between = 0
    for label, spot in named:
        rect = label.rect
        if rect.top() <= spot.y() <= rect.bottom():
            continue  # beside its dot
        mine = _gap(rect, spot.x(), spot.y())
        rivals = [
            d.placement.name
            for d in chart.dots()
            if d.placement.alliance_id != label.alliance_id
            and _gap(rect, d.spot.x(), d.spot.y()) <= mine + 3
        ]
        if rivals:
            between += 1
            assert label.leader == spot, (label.text, rivals)
            end = leader_end(rect, spot)
            assert abs(_gap(rect, end.x(), end.y())) < 0.01, "the line reaches the name"
    if size == (1024, 700):
        assert between, "the demo at this size has such a name (the case this guards)"


def test_a_line_to_a_name_right_under_its_dot_runs_straight_down() -> None:
    from PySide6.QtCore import QPointF

    under = QRectF(90, 120, 200, 16)
    assert leader_end(under, QPointF(100, 110)) == QPointF(100, 120)
    assert leader_end(under, QPointF(100, 150)) == QPointF(100, 136)
    assert leader_end(under, QPointF(300, 100)) == QPointF(290, 128)
    assert leader_end(under, QPointF(50, 100)) == QPointF(90, 128)

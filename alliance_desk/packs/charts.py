"""Charts in a pack: bars, a line over time, and the 5 × 5 grid (people by power and
interest, alliances by risk and value). Labels are drawn one font each (see text.font_for)."""

from __future__ import annotations

from itertools import pairwise

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from alliance_desk.core.packs import BarChart, Grid, LineChart, SmallCharts
from alliance_desk.packs.text import font_for, visual

ACCENT = colors.HexColor("#2f6f8f")
INK = colors.HexColor("#1f2a33")
MUTED = colors.HexColor("#5c6b77")
RULE = colors.HexColor("#d5dde3")
SIDES = {"internal": colors.HexColor("#2f6f8f"), "partner": colors.HexColor("#c0772b")}


def bar_chart(block: BarChart, width: float) -> Drawing:
    drawing = Drawing(width, 210)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 60, width - 60, 120
    chart.data = [list(values) for _, values in block.series]
    chart.categoryAxis.categoryNames = [visual(str(name)) for name in block.categories]
    chart.categoryAxis.labels.angle = 30
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontName = "DejaVu"
    for index, name in enumerate(block.categories):  # one font per label: CJK names too
        chart.categoryAxis.labels[index].fontName = font_for(str(name))
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontName = "DejaVu"
    chart.valueAxis.valueMin = 0
    palette = [ACCENT, SIDES["partner"], colors.HexColor("#6b8f3a")]
    for index in range(len(block.series)):
        chart.bars[index].fillColor = palette[index % len(palette)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    drawing.height = 230
    drawing.add(
        String(0, 218, visual(block.title), fontName="DejaVu-Bold", fontSize=9, fillColor=INK)
    )
    x = 0
    for index, (name, _) in enumerate(block.series):
        drawing.add(Rect(x, 202, 8, 8, fillColor=palette[index % len(palette)], strokeColor=None))
        drawing.add(
            String(x + 11, 203, visual(name), fontName=font_for(name), fontSize=7, fillColor=MUTED)
        )
        x += 150
    return drawing


def line_chart(block: LineChart, width: float) -> Drawing:
    drawing = Drawing(width, 160)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, 100
    chart.data = [[value for _, value in block.points]]
    chart.categoryAxis.categoryNames = [visual(label) for label, _ in block.points]
    chart.categoryAxis.labels.fontName = "DejaVu"
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = block.low, block.high
    chart.valueAxis.labels.fontName = "DejaVu"
    chart.lines[0].strokeColor = ACCENT
    chart.lines[0].strokeWidth = 2
    drawing.add(chart)
    drawing.add(String(0, 145, block.title, fontName="DejaVu-Bold", fontSize=9, fillColor=INK))
    return drawing


def grid(block: Grid, width: float) -> Drawing:
    """A small power × interest map; people sharing a cell are spread out inside it."""
    size = min(width, 320)
    cell = (size - 30) / 5
    drawing = Drawing(width, size + 20)
    left, bottom = 30, 20
    for i in range(6):
        drawing.add(
            Line(left + i * cell, bottom, left + i * cell, bottom + 5 * cell, strokeColor=RULE)
        )
        drawing.add(
            Line(left, bottom + i * cell, left + 5 * cell, bottom + i * cell, strokeColor=RULE)
        )
    split = 3 * cell
    drawing.add(Line(left + split, bottom, left + split, bottom + 5 * cell, strokeColor=MUTED))
    drawing.add(Line(left, bottom + split, left + 5 * cell, bottom + split, strokeColor=MUTED))
    drawing.add(String(left, 4, block.across, fontName="DejaVu", fontSize=7, fillColor=MUTED))
    drawing.add(
        String(0, bottom + 5 * cell + 4, block.up, fontName="DejaVu", fontSize=7, fillColor=MUTED)
    )
    groups: dict[tuple[int, int], list] = {}
    for person in block.people:
        groups.setdefault((person[1], person[2]), []).append(person)
    for (power, interest), people in groups.items():
        for index, (name, _, _, side) in enumerate(people[:6]):
            x = left + (interest - 0.5) * cell
            y = bottom + (power - 1) * cell + cell - 9 - index * (cell / 6.2)
            drawing.add(
                Circle(
                    x - cell / 2 + 6,
                    y + 2.5,
                    2.6,
                    fillColor=SIDES.get(side, MUTED),
                    strokeColor=None,
                )
            )
            label = name if len(name) <= 16 else name[:15] + "…"
            drawing.add(
                String(
                    x - cell / 2 + 11,
                    y,
                    visual(label),
                    fontName=font_for(label),
                    fontSize=5.6,
                    fillColor=INK,
                )
            )
    return drawing


def small_charts(block: SmallCharts, width: float) -> Drawing:
    """One small line per measure, three to a row, each with its target as a dashed line."""
    per_row, height = 3, 78
    cell = width / per_row
    lines = -(-len(block.charts) // per_row)
    drawing = Drawing(width, lines * height)
    for index, (name, values, target) in enumerate(block.charts):
        row, column = divmod(index, per_row)
        left, top = column * cell, (lines - row) * height
        label = _fitted(name, cell - 12, 7)
        drawing.add(
            String(
                left, top - 10, visual(label), fontName=font_for(label), fontSize=7, fillColor=INK
            )
        )
        box = (left + 4, top - height + 10, cell - 18, 48.0)  # left, bottom, width, height
        drawing.add(Rect(*box, fillColor=None, strokeColor=RULE))
        _spark(drawing, box, values, target)
    return drawing


def _fitted(text: str, width: float, size: float) -> str:
    """`text` shortened with an ellipsis until it fits `width` points."""
    if stringWidth(visual(text), font_for(text), size) <= width:
        return text
    while len(text) > 1 and stringWidth(visual(text) + "…", font_for(text), size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _spark(drawing: Drawing, box, values, target) -> None:
    if not values:
        return
    left, bottom, width, height = box
    known = [*values, *([target] if target is not None else [])]
    low, span = min(known), (max(known) - min(known)) or 1.0

    def y(value: float) -> float:
        return bottom + 4 + (value - low) / span * (height - 8)

    step = (width - 8) / max(1, len(values) - 1)
    points = [(left + 4 + i * step, y(v)) for i, v in enumerate(values)]
    if target is not None:
        drawing.add(
            Line(
                left, y(target), left + width, y(target), strokeColor=MUTED, strokeDashArray=[2, 2]
            )
        )
    for (x1, y1), (x2, y2) in pairwise(points):
        drawing.add(Line(x1, y1, x2, y2, strokeColor=ACCENT, strokeWidth=1.5))
    drawing.add(Circle(*points[-1], 2, fillColor=ACCENT, strokeColor=None))

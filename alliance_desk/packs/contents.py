"""The pack's contents page, laid out in a single pass.

ReportLab's own `TableOfContents` needs the document built twice (`multiBuild`): the first
pass learns the page of each heading, the second draws them — half of a pack's rendering time.
Here the contents list its entries as soon as the pack is known (the section titles are), and
each entry's dot leader and page number are a PDF form drawn where the title ends and filled
in when the file is saved, once every heading's page is known. The contents always fit their
own page (a page break follows them), so no page number can move because of them."""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

NUMBER_ROOM = 36.0  # points kept at the right of each entry for its page number
DOT = " . "


class Contents(Flowable):
    """One entry per section: its title (a link to the section) and, filled in at save time,
    a dot leader and the page its heading landed on (`pages` maps the section's key, as
    `key(number)`, to that page; the document fills it as headings are placed)."""

    def __init__(self, titles: list[str], style: ParagraphStyle, pages: dict[str, int]) -> None:
        super().__init__()
        self.pages = pages
        self.style = style
        entry_style = ParagraphStyle(f"{style.name}-entry", parent=style, rightIndent=NUMBER_ROOM)
        self.entries = [
            Paragraph(
                f'<a href="#{key(number)}">{title}</a>'
                f'<onDraw name="contentsEnd" label="{key(number)}"/>',
                entry_style,
            )
            for number, title in enumerate(titles, start=1)
        ]
        self.ends: dict[str, float] = {}  # key → room between the title's end and the margin

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        heights = [entry.wrap(available_width, available_height)[1] for entry in self.entries]
        self.height = sum(heights)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        width = self.width
        canvas.setNamedCB("contentsEnd", lambda c, kind, label: self._end(c, label, width))
        y = self.height
        for entry in self.entries:
            y -= entry.height
            entry.drawOn(canvas, 0, y)

    def _end(self, canvas: Any, entry_key: str, width: float) -> None:
        """Where a title ends: room for its leader and number, which a form fills at save."""
        x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
        size = self.style.fontSize
        free = max(width - x, NUMBER_ROOM)
        self.ends[entry_key] = free
        canvas.saveState()
        canvas.translate(x, y)
        canvas.doForm(form_name(entry_key))
        canvas.linkRect("", entry_key, (free - NUMBER_ROOM, -0.2 * size, free, size), relative=1)
        canvas.restoreState()

    def fill(self, canvas: Any) -> None:
        """Define each entry's form (dots and page number) on `canvas` before it is saved."""
        style = self.style
        for entry_key, free in self.ends.items():
            number = str(self.pages.get(entry_key, ""))
            number_width = stringWidth(number, style.fontName, style.fontSize)
            dot_width = stringWidth(DOT, style.fontName, style.fontSize)
            dots = max(0, int((free - number_width) / dot_width))
            canvas.beginForm(
                form_name(entry_key), lowerx=0, lowery=-style.leading, upperx=free,
                uppery=style.leading,
            )  # fmt: skip
            text = canvas.beginText(free - number_width - dots * dot_width, 0)
            text.setFont(style.fontName, style.fontSize)
            text.setFillColor(style.textColor)
            text.textOut(DOT * dots + number)
            canvas.drawText(text)
            canvas.endForm()


def key(number: int) -> str:
    """The bookmark of section `number` (the outline, the contents' links)."""
    return f"section-{number}"


def form_name(entry_key: str) -> str:
    return f"contents-{entry_key}"

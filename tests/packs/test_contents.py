"""The contents page and the outline lead to the pages the sections are on (read back with
pypdf: the printed numbers, the outline's destinations and the contents' links agree with the
page each heading is printed on)."""

from __future__ import annotations

import re

from pypdf import PdfReader

from alliance_desk.core import wall
from alliance_desk.core.packs import Audience, Pack, PackKind, Section, Table, Text
from alliance_desk.packs.render import render

TITLES = [
    "Short",
    '<b>R&D</b> & "quoted" <img src="x"/>',  # the user's kind of text, shown as typed
    "A section title long enough to need a second line on the contents page, which it must "
    "be given without pushing its page number off the page or out of line",
    "Last",
]


def _pack(rows: int) -> Pack:
    sections = []
    for number, title in enumerate(TITLES, start=1):
        lines = tuple((f"row {number}.{row}", "x " * 20) for row in range(rows * number))
        sections.append(Section(title, (Text(f"About {number}"), Table(("What", "Note"), lines))))
    return Pack(
        PackKind.GOVERNANCE, "Contents", "test", Audience.INTERNAL, wall.today(),
        (("For", "test"),), tuple(sections),
    )  # fmt: skip


def _heading_pages(reader: PdfReader) -> list[int]:
    """The 1-based page on which each title is first printed after the contents page."""
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    found = []
    for title in TITLES:
        start = " ".join(title.split())[:30]
        found.append(next(n for n in range(3, len(texts) + 1) if start in texts[n - 1]))
    return found


def test_contents_outline_and_links_lead_to_each_sections_page(tmp_path) -> None:
    reader = PdfReader(str(render(_pack(rows=30), tmp_path / "pack.pdf")))
    pages = _heading_pages(reader)
    assert pages == sorted(pages) and len(set(pages)) > 1  # sections spread over pages
    outline = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    assert outline == pages
    contents = reader.pages[1].extract_text()
    assert [int(n) for n in re.findall(r"\.\s*(\d+)", contents)] == pages
    refs = [page.indirect_reference.idnum for page in reader.pages]
    linked = {
        refs.index(link.get_object()["/Dest"][0].idnum) + 1 for link in reader.pages[1]["/Annots"]
    }
    assert linked == set(pages)
    assert "<b>R&D</b>" in " ".join(contents.split())  # escaped: printed, not obeyed


def test_a_pack_is_laid_out_once_not_twice(tmp_path, monkeypatch) -> None:
    """The contents no longer need a second layout pass (half the time of a pack)."""
    from reportlab.platypus import BaseDocTemplate

    passes = []
    build = BaseDocTemplate.build
    monkeypatch.setattr(
        BaseDocTemplate, "build", lambda self, *a, **k: passes.append(1) or build(self, *a, **k)
    )
    render(_pack(rows=5), tmp_path / "pack.pdf")
    assert len(passes) == 1


def test_a_count_of_nothing_is_said_in_words() -> None:
    """The preview's lines said "the top 0 risks (0 high or critical)" and "0 open"."""
    from alliance_desk.core.packs import counted

    assert counted(3, "one risk", "{n} risks") == "3 risks"
    assert counted(1, "one risk", "{n} risks") == "one risk"
    assert counted(0, "one risk", "{n} risks") == "no risks"
    assert counted(0, "one taken", "{n} taken", "none taken") == "none taken"

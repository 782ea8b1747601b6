"""Pages that never break: column widths, long names, 10,000-character notes, emoji, AES."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PasswordType, PdfReader

from alliance_desk.core import wall
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.packs import Audience, Pack, PackKind, Section, Table, Text
from alliance_desk.core.people import validate_person
from alliance_desk.core.stakeholders import validate_interaction, validate_stakeholder
from alliance_desk.packs.compose import governance_pack, partner_briefing
from alliance_desk.packs.render import render
from alliance_desk.packs.tables import CELL_SIZE, PADDING, SLACK, column_widths
from alliance_desk.packs.text import register_fonts, width_of
from alliance_desk.store import contact_log, governance, insights, portfolio, stakeholders
from alliance_desk.store import packs as gather

HALO = "HALO-7 oncology co-development"
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorff" * 3 + "Maximiliana" * 5  # one 160-letter token
WIDTH = 483  # the body frame's width in points


def words_of(path: Path) -> list[str]:
    reader = PdfReader(str(path))
    return " ".join(page.extract_text() for page in reader.pages).split()


@pytest.fixture
def halo(demo_store):
    return next(a for a in portfolio.list_alliances(demo_store) if a.name == HALO)


def _tables(pack: Pack):
    return [
        block for section in pack.sections for block in section.blocks if isinstance(block, Table)
    ]


def _longest(block: Table, column: int) -> float:
    head = [width_of(w, CELL_SIZE, "DejaVu-Bold") for w in str(block.headers[column]).split()]
    cells = [width_of(w, CELL_SIZE) for row in block.rows for w in str(row[column]).split()]
    return max(head + cells, default=0)


def test_a_very_long_name_squeezes_no_other_column(demo_store, halo, tmp_path) -> None:
    """A 160-letter name wraps inside its column; every other column keeps room for its
    longest word, so "Champion", "Counterparts" or "Development" print whole."""
    stakeholders.add_new_person(
        demo_store,
        halo.id,
        validate_person({"name": LONG_NAME, "side": "partner", "title": "VP Development"}),
        validate_stakeholder({"power": 5, "interest": 5, "stance": "champion", "roles": "JSC"}),
    )
    register_fonts()
    packs = [
        partner_briefing(gather.briefing_inputs(demo_store, halo.id)),
        governance_pack(gather.governance_inputs(demo_store, halo.id, None)),
        governance_pack(gather.governance_inputs(demo_store, halo.id, None, Audience.PARTNER)),
    ]
    checked = 0
    for pack in packs:
        for block in _tables(pack):
            widths = column_widths(block, WIDTH)
            assert sum(widths) == pytest.approx(WIDTH)
            for column, width in enumerate(widths):
                if any(LONG_NAME in str(row[column]) for row in block.rows):
                    continue
                assert width >= _longest(block, column) + PADDING, (block.headers, column)
                checked += 1
    assert checked > 20
    words = []
    for number, pack in enumerate(packs):
        words += words_of(render(pack, tmp_path / f"{number}.pdf"))
    for whole in ("Champion", "Counterparts", "Development", "company", "Supporter", "Partner"):
        assert whole in words, whole
    broken = {w for w in words if re.fullmatch(r"(Champio|Counterpart|Developmen|compan)", w)}
    assert broken == set()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=60), max_size=4),
        min_size=2,
        max_size=7,
    ),
    st.data(),
)
def test_columns_never_break_a_word_that_fits_its_fair_share(columns, data) -> None:
    """For any table: a column narrower than its longest word only when that word is longer
    than the column's fair share (its weighted width, or an equal share if wider)."""
    register_fonts()
    weights = tuple(data.draw(st.floats(0.3, 5)) for _ in columns)
    block = Table(
        tuple(f"h{i}" for i in range(len(columns))),
        (tuple(" ".join(words) for words in columns),),
        weights,
    )
    widths = column_widths(block, WIDTH)
    assert sum(widths) == pytest.approx(WIDTH)
    fair = [max(WIDTH * w / sum(weights), WIDTH / len(columns)) for w in weights]
    full = [_longest(block, i) + PADDING + SLACK for i in range(len(columns))]
    if sum(full) <= WIDTH:  # every word fits somewhere: none breaks
        assert all(w >= n - 0.01 for w, n in zip(widths, full, strict=True))
    needs = [min(n, fair[i]) for i, n in enumerate(full)]
    if sum(needs) <= WIDTH:
        for width, need in zip(widths, needs, strict=True):
            assert width >= need - 0.01


MIXED = (
    "Phase 3 supply — Φάση 3 — Фаза 3 — 第三阶段供应 — 第3相の供給 — 3상 공급 — "
    "שלב 3 באספקה — المرحلة الثالثة للتوريد — 🚀 ✅ ★ € "
)


def test_ten_thousand_characters_in_any_script_lay_out(demo_store, halo, tmp_path) -> None:
    """The longest note the forms accept, long unbroken words and every script split across
    pages instead of failing the export (ReportLab's LayoutError before)."""
    note = (MIXED * 200)[:9_000] + "x" * 990 + " THE-END"
    assert len(note) <= 10_000
    contact_log.log_interaction(
        demo_store,
        halo.id,
        validate_interaction(
            {
                "occurred_on": wall.today(),
                "note": note,
                "person_ids": [stakeholders.list_stakeholders(demo_store, halo.id)[0].person.id],
            }
        ),
    )
    insights.add_insight(
        demo_store,
        halo.id,
        validate_insight(
            {"title": "Long read", "noted_on": wall.today(), "detail": "\n".join([MIXED] * 120)}
        ),
    )
    path = render(
        partner_briefing(gather.briefing_inputs(demo_store, halo.id)), tmp_path / "long.pdf"
    )
    reader = PdfReader(str(path))
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 8
    assert "THE-END" in text and "x" * 200 in "".join(text.split())


def test_emoji_and_symbols_print_and_extract_as_typed(tmp_path) -> None:
    """Drawn from the bundled Symbola font and mapped back to the characters typed — also
    beyond U+FFFF, which ReportLab's own map wrote wrongly; a character no font has prints
    as a visible "�" rather than an empty box."""
    typed = "Launch 🚀 on track ✅ ★ → € 😀 ❤️ ☎️ 👨‍👩‍👧"
    pack = Pack(
        PackKind.GOVERNANCE,
        "Emoji",
        "test",
        Audience.INTERNAL,
        wall.today(),
        (("Status", typed),),
        (Section("Status", (Text(typed), Table(("What", "Mark"), ((typed, "🚀"),)))),),
    )
    path = render(pack, tmp_path / "emoji.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert text.count(typed) >= 3  # cover, paragraph, table cell
    assert b"Symbola" in path.read_bytes()
    missing = render(
        Pack(PackKind.GOVERNANCE, "x", "x", Audience.INTERNAL, wall.today(), (("a", "🥲"),)),
        tmp_path / "missing.pdf",
    )
    assert "\ufffd" in PdfReader(str(missing)).pages[0].extract_text()


def test_encryption_is_aes_256_revision_6_and_allows_only_what_was_ticked(
    demo_store, halo, tmp_path
) -> None:
    """Read back from the file: V 5 / R 6 with AESV3, the password opens it, no printing or
    copying unless allowed; the owner password is not the user's (so it lifts nothing)."""
    pack = governance_pack(gather.governance_inputs(demo_store, halo.id, None))
    path = render(pack, tmp_path / "locked.pdf", password="s3cret ünïcode")
    reader = PdfReader(str(path))
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/Filter"], encryption["/V"], encryption["/R"]) == ("/Standard", 5, 6)
    assert encryption["/CF"]["/StdCF"]["/CFM"] == "/AESV3" and encryption["/Length"] == 256
    permissions = encryption["/P"] & 0xFFFFFFFF
    assert not permissions & (1 << 2) and not permissions & (1 << 4)  # no print, no copy
    assert permissions & (1 << 9)  # screen readers may still read it
    assert not reader.decrypt("wrong")
    assert reader.decrypt("s3cret ünïcode") is PasswordType.USER_PASSWORD  # not the owner's
    assert "Key figures" in reader.pages[2].extract_text()
    plain = render(pack, tmp_path / "plain.pdf")
    assert b"(Key figures)" in plain.read_bytes()  # the outline's titles, as written
    assert b"(Key figures)" not in path.read_bytes()  # encrypted like every string
    both = render(
        pack, tmp_path / "open.pdf", password="x", allow_printing=True, allow_copying=True
    )
    flags = PdfReader(str(both)).trailer["/Encrypt"].get_object()["/P"] & 0xFFFFFFFF
    assert flags & (1 << 2) and flags & (1 << 4) and flags & (1 << 11)


def test_a_meeting_of_another_alliance_is_refused_naming_both(demo_store, halo) -> None:
    from alliance_desk.store.errors import StoreError

    otori = next(a for a in portfolio.list_alliances(demo_store) if a.partner.startswith("Ō"))
    meeting = governance.list_meetings(demo_store, halo.id)[0]
    for audience in Audience:
        with pytest.raises(StoreError) as refused:
            gather.governance_inputs(demo_store, otori.id, meeting.id, audience)
        message = str(refused.value)
        assert HALO in message and otori.name in message and str(meeting.id) in message
    with pytest.raises(StoreError, match="no meeting 9999"):
        gather.governance_inputs(demo_store, halo.id, 9999)

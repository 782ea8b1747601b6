"""The Packs section: one step from choices to a PDF, off the UI thread, credited as work."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from alliance_desk.core import wall
from alliance_desk.core.packs import Audience, PackKind
from alliance_desk.store import habits, portfolio


def test_export_a_governance_pack_for_the_next_meeting(demo_window, qtbot, tmp_path: Path) -> None:
    demo_window.show_section("packs")
    view = demo_window.packs
    halo = next(
        i
        for i in range(view.alliance.count())
        if view.alliance.itemText(i).startswith("HALO-7 onc")
    )
    view.alliance.setCurrentIndex(halo)
    view.kind.setCurrentIndex(view.kind.findData(PackKind.GOVERNANCE))
    assert view.meeting.currentData() is not None  # the next meeting is preselected
    assert not view.form.isRowVisible(view.days)
    before = len(
        [
            c
            for c in habits.checkins(demo_window.desk.store, wall.today(), wall.today())
            if c.habit == "publish"
        ]
    )
    out = tmp_path / "jsc.pdf"
    view.export(str(out))
    qtbot.waitUntil(lambda: view.last_path == out, timeout=20_000)
    text = "".join(page.extract_text() for page in PdfReader(str(out)).pages)
    assert "HALO-7 Joint Steering Committee" in text and "Open escalations" in text
    assert view.open_button.isEnabled() and str(out) in view.result.text()
    after = [
        c
        for c in habits.checkins(demo_window.desk.store, wall.today(), wall.today())
        if c.habit == "publish"
    ]
    assert len(after) == before + 1


def _choose(view, text: str) -> None:
    view.alliance.setCurrentIndex(
        next(i for i in range(view.alliance.count()) if view.alliance.itemText(i).startswith(text))
    )


def test_a_partner_pack_says_what_it_leaves_out_and_is_encrypted(
    demo_window, qtbot, tmp_path: Path
) -> None:
    """Before a partner export the view lists what is withheld, per kind and why; the file is
    AES-256 encrypted (V 5, R 6) and allows printing only because it was ticked."""
    demo_window.show_section("packs")
    view = demo_window.packs
    _choose(view, "HALO-7 onc")
    view.kind.setCurrentIndex(view.kind.findData(PackKind.GOVERNANCE))
    assert not view.withheld.isVisible()  # nothing is withheld from an internal pack
    view.audience.setCurrentIndex(view.audience.findData(Audience.PARTNER))
    listed = view.withheld.text()
    assert view.withheld.isVisibleTo(view)
    for what in (
        "People assessments (stance, power, interest, health, notes, contact plans): 11",
        "Interactions and their notes: 8",
        "Partner insights and their sources: 2",
        "Open escalations not raised with the partner: 1",
        "Risks not marked joint: 2",
        "Decisions not taken jointly: 1",
        "Obligations flagged internal-only: 1",
    ):
        assert what in listed, what
    assert not view.allow_printing.isEnabled()  # only with a password
    view.password.setText("open-sesame")
    view.allow_printing.setChecked(True)
    out = tmp_path / "jsc-partner.pdf"
    view.export(str(out))
    qtbot.waitUntil(lambda: view.last_path == out, timeout=20_000)
    reader = PdfReader(str(out))
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/V"], encryption["/R"]) == (5, 6)
    permissions = encryption["/P"] & 0xFFFFFFFF
    assert permissions & (1 << 2) and not permissions & (1 << 4)  # print yes, copy no
    assert reader.decrypt("open-sesame")
    assert "Partner version" in "".join(page.extract_text() for page in reader.pages)


def test_the_briefing_has_no_partner_version_in_the_window(
    demo_window, messages, tmp_path: Path
) -> None:
    demo_window.show_section("packs")
    view = demo_window.packs
    view.kind.setCurrentIndex(view.kind.findData(PackKind.BRIEFING))
    partner = view.audience.model().item(view.audience.findData(Audience.PARTNER))
    assert not partner.isEnabled() and view.audience.currentData() == Audience.INTERNAL
    view.audience.setCurrentIndex(view.audience.findData(Audience.PARTNER))  # forced anyway
    view.export(str(tmp_path / "x.pdf"))
    assert messages and "no partner version" in messages[-1][1]
    assert not (tmp_path / "x.pdf").exists()


def test_the_view_starts_from_the_alliance_in_focus(demo_window) -> None:
    store = demo_window.desk.store
    otori = next(a for a in portfolio.list_alliances(store) if a.partner.startswith("Ōtori"))
    demo_window.desk.select_alliance(otori.id)
    demo_window.show_section("packs")
    view = demo_window.packs
    assert view.alliance.currentData() == otori.id
    assert view.meeting.currentText().endswith(" JST")  # its committee meets on Tokyo time


def test_internal_only_alliance_refuses_a_partner_pack(
    demo_window, messages, tmp_path: Path
) -> None:
    demo_window.show_section("packs")
    view = demo_window.packs
    pilot = next(
        i for i in range(view.alliance.count()) if "Hospital network" in view.alliance.itemText(i)
    )
    view.alliance.setCurrentIndex(pilot)
    view.kind.setCurrentIndex(view.kind.findData(PackKind.GOVERNANCE))
    view.audience.setCurrentIndex(view.audience.findData(Audience.PARTNER))
    view.export(str(tmp_path / "x.pdf"))
    assert messages and "internal-only" in messages[-1][1]
    assert not (tmp_path / "x.pdf").exists()


def test_an_export_writes_the_chosen_file_and_nothing_else(
    demo_window, qtbot, tmp_path: Path, data_home: Path, monkeypatch
) -> None:
    """No copy, draft or temporary PDF is left anywhere: beside the portfolio, in the folder
    the user chose, or in the temporary folder (a private one here, so that other programs'
    temporary files coming and going cannot disturb the count)."""
    import tempfile

    private_temp = tmp_path / "temp"
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))

    def files() -> set[Path]:
        return {
            p
            for root in (data_home, tmp_path, Path(tempfile.gettempdir()))
            for p in root.rglob("*.pdf")
        } | {
            p
            for p in (*data_home.rglob("*"), *tmp_path.rglob("*"))
            if p.is_file() and "backups" not in p.parts  # the start-up backup runs meanwhile
        }

    demo_window.show_section("packs")
    view = demo_window.packs
    view.alliance.setCurrentIndex(1)
    chosen = tmp_path / "exports" / "pack.pdf"
    chosen.parent.mkdir()
    before = files()
    view.export(str(chosen))
    qtbot.waitUntil(lambda: view.last_path == chosen, timeout=20_000)
    assert files() - before == {chosen}


def test_the_alliance_list_follows_changes_and_is_kept_when_none(demo_window, qtbot) -> None:
    """Shown again after a change elsewhere, the list of alliances names a renamed alliance
    by its new name and keeps the one chosen; shown again with no alliance changed, its
    items are kept as they are (not cleared and added again: 600 of them at ten times)."""
    from dataclasses import replace

    from PySide6.QtWidgets import QApplication

    store = demo_window.desk.store
    demo_window.show_section("packs")
    view = demo_window.packs
    _choose(view, "HALO-7 onc")
    chosen = view.alliance.currentData()
    removed: list[int] = []
    view.alliance.model().rowsRemoved.connect(lambda *_args: removed.append(1))

    def shown_again() -> None:
        demo_window.show_section("today")
        demo_window.desk.refresh_all()
        demo_window.show_section("packs")
        for _ in range(3):
            QApplication.processEvents()

    shown_again()
    assert removed == [] and view.alliance.currentData() == chosen
    halo = portfolio.get_alliance(store, chosen)
    portfolio.update_alliance(store, chosen, replace(halo.draft(), name="HALO-8 renamed"))
    shown_again()
    texts = [view.alliance.itemText(i) for i in range(view.alliance.count())]
    assert any(text.startswith("HALO-8 renamed — ") for text in texts)
    assert not any(text.startswith("HALO-7 oncology") for text in texts)
    assert view.alliance.currentData() == chosen
    assert view.alliance.currentText().startswith("HALO-8 renamed")


def test_the_pack_s_meetings_are_named_as_committees_lists_them(demo_window) -> None:
    """Committees listed "19 Dec 2026 14:00 CET", the pack's meeting box "(Europe/Zurich)"."""
    from alliance_desk.store import governance, portfolio
    from alliance_desk.ui.governance.meetings import when

    store = demo_window.desk.store
    halo = next(a for a in portfolio.list_alliances(store) if a.name.startswith("HALO-7"))
    demo_window.show_section("packs")
    packs = demo_window.packs
    packs.alliance.setCurrentIndex(packs.alliance.findData(halo.id))
    named = {
        packs.meeting.itemData(i): packs.meeting.itemText(i) for i in range(packs.meeting.count())
    }
    meetings = governance.list_meetings(store, halo.id)
    assert meetings
    for meeting in meetings:
        assert named[meeting.id] == f"{meeting.body_name}, {when(meeting)}"
        assert meeting.draft.zone.key not in named[meeting.id]

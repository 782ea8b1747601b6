"""export-pack on the command line: the audience rules and ids that belong to their alliance."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pypdf import PdfReader

from alliance_desk.cli import main
from alliance_desk.store import governance, portfolio
from alliance_desk.store.database import open_store
from alliance_desk.store.demo import create_demo


def _demo(tmp_path: Path):
    db = create_demo(tmp_path / "demo.sqlite3")
    store = open_store(db)
    try:
        alliances = {a.partner: a for a in portfolio.list_alliances(store)}
        halo_meeting = governance.list_meetings(store, alliances["Kestrel Biologics"].id)[0]
    finally:
        store.close()
    return db, alliances, halo_meeting


def test_a_meeting_of_another_alliance_is_refused_naming_both(tmp_path: Path, capsys) -> None:
    db, alliances, meeting = _demo(tmp_path)
    otori = alliances["Ōtori Pharmaceutical"]
    out = tmp_path / "x.pdf"
    args = ["--db", str(db), "export-pack", "governance", str(out), "--alliance", f"#{otori.id}"]
    code = main([*args, "--meeting", str(meeting.id), "--audience", "partner"])
    error = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert otori.name in error and "HALO-7 oncology co-development" in error
    assert "Traceback" not in error


def test_partner_briefing_and_report_are_refused(tmp_path: Path, capsys) -> None:
    db, _, _ = _demo(tmp_path)
    for kind, extra in (("briefing", ["--alliance", "#1"]), ("portfolio", [])):
        out = tmp_path / f"{kind}.pdf"
        code = main(
            ["--db", str(db), "export-pack", kind, str(out), *extra, "--audience", "partner"]
        )
        assert code == 2 and not out.exists()
        assert "no partner version" in capsys.readouterr().err


def test_a_password_encrypts_with_aes_256_and_permissions_are_opt_in(tmp_path: Path) -> None:
    db, alliances, meeting = _demo(tmp_path)
    out = tmp_path / "jsc.pdf"
    halo = alliances["Kestrel Biologics"]
    args = ["--db", str(db), "export-pack", "governance", str(out), "--alliance", f"#{halo.id}"]
    args += ["--meeting", str(meeting.id), "--audience", "partner", "--password", "pw"]
    assert main([*args, "--allow-print"]) == 0
    reader = PdfReader(str(out))
    encryption = reader.trailer["/Encrypt"].get_object()
    assert (encryption["/V"], encryption["/R"]) == (5, 6)
    flags = encryption["/P"] & 0xFFFFFFFF
    assert flags & (1 << 2) and not flags & (1 << 4)
    assert reader.decrypt("pw") and "Partner version" in reader.pages[0].extract_text()


_EXPORT_THEN_ASK = """
import sys
from alliance_desk.cli import main
from alliance_desk.store.models import AllianceRow
code = main(sys.argv[1:])
print(code, AllianceRow.__mapper__.configured)
"""


def test_an_export_reads_and_records_without_configuring_a_mapper(tmp_path: Path) -> None:
    """A cold `export-pack` reads the pack and records the export in plain Core: a single
    statement naming a mapped class configures every mapper first (≈ 0.05 s of the command at
    ten times the heavy portfolio). In a fresh process, as the command runs."""
    import subprocess
    import sys

    db, alliances, meeting = _demo(tmp_path)
    halo = alliances["Kestrel Biologics"]
    for audience in ("internal", "partner"):
        out = tmp_path / f"{audience}.pdf"
        args = [str(db), "export-pack", "governance", str(out), "--alliance", f"#{halo.id}"]
        args += ["--meeting", str(meeting.id), "--audience", audience]
        ran = subprocess.run(
            [sys.executable, "-c", _EXPORT_THEN_ASK, "--db", *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert ran.stdout.split()[-2:] == ["0", "False"], ran.stderr
        assert out.exists()
    with sqlite3.connect(db) as plain:  # each export still counts toward 'publish your work'
        kept = plain.execute("SELECT audience, file_name FROM pack_exports ORDER BY id").fetchall()
    assert kept == [("internal", "internal.pdf"), ("partner", "partner.pdf")]

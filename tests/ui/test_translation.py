"""With a translation installed, the window speaks it: every menu, command, section name, tab,
button and column title in every section passes through Qt's translator (a translator that
marks what it translates finds no unmarked one), and so do the words core hands to the window
(a risk's status, a person's stance and side, a quadrant, a level); a real .qm file for the
user's locale is found and loaded at start."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableView, QTabWidget

from alliance_desk.store.portfolio import list_alliances
from tests.helpers import start_demo_in_fresh_process
from tests.ui.test_fits import screens, settle


class Marked(QTranslator):
    """Translates every text into itself between « »."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"«{source}»"


@pytest.fixture
def marked_window(make_window, qapp):
    translator = Marked()
    qapp.installTranslator(translator)
    try:
        window, _error = make_window(demo=True)
        window.resize(1440, 900)
        yield window
    finally:
        qapp.removeTranslator(translator)


def untranslated(text: str) -> bool:
    words = text.replace("&", "").strip()
    return any(ch.isalpha() for ch in words) and "«" not in words


def twice(text: str) -> bool:
    """Translated again after it was translated (`tr()` of a title the model translates
    too): a translation would be looked up for the translation and not found. A mark that
    holds nothing but another mark, «««Area»»; not a sentence holding a translated word
    («7 open · «Off target»»)."""
    opened: list[int] = []
    pairs: dict[int, int] = {}
    for at, ch in enumerate(text):
        if ch == "«":
            opened.append(at)
        elif ch == "»" and opened:
            pairs[opened.pop()] = at
    return any(pairs.get(start + 1) == end - 1 for start, end in pairs.items())


def unmarked(text: str) -> bool:
    """Not translated, or translated twice: either way not what a translator wrote."""
    return untranslated(text) or twice(text)


def test_a_text_translated_twice_is_caught() -> None:
    """The check itself: «« Area »» (a column's title given tr() and translated again by its
    model) is caught like an untranslated one; two texts each translated once are not."""
    assert unmarked("««Area»»") and unmarked("Area") and unmarked("«Risk: ««High»»»")
    assert not unmarked("«Open» · «High»") and not unmarked("«Area»")
    assert not unmarked("«7 open · «Off target»»") and not unmarked("««Each.» Pick one.»")


def test_every_command_and_section_name_is_translated(marked_window) -> None:
    window = marked_window
    found = [
        f"command {action.text()!r}"
        for action in window.findChildren(type(window.menuBar().actions()[0]))
        if action.text() and unmarked(action.text())
    ]
    found += [
        f"menu {menu.title()!r}"
        for menu in (a.menu() for a in window.menuBar().actions())
        if menu is not None and unmarked(menu.title())
    ]
    navigation = window.navigation
    found += [
        f"section {navigation.item(row).text()!r}"
        for row in range(navigation.count())
        if unmarked(navigation.item(row).text())
    ]
    assert not found, "\n".join(found)


def test_every_tab_button_and_column_title_is_translated(marked_window) -> None:
    window = marked_window
    found: set[str] = set()
    for where, _view in screens(window):
        settle()
        for tabs in window.findChildren(QTabWidget):
            found |= {
                f"{where}: tab {tabs.tabText(i)!r}"
                for i in range(tabs.count())
                if unmarked(tabs.tabText(i))
            }
        for button in window.findChildren(QAbstractButton):
            if button.isVisible() and unmarked(button.text()):
                found.add(f"{where}: button {button.text()!r}")
        for table in window.findChildren(QTableView):
            model, header = table.model(), table.horizontalHeader()
            found |= {
                f"{where}: column {model.headerData(c, header.orientation())!r}"
                for c in range(model.columnCount())
                if unmarked(str(model.headerData(c, header.orientation()) or ""))
            }
            if table.isVisible():  # its cells: a name may stay as typed, but nothing twice
                found |= {f"{where}: cell {text!r}" for text in visible_cells(model) if twice(text)}
        found |= {
            f"{where}: label {label.text()!r}"
            for label in window.findChildren(QLabel)
            if label.isVisible() and twice(label.text())
        }
    assert not found, "\n".join(sorted(found))


def visible_cells(model, rows: int = 40) -> list[str]:
    return [
        str(model.data(model.index(row, column)) or "")
        for row in range(min(model.rowCount(), rows))
        for column in range(model.columnCount())
    ]


# Columns whose cells are words core hands out (an enum's label, a level's name).
CORE_WORDS = {
    "Type",
    "Phase",
    "Level",
    "Severity",
    "Category",
    "Status",
    "Implementation",
    "Whose",
    "Quadrant",
    "Trend",
    "Side",
    "Stance",
}
# Where they must be found (section, column): a column renamed or gone fails here, not silently.
MUST_SEE = {
    ("portfolio", "Phase"),
    ("escalations", "Level"),
    ("escalations", "Severity"),
    ("risks", "Status"),
    ("risks", "Implementation"),
    ("stakeholders", "Stance"),
    ("stakeholders", "Side"),
    ("value", "Quadrant"),
}


def core_cells(window, where: str) -> tuple[set[tuple[str, str]], set[str]]:
    """The (section, column) pairs of core words on screen, and any cell not translated."""
    seen, found = set(), set()
    section = where.split(" › ")[0]
    for table in window.findChildren(QTableView):
        if not table.isVisible():
            continue
        model = table.model()
        for column in range(model.columnCount()):
            title = str(model.headerData(column, Qt.Orientation.Horizontal) or "").strip("«»")
            if title not in CORE_WORDS:
                continue
            seen.add((section, title))
            for row in range(min(model.rowCount(), 40)):
                text = str(model.data(model.index(row, column)) or "")
                if unmarked(text):
                    found.add(f"{where}: {title} {text!r}")
    return seen, found


def test_the_words_core_hands_the_window_are_translated(marked_window) -> None:
    """A risk's status, a decision's implementation, a person's stance and side, a level, a
    quadrant: words made in core, shown in the user's language like the window's own."""
    window = marked_window
    seen: set[tuple[str, str]] = set()
    found: set[str] = set()
    for alliance in (None, "HALO-7 oncology co-development"):
        if alliance is not None:  # the people's table shows one alliance's people
            window.desk.select_alliance(
                next(a.id for a in list_alliances(window.desk.store) if a.name == alliance)
            )
        for where, _view in screens(window):
            settle()
            more_seen, more_found = core_cells(window, where)
            seen |= more_seen
            found |= more_found
    assert not found, "\n".join(sorted(found))
    assert seen >= MUST_SEE, MUST_SEE - seen


ESPERANTO_TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="eo">
<context>
    <name>menus</name>
    <message><source>&amp;File</source><translation>&amp;Dosiero</translation></message>
</context>
<context>
    <name>DecisionStatus</name>
    <message><source>Not started</source><translation>Ne komencita</translation></message>
</context>
</TS>
"""


def compiled_translation(folder: Path) -> Path:
    """resources/translations as a translator would ship it: alliance_desk_eo.qm, compiled
    from a .ts file by pyside6-lrelease (the tool the README names)."""
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    lrelease = str(tool) if tool.exists() else shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed (it comes with PySide6-Essentials)")
    folder.mkdir()
    source = folder / "alliance_desk_eo.ts"
    source.write_text(ESPERANTO_TS, encoding="utf-8")
    done = subprocess.run(
        [lrelease, str(source), "-qm", str(folder / "alliance_desk_eo.qm")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_the_window_starts_in_the_users_language(tmp_path: Path, data_home) -> None:
    """A user whose language is Esperanto, with alliance_desk_eo.qm in the translations folder:
    the started window's File menu and a decision's status (a word from core) read in
    Esperanto. In a fresh process, through the real start."""
    folder = compiled_translation(tmp_path / "translations")
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import Qt\n"
        "from PySide6.QtWidgets import QTableView, QTabWidget\n"
        "from alliance_desk.ui import i18n\n"
        "i18n.translations_folder = lambda: Path(sys.argv[2])\n"
        "from alliance_desk.app import start\n"
        "app, window, error = start(sys.argv[1])\n"
        "assert error is None, error\n"
        "window.show_section('risks')\n"
        "tabs = window.view('risks').findChild(QTabWidget)\n"
        "cells = set()\n"
        "for index in range(tabs.count()):\n"
        "    tabs.setCurrentIndex(index)\n"
        "    app.processEvents()\n"
        "    for table in window.findChildren(QTableView):\n"
        "        model = table.model()\n"
        "        for c in range(model.columnCount()):\n"
        "            if model.headerData(c, Qt.Orientation.Horizontal) == 'Implementation':\n"
        "                rows = range(model.rowCount())\n"
        "                cells |= {model.data(model.index(r, c)) for r in rows}\n"
        "print(window.menuBar().actions()[0].text(), sorted(cells), flush=True)\n"
        "os._exit(0)\n"
    )
    # The user's language; LANG stays as it is (C.UTF-8: Esperanto is no system locale here).
    printed = start_demo_in_fresh_process(
        script, tmp_path / "config", data_home, str(folder), LANGUAGE="eo"
    )
    menu, cells = printed.split(" ", 1)
    assert menu == "&Dosiero"
    assert "Ne komencita" in cells and "Not started" not in cells, cells


def test_without_a_translation_nothing_is_loaded_and_nothing_said(qapp, tmp_path: Path) -> None:
    """No .qm for the user's language (or no folder at all): the window stays in English and
    says nothing; Qt's own translation of its dialogs is loaded where Qt ships one."""
    from PySide6.QtCore import QCoreApplication, QLocale

    from alliance_desk.ui.i18n import install_translators

    for folder in (tmp_path / "missing", compiled_translation(tmp_path / "translations")):
        assert install_translators(qapp, QLocale("la"), folder) == []  # Latin: nobody's
    german = install_translators(qapp, QLocale("de"), tmp_path / "translations")
    try:
        assert len(german) == 1  # qtbase_de.qm, from PySide6's own translations
        assert QCoreApplication.translate("menus", "&File") == "&File"
    finally:
        for translator in german:
            qapp.removeTranslator(translator)


def test_todays_rows_speak_the_translation(marked_window) -> None:
    """Every row of Today, as drawn and as a screen reader hears it: what kind of task, what
    (a record's own title aside), why now and when, each through the translator; nothing
    translated twice."""
    from alliance_desk.ui.today.tasks import describe, kind_line

    window = marked_window
    window.show_section("today")
    settle()
    model = window.view("today").model
    tasks = [model.task_at(row) for row in range(model.rowCount())]
    assert len(tasks) >= 20
    found = []
    for task in tasks:
        assert task is not None
        line = kind_line(task)
        texts = [line.split("  ·  ")[0], task.why, task.when, describe(task)]
        if task.kind not in ("escalation", "onboarding", "obligation"):  # their titles
            texts.append(task.what)
        found += [f"{task.kind}: {text!r}" for text in texts if unmarked(text)]
        found += [f"{task.kind}: {text!r}" for text in texts if not text.startswith("«")]
    assert not found, "\n".join(found[:20])


@pytest.fixture
def marked(qapp):
    """The marking translator alone, no window."""
    translator = Marked()
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def test_the_sentences_the_window_builds_speak_the_translation(marked) -> None:
    """Sentences the window writes outside a text call — a checklist item's status (its two
    plural forms), an open question's line, a backup's fault, the crash notice, a tier's
    tooltip, a register's nouns, an undo command's text — come out as one translated template
    with its values filled in."""
    from datetime import date, timedelta
    from types import SimpleNamespace

    from alliance_desk.core.onboarding import ItemStatus
    from alliance_desk.store.errors import CorruptDatabaseError
    from alliance_desk.ui import backups, crash_dialog
    from alliance_desk.ui.escalations.commands import NoteCommand
    from alliance_desk.ui.onboarding.panel import _status_text
    from alliance_desk.ui.portfolio.view import AllianceLine, _tier_tip
    from alliance_desk.ui.risks.registers import RISKS
    from alliance_desk.ui.value.questions import question_line

    today = date(2026, 12, 3)

    def item(late: int):
        due = today - timedelta(days=late)
        return SimpleNamespace(
            status=ItemStatus.OPEN, done_on=None, due=due, overdue=lambda day: day > due
        )

    assert _status_text(item(1), today) == "«Overdue 1 day»"
    assert _status_text(item(3), today) == "«Overdue 3 days»"
    question = SimpleNamespace(
        title="Supply price",
        days_open=95,
        decision=SimpleNamespace(draft=SimpleNamespace(raised_on=date(2026, 9, 1))),
    )
    assert question_line(question, "Aurora") == (
        "«Supply price — Aurora — open 95 days (raised 1 Sep 2026)»"
    )
    assert backups._short(CorruptDatabaseError("x")) == "«damaged»"
    notice = crash_dialog.crash_message(Path("/tmp/report.txt"))
    assert notice.startswith("«Alliance Desk ran into") and "/tmp/report.txt" in notice
    assert "{" not in notice and notice.endswith("»")
    alliance = SimpleNamespace(tier_override=2, suggested_tier=1)
    assert _tier_tip(AllianceLine(alliance, (0, 0))) == "«Set by you (suggested: Tier 1)»"  # type: ignore[arg-type]
    assert (RISKS.word, RISKS.words) == ("«risk»", "«Risks»")
    note = NoteCommand(None, SimpleNamespace(id=1), "x")  # type: ignore[arg-type]
    assert note.text() == "«Add a note»"

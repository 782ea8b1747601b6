"""The window's commands work from anywhere: the palette finds every one of them and any
record by name, "new …" asks which alliance on "All alliances", and a key that needs a
selection elsewhere says why instead of doing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPushButton

from alliance_desk.core import wall
from alliance_desk.store import governance, portfolio
from alliance_desk.ui.alliance_picker import AlliancePicker
from alliance_desk.ui.palette import Palette, plain_text
from tests.helpers import answer_dialog

HALO = "HALO-7 oncology co-development"


def _next_jsc_day(store) -> str:
    """'17 dec': the day HALO-7's next steering committee falls on in a demo built today (the demo
    dates everything from today, and keeps meetings off weekends and the year's end, so a
    fixed day would only match one day of the year): read from the demo itself."""
    from alliance_desk.store import governance, portfolio

    halo = next(a for a in portfolio.list_alliances(store) if a.name == HALO)
    day = min(
        m.draft.starts_at.date()
        for m in governance.list_meetings(store, halo.id)
        if m.draft.starts_at.date() > wall.today()
    )
    return f"{day.day} {day:%b}".lower()


def _type_and_enter(qtbot, line, text: str) -> None:
    qtbot.keyClicks(line, text)
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_the_palette_lists_every_command(demo_window, qtbot) -> None:
    seen: list[list[str]] = []

    def look(dialog) -> None:
        assert isinstance(dialog, Palette)
        seen.append([entry.text for entry in dialog.search.model.visible_rows()])

    answer_dialog(qtbot, look)
    demo_window.show_palette()
    enabled = [a for a in demo_window.commands if a.isEnabled() and a.text()]
    assert len(seen[0]) == len(enabled) > 30
    assert "Raise an escalation" in seen[0] and "Show Risks & decisions" in seen[0]
    # each names what it does: no two read alike (three once read "an encrypted portfolio's
    # passphrase", none saying which of encrypt, decrypt or change)
    assert len(set(seen[0])) == len(seen[0])
    assert "Change an encrypted portfolio's passphrase" in seen[0]


@pytest.mark.parametrize(
    ("typed", "section", "check"),
    [
        ("hannah", "stakeholders", lambda w: w.stakeholders.current().name == "Hannah Weiss"),
        (
            "fill-finish capacity",
            "risks",
            lambda w: w.risks.risks.current.draft.title.startswith("Fill-finish"),
        ),
        ("show habits", "habits", lambda w: True),
        (
            "jsc {next_jsc}",
            "risks",
            lambda w: w.risks.meetings.current.body_name.endswith("Committee"),
        ),
    ],
)
def test_the_palette_opens_what_is_typed(demo_window, qtbot, typed, section, check) -> None:
    typed = typed.format(next_jsc=_next_jsc_day(demo_window.desk.store))
    answer_dialog(qtbot, lambda dialog: _type_and_enter(qtbot, dialog.search.line, typed))
    demo_window.show_palette()
    assert demo_window.current_section() == section
    assert check(demo_window)


def test_the_palette_moves_with_the_arrow_keys_while_typing(demo_window, qtbot) -> None:
    chosen: list[str] = []

    def fill(dialog) -> None:
        qtbot.keyClicks(dialog.search.line, "halo")
        qtbot.keyClick(dialog.search.line, Qt.Key.Key_Down)
        chosen.append(dialog.search.current().text)
        qtbot.keyClick(dialog.search.line, Qt.Key.Key_Return)
        chosen.append(dialog.picked.text)

    answer_dialog(qtbot, fill)
    demo_window.show_palette()
    rows = chosen
    assert rows[0] == rows[1] and rows[0] != HALO  # the second row, not the first


ADD_DIALOGS = {
    "Person": "AddPersonDialog",
    "Interaction (log a contact)": "LogInteractionDialog",
    "Onboarding plan": "StartOnboardingDialog",
    "Escalation": "RaiseDialog",
    "Risk": "AddDialog",
    "Decision": "AddDialog",
    "Obligation": "AddDialog",
    "Partner insight": "AddDialog",
    "Committee": "FormDialog",
    "Meeting": "FormDialog",
    "Health check": "HealthDialog",
    "Habit check-in": "FormDialog",
    "Weekly review": "ReviewDialog",
}


# What these add belongs to the alliance picked first: their dialog's title names it.
NAMES_THE_ALLIANCE = {
    "Escalation", "Risk", "Decision", "Obligation", "Partner insight", "Committee", "Meeting",
    "Health check",
}  # fmt: skip


@pytest.mark.parametrize("text", sorted(ADD_DIALOGS))
def test_every_add_command_works_from_today_on_all_alliances(
    demo_window, qtbot, messages, text
) -> None:
    """From Today with "All alliances": the command asks which alliance (a list searched by
    typing) when it needs one, then opens its dialog; nothing is refused."""
    demo_window.desk.select_alliance(None)
    demo_window.show_section("today")
    action = next(
        a for a in demo_window.commands if a.property("menu") == "Add" and plain_text(a) == text
    )
    opened: list[str] = []

    def answer(dialog) -> None:
        if isinstance(dialog, AlliancePicker):
            opened.append("picker")
            _type_and_enter(qtbot, dialog.search.line, "halo-7 onc")
            return
        opened.append(type(dialog).__name__)
        titles.append(dialog.windowTitle())
        lines.append([label.text() for label in dialog.findChildren(QLabel)])
        dialog.reject()

    titles: list[str] = []
    lines: list[list[str]] = []
    answer_dialog(qtbot, answer, answer)
    action.trigger()
    assert not [m for m in messages if m[0] == "warning"], messages
    assert ADD_DIALOGS[text] in opened, opened
    if text in NAMES_THE_ALLIANCE:  # the one just picked: nothing on the form showed it
        assert f"For {HALO}" in lines[-1]
        assert HALO not in titles[-1]  # the window manager cut a long title in the middle


def test_keys_of_a_section_say_why_elsewhere(demo_window, qtbot, messages) -> None:
    demo_window.show_section("today")
    demo_window.setFocus()
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_M):
        qtbot.keyClick(
            demo_window,
            key,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert len(messages) == 3 and all("selected in Escalations" in m[1] for m in messages)
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert "no filter" in messages[-1][1]
    demo_window.show_section("portfolio")
    qtbot.keyClick(demo_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.portfolio.text_filter.hasFocus()


def test_every_menu_has_one_mnemonic_per_command(demo_window) -> None:
    """Alt+letter reaches each command once; "Risks & decisions" shows its "&"."""
    for menu_action in demo_window.menuBar().actions():
        menu = menu_action.menu()
        letters = []
        for action in menu.actions():
            if action.isSeparator():
                continue
            text = action.text().replace("&&", "")
            assert text.count("&") == 1, action.text()
            letters.append(text[text.index("&") + 1].casefold())
        assert len(letters) == len(set(letters)), (menu.title(), letters)
    titles = [plain_text(a) for a in demo_window.commands]
    assert "Risks & decisions" in titles


def test_packs_start_from_no_alliance_or_the_one_in_focus_and_its_next_meeting(
    demo_window,
) -> None:
    demo_window.desk.select_alliance(None)
    demo_window.show_section("packs")
    view = demo_window.packs
    assert view.alliance.currentData() is None and not view.export_button.isEnabled()
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    assert view.alliance.currentData() == halo.id and view.export_button.isEnabled()
    coming = governance.coming_meetings(demo_window.desk.store, _now(), None)
    nearest = next(m for m in coming if m.alliance_id == halo.id)
    assert view.meeting.currentData() == nearest.meeting_id


def _now():

    return wall.now()


def test_a_pack_is_exported_from_its_meeting_into_documents(demo_window, monkeypatch) -> None:
    """The meeting's own button: its governance pack, proposed in the documents folder under
    the alliance's name, the pack and the meeting's day."""
    proposed: list[str] = []

    def save_as(_parent, _title, suggested, _filter):
        proposed.append(suggested)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    halo = next(a for a in portfolio.list_alliances(demo_window.desk.store) if a.name == HALO)
    demo_window.desk.select_alliance(halo.id)
    demo_window.show_section("risks")
    meetings = demo_window.risks.meetings
    demo_window.risks.tabs.setCurrentWidget(meetings)
    meeting = meetings.current
    meetings.panel.pack_button.click()
    assert demo_window.current_section() == "packs"
    assert demo_window.packs.meeting.currentData() == meeting.id
    path = Path(proposed[0])
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    # the documents folder, or the home folder on a computer without one
    assert path.parent == (Path(documents) if Path(documents).is_dir() else Path.home())
    assert path.name == f"{HALO} — Governance meeting pack — {meeting.draft.starts_at:%Y-%m-%d}.pdf"


def test_ctrl_3_on_all_alliances_puts_the_keyboard_in_the_list_of_alliances(
    demo_window, qtbot
) -> None:
    """Stakeholders works on one alliance: with none in focus it lists them. Reached by its
    key, Down and Enter open the second one (the arrow keys used to move through the
    sections, Enter to do nothing)."""
    demo_window.show_section("today")
    demo_window.navigation.setFocus()
    qtbot.keyClick(demo_window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.current_section() == "stakeholders"
    chooser_list = QApplication.focusWidget()
    assert chooser_list is not None and chooser_list.accessibleName() == "Alliances"
    second = chooser_list.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(chooser_list, Qt.Key.Key_Down)
    qtbot.keyClick(chooser_list, Qt.Key.Key_Return)
    assert demo_window.current_section() == "stakeholders"
    assert demo_window.desk.alliance_id == second
    # The keyboard in the people listed (it was left on "Add person…": Down went to "More")
    assert demo_window.focusWidget() is demo_window.stakeholders.table


def test_the_palette_says_when_nothing_matches_and_shows_the_list_again(demo_window, qtbot) -> None:
    said: list[tuple[bool, str, bool]] = []
    enabled: list[bool] = []

    def fill(dialog) -> None:
        search = dialog.search
        go = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Go")
        qtbot.keyClicks(search.line, "zzqx")
        said.append((search.nothing.isVisible(), search.nothing.text(), search.table.isVisible()))
        enabled.append(go.isEnabled())
        search.line.clear()
        qtbot.keyClicks(search.line, "halo")
        said.append((search.nothing.isVisible(), "", search.table.isVisible()))
        enabled.append(go.isEnabled())
        dialog.reject()

    answer_dialog(qtbot, fill)
    demo_window.show_palette()
    (nothing_shown, text, table_shown), (nothing_after, _, table_after) = said
    assert nothing_shown and "zzqx" in text and not table_shown
    assert not nothing_after and table_after
    assert enabled == [False, True]  # Go only when there is something to go to


def test_a_long_list_of_alliances_is_narrowed_by_typing_and_opened_with_enter(
    make_window, tmp_path, qtbot
) -> None:
    """Sixty alliances sat eight rows to a box above an empty page: the list now shows twelve,
    and a line above it, which has the keyboard, narrows them to what is typed."""
    from alliance_desk.store.database import open_store
    from tests.helpers import draft

    path = tmp_path / "many.db"
    store = open_store(path, start_backup=False)
    for number in range(30):
        portfolio.create_alliance(
            store, draft(name=f"Alliance {number:02d}", partner=f"Partner {number:02d}")
        )
    store.close()
    window, error = make_window(str(path))
    assert error is None
    window.desk.select_alliance(None)
    window.show_section("today")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.navigation.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    chooser = window.stakeholders.choose
    assert QApplication.focusWidget() is chooser.filter
    shown_rows = chooser.list.height() // chooser.list.sizeHintForRow(0)
    assert shown_rows >= 12

    def visible() -> list[str]:
        rows = (chooser.list.item(r) for r in range(chooser.list.count()))
        return [item.text() for item in rows if not item.isHidden()]

    qtbot.keyClicks(chooser.filter, "partner 17")
    assert visible() == ["Alliance 17 — Partner 17"]
    chooser.filter.clear()
    qtbot.keyClicks(chooser.filter, "2")  # every word typed, anywhere in the line
    found = visible()
    assert found == [text for text in found if "2" in text] and len(found) == 12
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Down)
    qtbot.keyClick(chooser.filter, Qt.Key.Key_Return)
    chosen = portfolio.get_alliance(window.desk.store, window.desk.alliance_id)
    assert f"{chosen.name} — {chosen.partner}" == found[1]

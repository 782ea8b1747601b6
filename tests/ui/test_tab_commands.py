"""Every tab of a section is a command the palette finds by its name."""

from __future__ import annotations

from alliance_desk.ui.palette import CommandSource
from alliance_desk.ui.tab_commands import TABS


def test_each_tab_command_names_its_tab_and_shows_it(demo_window) -> None:
    for section, index, name in TABS:
        tabs = demo_window.view(section).tabs
        assert tabs.tabText(index).replace("&&", "&") == name, (section, index)


def test_decision_in_the_palette_opens_the_decision_log(demo_window) -> None:
    """ "decision" found only "Show Risks & decisions", which opens on the risk register."""
    found = CommandSource(demo_window.commands).entries("decision log")
    assert found[0].text.startswith("Decision log"), [e.text for e in found]
    demo_window.show_section("today")
    found[0].run()
    risks = demo_window.risks
    assert demo_window.current_section() == "risks"
    assert risks.tabs.currentWidget() is risks.decisions
    assert demo_window.focusWidget() is risks.decisions.table

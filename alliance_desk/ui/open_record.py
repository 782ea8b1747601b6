"""Opening a record where it lives — from Today, the palette, a question on Value — with the
keyboard in the list that shows it, and what the user chose left as it was.

Opened with Enter, the keyboard stayed on whatever Qt gave it when Today's list went out of
sight: a section's "Raise escalation…" or "Add person…" button, or a tab bar. An escalation
set the log's status filter to "Everything" (a closed one then appeared among the open), and a
risk, decision or milestone swapped "All alliances" for its own alliance (a screenshot review).
Now a section listing every alliance's records keeps "All alliances"; the log lists the
escalation opened whatever its filters say (pinned, as an issue being worked on is).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from alliance_desk.ui.section_focus import focus_content

if TYPE_CHECKING:
    from alliance_desk.core.records import Opens
    from alliance_desk.ui.main_window import MainWindow


def _keep_or_focus(window: MainWindow, alliance_id: int | None) -> None:
    """The record's alliance in focus, unless "All alliances" is (its records are listed)."""
    if window.desk.alliance_id is not None and window.desk.alliance_id != alliance_id:
        window.desk.select_alliance(alliance_id)


def open_record(window: MainWindow, opens: Opens) -> None:
    what, alliance_id, record_id = opens.what, opens.alliance_id, opens.record_id
    if what == "alliance":
        window.desk.select_alliance(record_id)
        window.show_section("portfolio")
    elif what == "person":  # a stakeholder map is one alliance's
        window.desk.select_alliance(alliance_id)
        window.show_section("stakeholders")
        window.stakeholders.select(record_id)
    elif what == "plan":
        window.desk.select_alliance(None)
        window.show_section("onboarding")
        window.onboarding.select_plan(record_id)
    elif what == "escalation":
        _keep_or_focus(window, alliance_id)
        window.show_section("escalations")
        window.escalations.reveal(record_id)
    elif what == "meeting":
        if record_id is None:  # none planned yet: the alliance's committees, to plan one
            window.desk.select_alliance(alliance_id)
        _keep_or_focus(window, alliance_id)
        window.show_section("risks")
        window.risks.tabs.setCurrentWidget(window.risks.meetings)
        window.risks.meetings.select(record_id)
    elif what == "health":  # a health check is due: the alliance's checks
        window.desk.select_alliance(alliance_id)
        window.show_section("risks")
        window.risks.tabs.setCurrentWidget(window.risks.health)
    elif what in ("milestones", "kpis"):
        _keep_or_focus(window, alliance_id)
        window.show_section("value")
        tab = getattr(window.value, what)
        window.value.tabs.setCurrentWidget(tab)
        tab.select(record_id)
    else:  # a register: risks, decisions, obligations, insights
        _keep_or_focus(window, alliance_id)
        window.show_section("risks")
        tab = getattr(window.risks, what)
        window.risks.tabs.setCurrentWidget(tab)
        tab.select(record_id)
    focus_content(window.view(window.current_section()))

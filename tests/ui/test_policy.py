"""One set of rules: a change of the portfolio's policy — from Preferences or from
`alliance-desk settings` — is counted alike by the window, its Today, `alliance-desk today`,
every pack and a teammate on the same portfolio."""

from __future__ import annotations

import json
from datetime import date

from alliance_desk.cli import main
from alliance_desk.core import wall
from alliance_desk.core.packs import Audience
from alliance_desk.store import packs, policy, portfolio
from alliance_desk.store.today import load_today
from tests.helpers import answer_dialog, teammate

HALO = "HALO-7 oncology co-development"
TODAY = wall.today()


def _halo(store) -> int:
    return next(a.id for a in portfolio.list_alliances(store) if a.name == HALO)


def _window_past_sla(window, alliance_id: int) -> int:
    """Escalations of the alliance the window's log shows past their service level."""
    window.desk.select_alliance(alliance_id)
    window.show_section("escalations")
    return sum(1 for line in window.escalations.model.visible_rows() if line.past)


def _pack_past_sla(store, alliance_id: int) -> int:
    """The same count in the governance pack's figures for the alliance."""
    inputs = packs.governance_inputs(store, alliance_id, None, Audience.INTERNAL)
    return sum(1 for e in inputs.escalations if e.past_sla(inputs.today, inputs.sla))


def _cli_today(path, capsys, *extra: str) -> dict:
    capsys.readouterr()
    assert main(["--db", str(path), "today", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _tasks(printed: dict) -> list[tuple[str, str, str, str]]:
    """The ranked tasks `today --json` printed, as the window's list shows each one."""
    return [(t["what"], t["alliance"], t["why"], t["when"]) for t in printed["tasks"]]


def _window_today(window) -> list[tuple[str, str, str, str]]:
    window.show_section("today")
    model = window.today.model
    return [(t.what, t.alliance, t.why, t.when) for t in model.tasks]


def test_a_rule_set_from_the_command_line_is_counted_alike_everywhere(demo_window, capsys):
    """The issue's case: a one-day service level. Before, the window counted past-SLA
    escalations with its own preferences while packs used the defaults."""
    store = demo_window.desk.store
    halo = _halo(store)
    before = _window_past_sla(demo_window, halo)
    assert before == _pack_past_sla(store, halo)
    for level in range(4):
        assert main(["--db", str(store.path), "settings", f"sla-level-{level}", "1"]) == 0
    demo_window.refresh()  # F5: as for any change made outside this window
    window = _window_past_sla(demo_window, halo)
    assert window > before
    assert _pack_past_sla(store, halo) == window
    with teammate(store) as other:
        assert policy.load_policy(other).sla_days == (1, 1, 1, 1)
        assert _pack_past_sla(other, halo) == window
    printed = _cli_today(store.path, capsys, "--alliance", HALO)
    late = [t for t in printed["tasks"] if t["kind"] == "escalation" and t["late"]]
    assert len(late) == window
    assert next(c["value"] for c in printed["cards"] if c["key"] == "sla") == window
    # …and the window's Today says, task for task and in the same order, what `today` prints.
    everything = _cli_today(store.path, capsys)
    shown = _window_today(demo_window)
    assert _tasks(everything)[: len(shown)] == shown and len(shown) == min(50, everything["total"])
    assert [c["value"] for c in everything["cards"]] == [
        int(button.number.text()) for button in demo_window.today.cards.buttons
    ]
    assert _says_the_same_habits(demo_window, everything["habits"])


def test_preferences_change_the_rules_for_everyone_and_undo_takes_them_back(
    demo_window, qtbot, capsys
):
    """Holidays and the week start set in Preferences reach Today, `today`, the packs and a
    teammate; Ctrl+Z puts the portfolio's rules back for all of them."""
    store = demo_window.desk.store
    halo = _halo(store)
    christmas = date(TODAY.year, 12, 25)

    def fill(dialog) -> None:
        dialog.sla[0].setValue(1)
        dialog.holidays.setPlainText(christmas.isoformat())
        dialog.week_start.setCurrentIndex(6)  # Sunday
        dialog.accept()

    answer_dialog(qtbot, fill)
    demo_window.show_preferences()
    assert demo_window.desk.policy.sla_days[0] == 1
    with teammate(store) as other:
        theirs = policy.load_policy(other)
    assert theirs == demo_window.desk.policy
    assert theirs.holidays == {christmas} and theirs.week_start == 6
    assert packs.governance_inputs(store, halo, None, Audience.INTERNAL).sla == theirs.sla
    shown = _window_today(demo_window)
    assert shown == _tasks(_cli_today(store.path, capsys))[: len(shown)]
    habits_today = load_today(store).habits
    assert _says_the_same_habits(demo_window, habits_today)
    demo_window.show_section("habits")
    assert demo_window.habits.week.weekday() == 6  # weeks start on Sunday now

    demo_window.desk.undo_stack.undo()
    assert demo_window.desk.policy == policy.load_policy(store)
    assert policy.load_policy(store).sla_days[0] == 5 and policy.load_policy(store).week_start == 0
    assert demo_window.habits.week.weekday() == 0


def test_a_preferences_change_over_a_teammates_is_refused_and_shows_theirs(
    demo_window, qtbot, messages
):
    store = demo_window.desk.store
    with teammate(store) as other:
        policy.set_setting(other, "sla-level-2", "4")  # after this window read the rules

    def fill(dialog) -> None:
        dialog.sla[2].setValue(8)
        dialog.accept()

    answer_dialog(qtbot, fill)
    demo_window.show_preferences()
    assert any("sla-level-2" in text for _kind, text in messages)
    assert policy.load_policy(store).sla_days[2] == 4
    assert demo_window.desk.policy.sla_days[2] == 4  # the window shows theirs now


def test_old_preferences_move_into_the_portfolio_once(make_window, settings) -> None:
    """After the upgrade the rules a user kept in the window's preferences are the
    portfolio's, the old keys are gone, and a later start does not bring them back."""
    settings.setValue("escalations/sla_level_1", 20)
    settings.setValue("escalations/holidays", "2026-12-25")
    settings.setValue("habits/week_start", 6)
    settings.setValue("decisions/not_implemented_days", 30)
    settings.setValue("onboarding/keep_off_weekends", False)
    window, _ = make_window(demo=True)
    rules = policy.load_policy(window.desk.store)
    assert rules.sla_days == (5, 20, 10, 10)
    assert rules.holidays == {date(2026, 12, 25)}
    assert (rules.week_start, rules.not_implemented_days, rules.keep_off_weekends) == (
        6,
        30,
        False,
    )
    assert window.desk.policy == rules
    assert not any(key.startswith(("escalations/", "habits/week")) for key in settings.allKeys())
    policy.set_setting(window.desk.store, "sla-level-1", "3")
    again, _ = make_window(demo=True)
    assert policy.load_policy(again.desk.store).sla_days[1] == 3


def _says_the_same_habits(window, line: str) -> bool:
    """Today's habit list says what `today` prints in one line ("Manage 3/3  ·  Gain 0/1"):
    the same habits in the same order, each by its whole name, with the same counts."""
    said = [habit.rsplit(" ", 1) for habit in line.split("  ·  ")]
    names = [label.text() for label in window.today.habit_week.names]
    counts = [label.text() for label in window.today.habit_week.counts]
    return len(said) == len(names) == len(counts) > 0 and all(
        name.startswith(short) and count == counted
        for (short, counted), name, count in zip(said, names, counts, strict=True)
    )


def test_each_tier_s_rhythm_is_four_fields_under_their_names(demo_window, qtbot, settings) -> None:
    """Tier rhythms were typed as "14, 30, 90, 60", the order said only by a note above them
    (and before that only on hovering): now each number is a field of its own under its
    column's name, in a rhythm's order, whole, and what is set there is the rule saved for
    everyone."""
    from PySide6.QtWidgets import QApplication, QLabel

    from alliance_desk.core.rhythm import DEFAULT_RHYTHMS
    from alliance_desk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings, "here", demo_window, demo_window.desk.policy)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    grid = dialog.rhythm_grid
    heads = {label.text(): label for label in grid.findChildren(QLabel)}
    for column, name in enumerate(("Contact", "Risk review", "Health check", "Meeting")):
        head, field = heads[name], grid.fields[0][column]
        assert head.geometry().left() == field.geometry().left(), name  # right above it
        assert head.geometry().bottom() < field.geometry().top()
        assert head.width() >= head.sizeHint().width(), f"{name} is cut"
    assert [[f.value() for f in row] for row in grid.fields] == [
        [r.contact_days, r.risk_review_days, r.health_days, r.meeting_days] for r in DEFAULT_RHYTHMS
    ]
    assert "health checks" in grid.fields[1][2].toolTip()
    assert dialog.width() <= 1024 and dialog.height() <= 700 - 19, "fits a laptop's screen"
    grid.fields[1][2].setValue(120)  # tier 2's health checks
    dialog.accept()
    assert dialog.policy is not None and dialog.policy.rhythm(2).health_days == 120
    assert dialog.policy.rhythm(1) == DEFAULT_RHYTHMS[0]


def test_the_day_counts_are_as_wide_as_their_values_not_the_dialog(
    demo_window, qtbot, settings
) -> None:
    """Stretched across the dialog ("10 backups" in a box 340 px wide) the numbers sat far
    from the arrows that change them."""
    from PySide6.QtWidgets import QApplication, QSpinBox

    from alliance_desk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings, "here", demo_window, demo_window.desk.policy)
    qtbot.addWidget(dialog)
    dialog.resize(800, dialog.height())
    dialog.show()
    QApplication.processEvents()
    spins = [s for s in dialog.findChildren(QSpinBox) if s.suffix()]
    assert len(spins) >= 6
    for spin in spins:
        assert spin.width() <= spin.sizeHint().width(), spin.suffix()
        assert spin.width() >= spin.minimumSizeHint().width(), spin.suffix()  # whole

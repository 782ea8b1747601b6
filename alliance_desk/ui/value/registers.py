"""Milestones and KPIs as registers (ui/register.py): their columns, fields and store calls."""

from __future__ import annotations

from datetime import date, timedelta

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import shown
from alliance_desk.core.obligations import Party
from alliance_desk.core.value import (
    Direction,
    Kpi,
    KpiStatus,
    Milestone,
    MilestoneStatus,
    validate_kpi,
    validate_milestone,
)
from alliance_desk.store import value
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.register import RegisterSpec
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import ON_TARGET, OVERDUE


def _day(day: date | None) -> str:
    return shown(day, "")


def _milestone_form(form: FieldForm, _people) -> None:
    form.add_line(
        "title",
        translate("value.registers", "&Milestone"),
        translate("value.registers", "What was promised"),
    )
    form.add_line(
        "planned_on",
        translate("value.registers", "&Planned for"),
        translate("value.registers", "YYYY-MM-DD"),
    )
    form.add_line(
        "forecast_on",
        translate("value.registers", "&Forecast"),
        translate("value.registers", "YYYY-MM-DD, while it is open"),
    )
    form.add_line(
        "achieved_on",
        translate("value.registers", "A&chieved on"),
        translate("value.registers", "YYYY-MM-DD, the actual date"),
    )
    form.add_choice(
        "status", translate("value.registers", "&Status"), [(s.label, s) for s in MilestoneStatus]
    )
    form.add_line(
        "value",
        translate("value.registers", "&Value attached (M)"),
        translate("value.registers", "e.g. 40 (millions, as the alliance's value)"),
    )
    form.add_choice("party", translate("value.registers", "&Whose"), [(p.label, p) for p in Party])
    form.add_check(
        "north_star", translate("value.registers", "Evidence of the &North Star (★ in the list)")
    )
    shared = form.add_check("shared", translate("value.registers", "On the &joint plan"))
    shared.setToolTip(translate("value.registers", "In the partner's pack, never its value"))


def _expected(m: Milestone) -> str:
    """When it happened or looks like happening; "—" for one missed and never achieved (its
    plan's date there, beside "Missed", read as if it had come on time)."""
    if m.draft.status is MilestoneStatus.MISSED and m.draft.achieved_on is None:
        return "—"
    return _day(m.expected_on(wall.today()))


def _slip(m: Milestone) -> str:
    days = m.slip_days(wall.today())
    return translate("Column", "{days} d").format(days=days) if days else ""


def _slip_tip(m: Milestone) -> str | None:
    days = m.slip_days(wall.today())
    if not days:
        return None
    if days == 1:
        return translate("Column", "One day later than planned")
    return translate("Column", "{days} days later than planned").format(days=days)


def _milestone_colour(m: Milestone) -> str | None:
    """Achieved is good news, late or not (the Slip beside it says how late, in orange): it
    was orange like a slip. Missed, and a slipping open one, are the warning's colour."""
    status = m.draft.status
    if status is MilestoneStatus.ACHIEVED:
        return ON_TARGET
    if status is MilestoneStatus.MISSED or m.slipped(wall.today()):
        return OVERDUE
    return None


MILESTONES = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "milestone"),
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "Milestones"),
    kind=Kind.MILESTONE,
    columns=(
        Column(
            QT_TRANSLATE_NOOP("Column", "Milestone"),
            lambda m: ("★ " if m.draft.north_star else "") + m.title,
            tooltip=lambda m: (
                translate("Column", "★ Evidence of the North Star") if m.draft.north_star else None
            ),
        ),
        # On a laptop the plan, the slip and the status stay; the rest steps aside first.
        Column(
            QT_TRANSLATE_NOOP("Column", "Planned"),
            lambda m: _day(m.draft.planned_on),
            key=lambda m: m.draft.planned_on,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Expected / actual"),
            _expected,
            key=lambda m: m.expected_on(wall.today()),
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Slip"),  # short: the cell says "12 d", hover says more
            _slip,
            key=lambda m: m.slip_days(wall.today()),
            tooltip=_slip_tip,
            align_right=True,
            colour=lambda m: OVERDUE if m.slipped(wall.today()) else None,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Status"),
            # Its word only: the Slip beside it says how late, in the same colour ("At risk,
            # slipped" held the column 30 px wider, and the alliance stepped aside on a laptop).
            lambda m: m.draft.status.label,
            tooltip=_slip_tip,
            colour=_milestone_colour,
            priority=1,
        ),
        Column(QT_TRANSLATE_NOOP("Column", "Whose"), lambda m: m.draft.party.label, priority=3),
        Column(
            QT_TRANSLATE_NOOP("Column", "Value"),
            lambda m: f"{m.draft.value:,.1f}" if m.draft.value else "",
            key=lambda m: m.draft.value,
            align_right=True,
            priority=3,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Shared"),
            lambda m: translate("Column", "Yes") if m.draft.shared else "",
            priority=3,
        ),
    ),
    build_form=_milestone_form,
    validate=validate_milestone,
    load=lambda store, alliance_id, ids=None: value.list_milestones(store, alliance_id, ids=ids),
    add=value.add_milestone,
    update=value.update_milestone,
    remove=value.remove_milestone,
    restore=value.restore_milestone,
    sort=(1, False),
    new_values=lambda _policy, today: {"planned_on": today + timedelta(days=90)},
)


def _kpi_form(form: FieldForm, _people) -> None:
    form.add_line(
        "name",
        translate("value.registers", "&KPI"),
        translate("value.registers", "What is measured"),
    )
    form.add_line(
        "unit",
        translate("value.registers", "&Unit"),
        translate("value.registers", "e.g. patients, %, $M, days"),
    )
    form.add_choice(
        "direction", translate("value.registers", "&Better when"), [(d.label, d) for d in Direction]
    )
    form.add_line("target", translate("value.registers", "&Target"))
    # Short, so the form leaves the scorecard room beside it; the rule in the tooltip.
    shared = form.add_check("shared", translate("value.registers", "On the &joint scorecard"))
    shared.setToolTip(translate("value.registers", "Shown in the partner's pack"))


# A KPI's state at a glance, by a mark as well as a colour (not by colour alone).
STATUS_MARKS = {
    KpiStatus.ON_TARGET: "✓",
    KpiStatus.CLOSE: "≈",
    KpiStatus.OFF_TARGET: "✗",
    KpiStatus.NO_DATA: "",
}


def _status_colour(k: Kpi) -> str | None:
    return {KpiStatus.OFF_TARGET: OVERDUE, KpiStatus.ON_TARGET: ON_TARGET}.get(k.status)


def _latest(k: Kpi) -> str:
    mark = STATUS_MARKS[k.status]
    return f"{mark} {k.show(k.latest)}" if mark else k.show(k.latest)


def _latest_tip(k: Kpi) -> str:
    return translate("Column", "{status}: latest {latest} against a target of {target}").format(
        status=k.status.label, latest=k.show(k.latest), target=k.show(k.draft.target)
    )


KPIS = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "KPI"),
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "KPIs"),
    kind=Kind.KPI,
    columns=(
        Column(QT_TRANSLATE_NOOP("Column", "KPI"), lambda k: k.name),
        Column(
            QT_TRANSLATE_NOOP("Column", "Target"),
            lambda k: k.show(k.draft.target),
            align_right=True,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Latest"),
            _latest,
            key=lambda k: k.latest if k.latest is not None else float("-inf"),
            align_right=True,
            tooltip=_latest_tip,
            colour=_status_colour,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Status"),
            lambda k: k.status.label,
            colour=_status_colour,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Measured"),
            lambda k: _day(k.actuals[-1][0]) if k.actuals else "",
            key=lambda k: k.actuals[-1][0] if k.actuals else date.min,
            priority=3,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Trend"),
            lambda k: f"{k.trend.mark} {k.trend.label}" if k.actuals else "—",
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Shared"),
            lambda k: translate("Column", "Yes") if k.draft.shared else "",
            priority=3,
        ),
    ),
    build_form=_kpi_form,
    validate=validate_kpi,
    load=lambda store, alliance_id, ids=None: value.list_kpis(store, alliance_id, ids=ids),
    add=value.add_kpi,
    update=value.update_kpi,
    remove=value.remove_kpi,
    restore=value.restore_kpi,
)

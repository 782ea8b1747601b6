"""When the portfolio file stops taking writes — it became read-only, or the disk is full —
every form says so, comes back with what the user typed, and nothing already saved is lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtWidgets import QComboBox
from sqlalchemy import event

from alliance_desk.core.risks import RiskCategory
from alliance_desk.store import (
    contact_log,
    escalations,
    habits,
    insights,
    onboarding,
    portfolio,
    risks,
    stakeholders,
)
from tests.helpers import answer_dialog


def read_only(store) -> Callable[[], None]:
    """From now on every connection refuses to write, as for a file made read-only.
    Returns what makes it writable again."""

    def refuse(connection, _record) -> None:
        connection.execute("PRAGMA query_only=ON")

    store.engine.dispose()
    event.listen(store.engine, "connect", refuse)
    return lambda: (store.engine.dispose(), event.remove(store.engine, "connect", refuse))


def disk_full(store) -> Callable[[], None]:
    """From now on the file cannot grow by a single page, as on a full disk."""
    store.engine.dispose()
    with sqlite3.connect(store.path) as connection:
        connection.execute("VACUUM")  # no free pages left inside the file to fill instead
    connection.close()

    def cap(connection, _record) -> None:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count={pages}")

    event.listen(store.engine, "connect", cap)
    return lambda: (store.engine.dispose(), event.remove(store.engine, "connect", cap))


@dataclass(frozen=True)
class Form:
    name: str
    open: Callable  # (window) -> None: opens the dialog
    required: Callable  # (dialog) -> None: fills what must be there besides the long text
    field: str  # the free-text field the user typed at length
    limit: int  # the most that field accepts
    count: Callable  # (store) -> int: how many records of this kind are saved


LONG = "Kept after the failure, every word of it. " * 200  # 8,400 characters


def _focus_halo(window) -> None:
    halo = next(
        a for a in portfolio.list_alliances(window.desk.store) if a.name.startswith("HALO-7")
    )
    window.desk.select_alliance(halo.id)


def _open(section: str, action: Callable) -> Callable:
    def run(window) -> None:
        _focus_halo(window)
        window.show_section(section)
        action(window)

    return run


def _register(tab: str) -> Callable:
    def run(window) -> None:
        window.risks.tabs.setCurrentWidget(getattr(window.risks, tab))
        getattr(window.risks, tab).add()

    return _open("risks", run)


def _set(**values) -> Callable:
    def run(dialog) -> None:
        for key, value in values.items():
            field = dialog.form.fields[key]
            if isinstance(field, QComboBox):
                field.setCurrentIndex(field.findData(value))
            else:
                field.setText(value)

    return run


def _first_person(dialog) -> None:
    from PySide6.QtCore import Qt

    dialog.people.item(0).setCheckState(Qt.CheckState.Checked)


def _first_plan_add_item(window) -> None:
    view = window.onboarding
    view.select_plan(onboarding.list_plans(window.desk.store)[0].id)
    view.detail.add_item()


ALL_TIME = (date(1900, 1, 1), date(2200, 1, 1))


def _register_count(lister) -> Callable:
    return lambda store: len(lister(store))


FORMS = [
    Form(
        "new alliance",
        _open("portfolio", lambda w: w.portfolio.new_alliance()),
        _set(name="Kept alliance", partner="Borealis"),
        "north_star",
        2000,
        _register_count(portfolio.list_alliances),
    ),
    Form(
        "new risk",
        _register("risks"),
        _set(title="Supply slips", category=RiskCategory.BUSINESS),
        "mitigation",
        len(LONG),
        _register_count(risks.list_risks),
    ),
    Form(
        "new decision",
        _register("decisions"),
        _set(title="Second CMO", decided_on="2026-11-02"),
        "rationale",
        len(LONG),
        _register_count(risks.list_decisions),
    ),
    Form(
        "new partner insight",
        _register("insights"),
        _set(title="Their fiscal year"),
        "detail",
        len(LONG),
        _register_count(insights.list_insights),
    ),
    Form(
        "new escalation",
        _open("escalations", lambda w: w.escalations.raise_escalation()),
        _set(title="Data transfer unsigned", category="conflict"),
        "description",
        len(LONG),
        _register_count(escalations.list_escalations),
    ),
    Form(
        "new person",
        _open("stakeholders", lambda w: w.stakeholders.add_person()),
        _set(name="Kept Person"),
        "notes",
        5000,
        lambda store: len(stakeholders.list_stakeholders(store, None)),
    ),
    Form(
        "interaction",
        _open("stakeholders", lambda w: w.stakeholders.log_interaction()),
        _first_person,
        "note",
        10_000,
        lambda store: sum(
            len(contact_log.interactions(store, a.id, limit=100_000))
            for a in portfolio.list_alliances(store)
        ),
    ),
    Form(
        "habit check-in",
        _open("habits", lambda w: w.habits.check_in()),
        lambda dialog: None,
        "note",
        2000,
        lambda store: len(habits.checkins(store, *ALL_TIME)),
    ),
    Form(
        "onboarding item",
        _open("onboarding", _first_plan_add_item),
        lambda dialog: None,
        "title",
        200,
        lambda store: sum(len(p.items) for p in onboarding.list_plans(store)),
    ),
]
# A full disk refuses only what needs a new page (4 KB): the forms with room for long text.
CASES = [(read_only, form) for form in FORMS] + [
    (disk_full, form) for form in FORMS if form.limit > 4096
]


def _fill(dialog, form: Form) -> None:
    form.required(dialog)
    field = dialog.form.fields[form.field]
    text = LONG[: form.limit]
    field.setPlainText(text) if hasattr(field, "setPlainText") else field.setText(text)


def _typed(dialog, form: Form) -> str:
    field = dialog.form.fields[form.field]
    return field.toPlainText() if hasattr(field, "toPlainText") else field.text()


@pytest.mark.parametrize(
    ("failure", "form"),
    CASES,
    ids=[f"{failure.__name__.replace('_', '-')}-{form.name}" for failure, form in CASES],
)
def test_a_failed_save_keeps_the_typing_and_loses_nothing(
    demo_window, qtbot, messages, failure, form: Form
) -> None:
    store = demo_window.desk.store
    before = form.count(store)
    restore = failure(store)
    came_back: list[str] = []
    answer_dialog(
        qtbot,
        lambda dialog: (_fill(dialog, form), dialog.accept()),
        lambda dialog: came_back.append(_typed(dialog, form)),  # then Cancel
    )
    form.open(demo_window)
    expected = "read-only" if failure is read_only else "disk is full"
    assert messages and expected in messages[-1][1], messages
    assert came_back == [LONG[: form.limit]]  # the same dialog, everything typed still there
    assert demo_window.desk.undo_stack.count() == 0  # no phantom step to undo
    restore()
    assert form.count(store) == before  # nothing half-written
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()

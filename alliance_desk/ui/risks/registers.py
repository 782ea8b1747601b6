"""The registers of the Risks & decisions section — risks, decisions, obligations, partner
insights — each said as its columns, form fields and store calls (ui/register.py shows them)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from alliance_desk.core import wall
from alliance_desk.core.changes import Kind
from alliance_desk.core.dates import entered, shown
from alliance_desk.core.insights import validate_insight
from alliance_desk.core.obligations import ObligationStatus, Party, validate_obligation
from alliance_desk.core.risks import (
    DecisionStatus,
    RiskCategory,
    RiskStatus,
    validate_decision,
    validate_risk,
)
from alliance_desk.core.time_cost import days_to_decide
from alliance_desk.store import insights, obligations, register_lists, risks
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import QT_TRANSLATE_NOOP, translate
from alliance_desk.ui.register import RegisterSpec
from alliance_desk.ui.table_model import Column
from alliance_desk.ui.theme import ERROR, OVERDUE


def _people(form: FieldForm, key: str, label: str, people) -> None:
    form.add_choice(key, label, [("—", None)] + [(f"{n} ({s})", pid) for pid, n, s in people])


def _day(value) -> str:
    return shown(value)


def _score_colour(risk) -> str | None:
    """Critical (20–25) in the error colour, high (10–16) amber: the two read apart."""
    return ERROR if risk.draft.score >= 20 else OVERDUE if risk.draft.score >= 10 else None


def _review_due(risk) -> bool:
    """A risk still open whose review date has passed."""
    review = risk.draft.next_review
    return bool(review) and review < wall.today() and risk.draft.status is not RiskStatus.CLOSED


def _risk_form(form: FieldForm, people) -> None:
    form.add_line(
        "title",
        translate("risks.registers", "&Risk"),
        translate("risks.registers", "What could go wrong"),
    )
    form.add_choice(
        "category", translate("risks.registers", "&Category"), [(c.label, c) for c in RiskCategory]
    )
    form.add_number("likelihood", translate("risks.registers", "&Likelihood (1–5)"), 1, 5).setValue(
        3
    )
    form.add_number("impact", translate("risks.registers", "&Impact (1–5)"), 1, 5).setValue(3)
    _people(form, "owner_id", translate("risks.registers", "&Owner"), people)
    form.add_text(
        "mitigation",
        translate("risks.registers", "&Mitigation"),
        translate("risks.registers", "What we do about it"),
    )
    form.add_line(
        "mitigation_planned",
        translate("risks.registers", "Mitigation &planned by"),
        translate("risks.registers", "YYYY-MM-DD"),
    )
    form.add_line(
        "mitigation_done",
        translate("risks.registers", "Mitigation &done on"),
        translate("risks.registers", "YYYY-MM-DD"),
    )
    form.add_choice(
        "status", translate("risks.registers", "&Status"), [(s.label, s) for s in RiskStatus]
    )
    form.add_line(
        "next_review",
        translate("risks.registers", "Ne&xt review"),
        translate("risks.registers", "YYYY-MM-DD"),
    )
    form.add_check(
        "internal_only", translate("risks.registers", "Internal only: never in a partner pack")
    )
    form.add_check(
        "joint", translate("risks.registers", "Joint risk: in the partner's governance pack")
    )


def _restore_risk_fields(store, risk_id, before, rating_id, expected_version=None) -> None:
    """Undo an edit: the fields as they were and the rating it recorded taken back, at once."""
    risks.update_risk(
        store, risk_id, before, expected_version=expected_version, take_back=rating_id
    )


RISKS = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "risk"),
    chosen=("category",),  # as an escalation's kind is: Business was every hurried risk's
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "Risks"),
    kind=Kind.RISK,
    columns=(
        Column(QT_TRANSLATE_NOOP("Column", "Risk"), lambda r: r.draft.title),
        Column(
            QT_TRANSLATE_NOOP("Column", "Category"), lambda r: r.draft.category.label, priority=3
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Score"),
            lambda r: f"{r.draft.score}  ({r.draft.band})",
            key=lambda r: r.draft.score,
            colour=_score_colour,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "L × I"),
            lambda r: f"{r.draft.likelihood} × {r.draft.impact}",
            priority=3,
        ),
        # On a laptop with "All alliances": the risk, its score and whose it is, first.
        Column(QT_TRANSLATE_NOOP("Column", "Status"), lambda r: r.draft.status.label, priority=2),
        Column(
            QT_TRANSLATE_NOOP("Column", "Next review"),
            lambda r: _day(r.draft.next_review),
            key=lambda r: r.draft.next_review or date.max,
            colour=lambda r: OVERDUE if _review_due(r) else None,
            priority=2,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Mitigation"),
            lambda r: r.draft.mitigation.split("\n")[0],
            priority=3,
        ),
    ),
    build_form=_risk_form,
    validate=validate_risk,
    load=lambda store, alliance_id, ids=None: risks.list_risks(
        store, alliance_id, ids=ids, history=False
    ),
    add=risks.add_risk,
    update=risks.update_risk,
    remove=risks.remove_risk,
    restore=risks.restore_risk,
    undo_update=_restore_risk_fields,
    sort=(2, True),
    page=lambda store, alliance_id, order, only=None, **at: register_lists.risk_page(
        store, alliance_id, order, **at
    ),
    sorts=register_lists.RISK_SORTS,
)


def _days_to_decide(decision) -> str:
    """Days from question to decision; an open question's days so far."""
    draft = decision.draft
    if draft.raised_on is None:
        return ""
    if draft.open:
        days = max(0, (wall.today() - draft.raised_on).days)
        return translate("Column", "{days} so far").format(days=days)
    return str(days_to_decide(decision))


def _decision_form(form: FieldForm, _people) -> None:
    form.add_line(
        "title",
        translate("risks.registers", "&Decision"),
        translate("risks.registers", "What was decided, or the question to decide"),
    )
    form.add_line(
        "raised_on",
        translate("risks.registers", "&Question raised on"),
        translate("risks.registers", "YYYY-MM-DD (blank if not known)"),
    )
    form.add_line(
        "decided_on",
        translate("risks.registers", "Decided &on"),
        translate("risks.registers", "YYYY-MM-DD, blank if still open"),
    )
    form.add_line(
        "forum",
        translate("risks.registers", "&Forum"),
        translate("risks.registers", "e.g. JSC, or the meeting"),
    )
    form.add_line("makers", translate("risks.registers", "Decision &makers"))
    form.add_text("alternatives", translate("risks.registers", "&Alternatives considered"))
    form.add_text("rationale", translate("risks.registers", "&Rationale"))
    form.add_choice(
        "status",
        translate("risks.registers", "&Implementation"),
        [(s.label, s) for s in DecisionStatus],
    )
    form.add_line(
        "review_date",
        translate("risks.registers", "Re&view on"),
        translate("risks.registers", "YYYY-MM-DD"),
    )
    form.add_check(
        "internal_only", translate("risks.registers", "Internal only: never in a partner pack")
    )
    hint = QLabel(
        translate(
            "risks.registers",
            "By its forum: joint if taken in a committee (JSC, JDC, joint …), and then in "
            "the partner's governance pack.",
        )
    )
    hint.setObjectName("muted")
    hint.setWordWrap(True)
    form.add_choice(  # short choices: whole in a narrow panel; the hint says the rule
        "shared_with_partner",
        translate("risks.registers", "Taken &jointly"),
        [
            (translate("risks.registers", "By its forum"), None),
            (translate("risks.registers", "Yes — in the partner's pack"), True),
            (translate("risks.registers", "No — ours only"), False),
        ],
        hint,
    )


DECISIONS = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "decision"),
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "Decisions"),
    kind=Kind.DECISION,
    columns=(
        Column(QT_TRANSLATE_NOOP("Column", "Decision"), lambda d: d.draft.title),
        Column(
            QT_TRANSLATE_NOOP("Column", "Decided"),
            lambda d: (
                translate("risks.registers", "Open question")
                if d.draft.open
                else _day(d.draft.decided_on)
            ),
            key=lambda d: d.draft.decided_on or date.max,  # open questions sort as newest
            colour=lambda d: OVERDUE if d.draft.open else None,
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Days to decide"), lambda d: _days_to_decide(d), priority=3
        ),
        Column(QT_TRANSLATE_NOOP("Column", "Forum"), lambda d: d.draft.forum, priority=2),
        Column(
            QT_TRANSLATE_NOOP("Column", "Implementation"),
            lambda d: d.draft.implementation,
            priority=2,  # after whose it is, on a laptop with "All alliances"
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Review"),
            lambda d: _day(d.draft.review_date),
            key=lambda d: d.draft.review_date or date.max,
            colour=lambda d: (
                OVERDUE
                if d.draft.review_date
                and d.draft.review_date < wall.today()
                and d.draft.status is not DecisionStatus.IMPLEMENTED
                else None
            ),
            priority=2,
        ),
    ),
    build_form=_decision_form,
    validate=validate_decision,
    load=lambda store, alliance_id, ids=None: risks.list_decisions(store, alliance_id, ids=ids),
    add=risks.add_decision,
    update=risks.update_decision,
    remove=risks.remove_decision,
    restore=risks.restore_decision,
    sort=(1, True),
    # `only`: (today, days) for the decisions still not implemented that many days after.
    page=lambda store, alliance_id, order, only=None, **at: register_lists.decision_page(
        store, alliance_id, order, stalled=only, **at
    ),
    sorts=register_lists.DECISION_SORTS,
    new_values=lambda policy, today: {
        "decided_on": today,
        "review_date": policy.review_date_for(today),
    },
)


def _obligation_form(form: FieldForm, _people) -> None:
    form.add_line(
        "title",
        translate("risks.registers", "&Obligation"),
        translate("risks.registers", "What the agreement requires"),
    )
    form.add_choice("party", translate("risks.registers", "&Whose"), [(p.label, p) for p in Party])
    form.add_line(
        "due_date", translate("risks.registers", "&Due"), translate("risks.registers", "YYYY-MM-DD")
    )
    form.add_number(
        "notice_days", translate("risks.registers", "&Notice (days before)"), 0, 730
    ).setValue(30)
    form.add_choice(
        "status", translate("risks.registers", "&Status"), [(s.label, s) for s in ObligationStatus]
    )
    form.add_check(
        "internal_only", translate("risks.registers", "Internal only: never in a partner pack")
    )


def _past_due(obligation) -> bool:
    draft = obligation.draft
    return draft.status is ObligationStatus.OPEN and draft.due_date < wall.today()


def _obligation_status(obligation) -> str:
    """Its status, and "past due" when an open one's day has gone by."""
    label = obligation.draft.status.label
    if _past_due(obligation):
        return translate("Column", "{status}, past due").format(status=label)
    return label


OBLIGATIONS = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "obligation"),
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "Obligations"),
    kind=Kind.OBLIGATION,
    columns=(
        Column(QT_TRANSLATE_NOOP("Column", "Obligation"), lambda o: o.draft.title),
        # On a laptop with "All alliances": the obligation, when it is due and whose it is.
        Column(QT_TRANSLATE_NOOP("Column", "Whose"), lambda o: o.draft.party.label, priority=2),
        Column(
            QT_TRANSLATE_NOOP("Column", "Due"),
            lambda o: shown(o.draft.due_date),
            key=lambda o: o.draft.due_date,
            colour=lambda o: (
                OVERDUE
                if o.draft.status is ObligationStatus.OPEN and o.draft.notice_from <= wall.today()
                else None
            ),
            priority=1,
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Notice from"),
            lambda o: shown(o.draft.notice_from),
            key=lambda o: o.draft.notice_from,
            priority=3,  # after the status ("Open, past due")
        ),
        Column(
            QT_TRANSLATE_NOOP("Column", "Status"),
            _obligation_status,
            colour=lambda o: OVERDUE if _past_due(o) else None,
            priority=2,
        ),
    ),
    build_form=_obligation_form,
    validate=validate_obligation,
    load=lambda store, alliance_id, ids=None: obligations.list_obligations(
        store, alliance_id, ids=ids
    ),
    add=obligations.add_obligation,
    update=obligations.update_obligation,
    remove=obligations.remove_obligation,
    restore=obligations.restore_obligation,
    sort=(2, False),
    new_values=lambda policy, _today: {"notice_days": policy.obligation_notice_days},
)


def _insight_form(form: FieldForm, _people) -> None:
    form.add_wrapped_line(  # an insight is a sentence or two: all of it in sight
        "title",
        translate("risks.registers", "&Insight"),
        translate("risks.registers", "What you learned about the partner"),
    )
    form.add_line(
        "noted_on",
        translate("risks.registers", "&Noted on"),
        translate("risks.registers", "YYYY-MM-DD"),
    ).setText(entered(wall.today()))
    form.add_line(
        "source",
        translate("risks.registers", "&Source"),
        translate("risks.registers", "Who or where it came from"),
    )
    form.add_text(
        "detail",
        translate("risks.registers", "&Detail"),
        translate("risks.registers", "What it means for the alliance"),
        90,
    )
    form.add_check(
        "internal_only", translate("risks.registers", "Internal only: never in a partner pack")
    )


INSIGHTS = RegisterSpec(
    noun=QT_TRANSLATE_NOOP("RegisterSpec", "insight"),
    plural=QT_TRANSLATE_NOOP("RegisterSpec", "Insights"),
    kind=Kind.INSIGHT,
    columns=(
        Column(QT_TRANSLATE_NOOP("Column", "Insight"), lambda i: i.draft.title),
        Column(  # after whose it is: an insight is a sentence, a laptop has room for one more
            QT_TRANSLATE_NOOP("Column", "Noted"),
            lambda i: shown(i.draft.noted_on),
            key=lambda i: i.draft.noted_on,
            priority=2,
        ),
        Column(QT_TRANSLATE_NOOP("Column", "Source"), lambda i: i.draft.source, priority=2),
    ),
    build_form=_insight_form,
    validate=validate_insight,
    load=lambda store, alliance_id, ids=None: insights.list_insights(store, alliance_id, ids=ids),
    add=insights.add_insight,
    update=insights.update_insight,
    remove=insights.remove_insight,
    restore=insights.restore_insight,
    sort=(1, True),
)

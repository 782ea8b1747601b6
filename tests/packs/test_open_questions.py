"""Open questions in the packs: the governance pack lists them slowest first apart from the
decisions to implement, the partner's pack names a joint one without our cost-of-time
figures, and the executive report counts them with how long the slowest has waited."""

from __future__ import annotations

from datetime import timedelta

from alliance_desk.core import wall
from alliance_desk.core.dates import shown
from alliance_desk.core.packs import Audience
from alliance_desk.packs.compose import governance_pack, portfolio_report
from alliance_desk.packs.outcomes import headline
from alliance_desk.packs.render import render
from alliance_desk.store import packs as gather
from alliance_desk.store import portfolio
from tests.packs.test_packs import HALO, text_of

EU = "Who files in the EU: Kestrel as sponsor, or us?"  # the demo's, raised 64 days ago
KOREA = "Co-promote in Korea, or out-license the territory?"  # raised 41 days ago


def _halo(store) -> int:
    return next(a.id for a in portfolio.list_alliances(store) if a.name == HALO)


def test_the_governance_pack_lists_open_questions_apart(demo_store, tmp_path) -> None:
    halo = _halo(demo_store)
    raised = shown(wall.today() - timedelta(days=64))
    inputs = gather.governance_inputs(demo_store, halo, None, Audience.INTERNAL)
    text = text_of(render(governance_pack(inputs), tmp_path / "internal.pdf"))
    questions = text.split("Open question, slowest first")[1].split("Not yet implemented")[0]
    assert EU in questions and raised in questions and "64 days" in questions
    assert EU not in text.split("Not yet implemented")[1]  # not a decision to chase
    assert "1 — Open questions to decide" in text  # a key figure (its value comes first)
    partner = gather.governance_inputs(demo_store, halo, None, Audience.PARTNER)
    shared = text_of(render(governance_pack(partner), tmp_path / "partner.pdf"))
    assert EU in shared.split("Awaiting decision")[1]  # raised in the JSC: a joint question
    assert raised not in shared and "64 days" not in shared  # when we asked it is ours


def test_the_executive_report_counts_open_questions_slowest_first(demo_store, tmp_path) -> None:
    today = wall.today()
    inputs = gather.portfolio_inputs(demo_store, today - timedelta(days=90), today)
    text = text_of(render(portfolio_report(inputs), tmp_path / "report.pdf"))
    figures = {label: shown for label, shown, _ in headline(inputs).blocks[0].figures}
    assert figures["Open questions (longest open)"] == "2 (64 days)"
    assert "2 (64 days)" in text.split("Outcomes at a glance")[2][:600]  # after the contents
    listed = text.split("Open questions, slowest first")[1]
    assert EU in listed and KOREA in listed and listed.index(EU) < listed.index(KOREA)
    assert "days each open question has waited so far beyond 30 days" in text

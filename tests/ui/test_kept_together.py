"""Words that belong together stay on one line where a narrow label wraps, and a status read
inside a sentence is not capitalised as a heading (a screenshot review at 1024×700: "S" over
"snoozes", "○" over "neutral", "— Off target, Steady")."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def _labels(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_today_s_keys_break_between_keys_never_inside_one(demo_window) -> None:
    (hint,) = [t for t in _labels(demo_window.today) if t.startswith("Keys in the list")]
    assert "S\u00a0snoozes" in hint and "P\u00a0prepares\u00a0the\u00a0pack" in hint
    assert " · " in hint  # where it may break


def test_the_map_legend_keeps_each_mark_with_its_word(demo_window) -> None:
    demo_window.show_section("stakeholders")
    (legend,) = [t for t in _labels(demo_window.stakeholders) if "champion" in t]
    for word in ("champion", "supporter", "neutral", "sceptic", "blocker"):
        assert f"\u00a0{word}" in legend, word


def test_a_kpi_s_status_reads_as_part_of_its_sentence(demo_window) -> None:
    demo_window.show_section("value")
    view = demo_window.value
    scorecard = view.kpis
    view.tabs.setCurrentWidget(scorecard)
    scorecard.table.selectRow(0)
    caption = scorecard.caption.text()
    assert " — " in caption
    status = caption.split(" — ", 1)[1]
    assert status == status.lower(), caption

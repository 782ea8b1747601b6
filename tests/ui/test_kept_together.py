"""Words that belong together stay on one line where a narrow label wraps, and a status read
inside a sentence is not capitalised as a heading (a screenshot review at 1024×700: "S" over
"snoozes", "○" over "neutral", "— Off target, Steady")."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def _labels(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_today_s_keys_break_between_keys_never_inside_one(demo_window) -> None:
    """Each key and what it does on one line; a line never ends or starts with "·"."""
    from alliance_desk.ui.parts_label import SEPARATOR

    keys = demo_window.today.keys
    for width in (160, 200, 260, 400, 900):
        keys.resize(width, keys.heightForWidth(width))
        lines = keys.text().split("\n")
        parts = [part for line in lines for part in line.split(SEPARATOR)]
        assert parts == keys.parts and "S snoozes" in parts and "P prepares the pack" in parts
        assert not any(line.endswith("·") or line.startswith("·") for line in lines)


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

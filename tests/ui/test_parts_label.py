"""A line of parts wraps between its parts, as many on a line as fit, never leaving a "·" at
a line's end or start (Today's keys on a laptop ended four lines in a dangling "·")."""

from __future__ import annotations

import itertools

from PySide6.QtWidgets import QVBoxLayout, QWidget

from alliance_desk.ui.parts_label import SEPARATOR, PartsLabel

KEYS = (
    "Keys in the list: Enter opens the record · L logs the call · Space ticks the item · "
    "P prepares the pack · S snoozes"
)


def test_parts_wrap_between_them_as_many_on_a_line_as_fit(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    label = PartsLabel(KEYS)
    layout.addWidget(label)
    layout.addStretch(1)
    holder.show()
    advance = label.fontMetrics().horizontalAdvance
    whole = advance(KEYS)
    seen = set()
    for width in range(whole + 60, 90, -17):
        holder.resize(width, 400)
        qtbot.waitUntil(lambda w=width: label.width() <= w)
        lines = label.text().split("\n")
        seen.add(len(lines))
        assert [p for line in lines for p in line.split(SEPARATOR)] == label.parts
        for line in lines:
            assert not line.startswith("·") and not line.endswith("·"), lines
            assert advance(line) <= label.width() or SEPARATOR not in line, (width, line)
        for first, second in itertools.pairwise(lines):  # none could take more
            assert advance(first + SEPARATOR + second.split(SEPARATOR)[0]) > label.width() - 1
        assert label.height() >= label.heightForWidth(label.width())
        assert label.heightForWidth(label.width()) >= len(lines) * label.fontMetrics().height()
    assert 1 in seen and len(label.parts) in seen  # from one line to a part a line

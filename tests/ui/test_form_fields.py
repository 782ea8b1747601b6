"""Fields that fit a narrow detail panel: a long one-line text (an insight) wraps in sight
and stays one line, a check box's words wrap instead of holding the panel wide, and a
choice's whole text is its tooltip; the decision's "Taken jointly" choices are whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

from alliance_desk.ui.forms import FieldForm, WrappedLine, WrappingCheck
from tests.ui.test_fits import SIZES, settle
from tests.ui.test_register_fits import _focus, _show

INSIGHT = (
    "Kestrel's board now measures the alliance on time to filing, not cost, and their CFO "
    "asks for a monthly view of the supply investments"
)


def _narrow(qtbot, form: FieldForm, width: int) -> FieldForm:
    """`form` on screen, `width` pixels wide (a detail panel on a laptop)."""
    qtbot.addWidget(form)
    form.resize(width, 400)
    form.show()
    settle()
    return form


def test_a_long_insight_wraps_in_sight_and_stays_one_line(qtbot) -> None:
    form = FieldForm()
    line = form.add_wrapped_line("title", "&Insight")
    _narrow(qtbot, form, 260).set_values({"title": INSIGHT})
    settle()
    assert isinstance(line, WrappedLine)
    assert not line.verticalScrollBar().isVisible(), "every line of it in sight"
    assert line.height() >= 3 * line.fontMetrics().lineSpacing()
    line.setFocus()
    line.moveCursor(line.textCursor().MoveOperation.End)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    line.insertPlainText(" pasted\nacross lines")
    assert form.values()["title"] == INSIGHT + " pasted across lines"


def test_a_check_box_wraps_and_its_words_tick_it(qtbot) -> None:
    form = FieldForm()
    box = form.add_check("internal_only", "Internal only: never in a partner pack")
    _narrow(qtbot, form, 160)
    assert isinstance(box, WrappingCheck)
    assert form.minimumSizeHint().width() <= 160, "the panel may be narrower than one line"
    assert box.height() >= 2 * box.fontMetrics().lineSpacing(), "on two lines, whole"
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 8, box.height() - 6))
    assert box.isChecked() and form.values()["internal_only"] is True


def test_a_choice_says_its_whole_text_on_hover(qtbot) -> None:
    form = FieldForm()
    combo = form.add_choice("side", "&Side", [("A long first choice", 1), ("Second", 2)])
    qtbot.addWidget(form)
    assert combo.toolTip() == "A long first choice"
    combo.setCurrentIndex(1)
    assert combo.toolTip() == "Second"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_taken_jointly_reads_whole(demo_window, size) -> None:
    """ "By its forum: yes if taken in a committe" was cut mid-word at 1440×900."""
    demo_window.resize(*size)
    _focus(demo_window, None)
    _show(demo_window, "risks", "decisions", 1)
    settle()
    combo = demo_window.view("risks").decisions.form.fields["shared_with_partner"]
    assert combo.isVisible()
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = (
        combo.style()
        .subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            combo,
        )
        .width()
    )
    for index in range(combo.count()):
        assert combo.fontMetrics().horizontalAdvance(combo.itemText(index)) <= room


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_hint_under_a_field_keeps_every_line_in_a_narrow_panel(demo_window, size) -> None:
    """The portfolio's tier hint lost its third line once the panel could be narrower."""
    from alliance_desk.ui.portfolio.form import AllianceForm

    demo_window.resize(*size)
    demo_window.show_section("portfolio")
    settle()
    form = demo_window.view("portfolio").findChild(AllianceForm)
    hint = form.tier_hint
    assert hint.isVisible() and hint.text()
    assert hint.height() >= hint.heightForWidth(hint.width())
    for box in form.findChildren(WrappingCheck):
        assert box.height() >= box.heightForWidth(box.width()), box.text()


def test_internal_only_greys_out_what_would_share_the_record(qtbot) -> None:
    """A risk could be "Internal only" and "Joint risk: in the partner's governance pack" at
    once, and which one won was a guess: what shares a record is greyed out, saying why,
    while it is internal only, and comes back with its own words when unticked."""
    from alliance_desk.ui.escalations.dialogs import RaiseDialog
    from alliance_desk.ui.register_commands import AddDialog
    from alliance_desk.ui.risks.registers import DECISIONS, RISKS

    dialogs = [AddDialog(RISKS, []), AddDialog(DECISIONS, []), RaiseDialog([])]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
    keys = ("joint", "shared_with_partner", "shared_with_partner")
    forms = [(dialog.form, key) for dialog, key in zip(dialogs, keys, strict=True)]
    for form, key in forms:
        internal, sharing = form.fields["internal_only"], form.fields[key]
        own = sharing.toolTip()
        assert not internal.isChecked() and sharing.isEnabled(), key
        internal.setChecked(True)
        assert not sharing.isEnabled(), key
        assert "never in a partner pack" in sharing.toolTip(), key
        internal.setChecked(False)
        assert sharing.isEnabled() and sharing.toolTip() == own, key
    assert "By its level" in forms[2][0].fields["shared_with_partner"].toolTip()

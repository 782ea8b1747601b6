"""Every dialog of the app saves with Ctrl+Enter and cancels with Esc, from every field it
has — a multi-line note included — through one mechanism (ui/dialog_keys.py). The dialog
classes are found by walking the ui package, so a new one fails here until it is built below."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

import alliance_desk.ui
from alliance_desk.core import wall
from alliance_desk.core.governance import Body
from alliance_desk.core.habits import WeekFacts
from alliance_desk.core.onboarding import Template
from alliance_desk.core.people import Side
from alliance_desk.core.policy import Policy
from alliance_desk.core.portfolio import validate_alliance
from alliance_desk.core.records import Opens
from alliance_desk.core.task import Task

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QListWidget, QTableWidget)


def dialog_classes() -> dict[str, type]:
    found = {}
    for module in pkgutil.walk_packages(alliance_desk.ui.__path__, "alliance_desk.ui."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if (
                inspect.isclass(value)
                and issubclass(value, QDialog)
                and value.__module__ == loaded.__name__
            ):
                found[name] = value
    return found


def _facts(week: date) -> WeekFacts:
    return WeekFacts(week, 3, 1, 2, 1, 0, 0, 2, 1, 2, 7)


def _build(name: str, cls: type, window, tmp_path: Path) -> QDialog:
    """One of each dialog, as the app makes it."""
    from alliance_desk.store.baseline import model as baseline_model
    from alliance_desk.ui.palette import CommandSource
    from alliance_desk.ui.risks.registers import RISKS

    today = wall.today()
    templates = [Template("Governance committee member", "For a JSC member", ())]
    people = [(1, "Ana Lima", "internal"), (2, "Bo Chen", "partner")]
    task = Task(
        "call:1", "call", "Call Ana", "Aurora", "Monthly", today, today, Opens("person", 1, 1)
    )
    alliance = validate_alliance({"name": "Aurora", "partner": "Borealis"})
    makers = {
        "AddDialog": lambda: cls(RISKS, people),
        "AddPersonDialog": lambda: cls([(5, "Cy", Side.PARTNER)]),
        "LogInteractionDialog": lambda: cls([(1, "Ana Lima (Our company)")], {1}),
        "HealthDialog": lambda: cls(),
        "MembersDialog": lambda: cls(Body(1, 1, "JSC", "jsc", (1,)), []),
        "BackupsDialog": lambda: cls(tmp_path / "portfolio.sqlite3", 10, lambda _t: None),
        "PreferencesDialog": lambda: cls(window.settings, "here", None, Policy()),
        "NewAllianceDialog": lambda: cls(),
        "SnoozeDialog": lambda: cls(task, today),
        "TemplateEditor": lambda: cls(Template("Mine", "", ())),
        "TemplatesDialog": lambda: cls(window.view("onboarding")),
        "StartOnboardingDialog": lambda: cls(
            [("Aurora", 1)], lambda _a: [(5, "Ana", "JSC member")], templates, alliance_id=1
        ),
        "AddItemDialog": lambda: cls(),
        "BaselineDialog": lambda: cls(baseline_model(), None),
        "RaiseDialog": lambda: cls(people),
        "ReasonDialog": lambda: cls("Escalate", "Why?"),
        "ResolveDialog": lambda: cls(),
        "AlliancePicker": lambda: cls([_stored(alliance)], "Which one?", suggested=1),
        "ReviewDialog": lambda: cls(today, lambda w: (_facts(w), None), []),
        "FormDialog": lambda: _form_dialog(cls),
        "Palette": lambda: cls([CommandSource(window.commands)]),
        "PassphraseDialog": lambda: cls("Encrypt", "A passphrase:", new=True),
        "LockPrompt": lambda: cls("portfolio.sqlite3", lambda _secret: False, window),
        "KeysHelp": lambda: cls(window.commands),
    }
    return makers[name]()


def _stored(draft):
    from alliance_desk.core.portfolio import DRAFT_FIELDS, Alliance

    return Alliance(id=1, **{f: getattr(draft, f) for f in DRAFT_FIELDS})


def _form_dialog(cls):
    dialog = cls("Check in", "Check in", lambda values: values)
    dialog.form.add_line("title", "&Title")
    dialog.form.add_text("note", "&Note")
    return dialog


def test_every_dialog_class_is_covered() -> None:
    assert set(dialog_classes()) == {
        "AddDialog", "AddPersonDialog", "LogInteractionDialog", "HealthDialog",
        "MembersDialog", "BackupsDialog", "PreferencesDialog", "NewAllianceDialog",
        "SnoozeDialog", "TemplateEditor", "TemplatesDialog", "StartOnboardingDialog",
        "AddItemDialog", "RaiseDialog", "ReasonDialog", "ResolveDialog", "AlliancePicker",
        "ReviewDialog", "FormDialog", "Palette", "BaselineDialog", "PassphraseDialog",
        "LockPrompt", "KeysHelp",
    }  # fmt: skip


def _fields(dialog: QDialog) -> list[QWidget]:
    return [
        w
        for w in dialog.findChildren(QWidget)
        if isinstance(w, INPUTS) and w.isVisibleTo(dialog) and w.isEnabled()
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_ctrl_enter_saves_and_esc_cancels_from_every_field(
    name, demo_window, qtbot, tmp_path, monkeypatch
) -> None:
    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    qtbot.addWidget(dialog)
    accepted: list[str] = []
    monkeypatch.setattr(dialog, "accept", lambda: accepted.append("accept"))
    dialog.show()
    fields = _fields(dialog)
    assert fields, f"{name} has no field to type in"
    for field in fields:
        field.setFocus()
        before = field.toPlainText() if isinstance(field, QPlainTextEdit) else None
        count = len(accepted)
        qtbot.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert len(accepted) == count + 1, f"Ctrl+Enter in a {type(field).__name__} of {name}"
        if before is not None:
            assert field.toPlainText() == before  # no line added to the note
        if not dialog.isVisible():
            dialog.show()
        qtbot.keyClick(field, Qt.Key.Key_Escape)
        if isinstance(field, QComboBox) and field.view().isVisible():
            qtbot.keyClick(field.view(), Qt.Key.Key_Escape)
        if name == "LockPrompt":  # a locked window stays locked: Esc does not dismiss it
            assert dialog.isVisible() and "stays locked" in dialog.message.text()
            continue
        assert not dialog.isVisible(), f"Esc in a {type(field).__name__} of {name}"
        assert dialog.result() == QDialog.DialogCode.Rejected
        dialog.show()
    buttons = [b.toolTip() for b in dialog.findChildren(QAbstractButton)]
    assert "Ctrl+Enter, from any field" in buttons or name in (
        "BackupsDialog",
        "TemplatesDialog",
        "KeysHelp",
    )
    assert "Esc" in buttons or name in ("BackupsDialog", "TemplatesDialog", "LockPrompt")
    QApplication.processEvents()


def _mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].casefold() if 0 <= at < len(plain) - 1 else None


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_each_alt_letter_reaches_one_thing(name, demo_window, tmp_path) -> None:
    """Within a dialog no two labels, boxes or buttons share their Alt+letter."""
    from PySide6.QtWidgets import QLabel

    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    texts = [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    letters = [m for m in map(_mnemonic, texts) if m]
    repeated = sorted({m for m in letters if letters.count(m) > 1})
    assert not repeated, (name, repeated, texts)
    dialog.deleteLater()


def test_the_app_icon_is_drawn_sharp_at_every_size(qapp) -> None:
    """An SVG: as crisp at 16 px as at 512 (high-DPI screens), two rings on the accent."""
    from alliance_desk.ui.theme import icon

    app_icon = icon("app")
    for size in (16, 32, 64, 512):
        image = app_icon.pixmap(size, size).toImage()
        assert image.width() == size
    big = app_icon.pixmap(512, 512).toImage()
    colours = {big.pixelColor(x, 256).name() for x in range(0, 512, 4)}
    assert "#2f6f8f" in colours and "#ffffff" in colours and "#f0a553" in colours


def test_each_form_of_the_sections_has_one_field_per_alt_letter(demo_window) -> None:
    from PySide6.QtWidgets import QLabel

    from alliance_desk.ui.forms import FieldForm
    from alliance_desk.ui.risks import registers
    from alliance_desk.ui.sections import SECTIONS

    forms = []
    for spec in (registers.RISKS, registers.DECISIONS, registers.OBLIGATIONS, registers.INSIGHTS):
        form = FieldForm()
        spec.build_form(form, [(1, "Ana", "internal")])
        forms.append((spec.noun, form))
    for section in SECTIONS:
        view = demo_window.view(section.key)
        demo_window.show_section(section.key)
        forms += [(section.key, form) for form in view.findChildren(FieldForm)]
    assert len(forms) > 6
    for where, form in forms:
        texts = [label.text() for label in form.findChildren(QLabel) if label.buddy() is not None]
        texts += [box.text() for box in form.findChildren(QAbstractButton)]
        letters = [m for m in map(_mnemonic, texts) if m]
        assert len(letters) == len(set(letters)), (where, texts)


def test_preferences_line_up_this_computer_s_fields_with_the_portfolio_s_rules(
    qtbot, settings
) -> None:
    from PySide6.QtCore import QPoint

    from alliance_desk.core.policy import Policy
    from alliance_desk.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(settings, "/home/me/portfolio.db", None, Policy())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    starts = {
        field.mapTo(dialog, QPoint(0, 0)).x()
        for field in (dialog.keep, dialog.lock_after, dialog.sla[0], dialog.rhythm_grid)
    }
    assert len(starts) == 1, starts


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_a_dialog_opens_as_tall_as_its_fields_each_beside_its_label(
    name, demo_window, qtbot, tmp_path
) -> None:
    """Heights were worked out at a dialog's narrowest, where labels sit above fields; shown
    wider, the spare height went to whatever could grow: a note box floated 35 px below its
    label in Add a risk, the people list and the note in Log an interaction."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QFormLayout

    from alliance_desk.ui.forms import FieldForm

    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        assert dialog.height() <= layout.totalHeightForWidth(dialog.width()) + 1, name
    for form in dialog.findChildren(FieldForm):
        rows = form.layout_
        if not form.isVisible() or rows.rowWrapPolicy() != QFormLayout.RowWrapPolicy.WrapLongRows:
            continue
        for row in range(rows.rowCount()):
            label = rows.itemAt(row, QFormLayout.ItemRole.LabelRole)
            holder = rows.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or holder is None or not label.widget().isVisible():
                continue
            field = holder.widget().layout().itemAt(0).widget()
            top = label.widget().mapTo(dialog, QPoint(0, 0)).y()
            assert abs(field.mapTo(dialog, QPoint(0, 0)).y() - top) <= 8, (
                name,
                label.widget().text(),
            )
    dialog.deleteLater()


def test_a_dialog_s_buttons_are_words_alone_like_the_window_s(demo_window, qapp, tmp_path):
    """The desktop's green tick and red cross sat on Save and Cancel, and nowhere else (a
    desktop whose style puts icons on dialog buttons, as the review's did)."""
    from PySide6.QtWidgets import QDialogButtonBox, QProxyStyle, QStyle

    from alliance_desk.ui.theme import apply_theme

    class WithIcons(QProxyStyle):
        def styleHint(self, hint, option=None, widget=None, returned=None):
            if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
                return 1
            return super().styleHint(hint, option, widget, returned)

    qapp.setStyle(WithIcons("Fusion"))
    try:
        plain = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        assert not plain.buttons()[0].icon().isNull()  # this style would put icons there
        for name in ("RaiseDialog", "LogInteractionDialog", "FormDialog", "PreferencesDialog"):
            dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
            for box in dialog.findChildren(QDialogButtonBox):
                assert all(button.icon().isNull() for button in box.buttons()), name
            dialog.deleteLater()
    finally:
        qapp.setStyle("Fusion")
        apply_theme(qapp)


@pytest.mark.parametrize("name", sorted(dialog_classes()))
def test_a_dialog_s_fields_line_up_with_its_buttons_and_words(
    name, demo_window, qtbot, tmp_path
) -> None:
    """The form kept a margin of its own inside the dialog's: its fields ended 9 px short of
    the buttons' right edge, and its labels sat 9 px right of the words above them."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLineEdit

    from alliance_desk.ui.forms import FieldForm

    dialog = _build(name, dialog_classes()[name], demo_window, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edge = dialog.layout().contentsRect()
    boxes = [b for b in dialog.findChildren(QDialogButtonBox) if b.isVisible()]
    forms = [  # the dialog's own form, across its whole width
        f
        for f in dialog.findChildren(FieldForm)
        if f.isVisible() and f.mapTo(dialog, QPoint(0, 0)).x() == edge.left()
    ]
    for form in forms[:1]:
        rows = form.layout_
        for row in range(rows.rowCount()):
            label = rows.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget().isVisible():
                assert label.widget().mapTo(dialog, QPoint(0, 0)).x() == edge.left(), name
        if boxes:
            buttons = [b for b in boxes[-1].buttons() if b.isVisible()]
            right = max(b.mapTo(dialog, QPoint(b.width(), 0)).x() for b in buttons)
            for line in form.fields.values():
                if isinstance(line, QLineEdit) and line.isVisible():
                    end = line.mapTo(dialog, QPoint(line.width(), 0)).x()
                    assert abs(end - right) <= 1, (name, line.accessibleName())
    dialog.deleteLater()

"""What every dialog shares: OK and Cancel buttons that say their keys, and a form dialog that
stays open until what it holds is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from alliance_desk.core.validation import ValidationError
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate


def dialog_buttons(dialog: QDialog, ok_text: str | None = None) -> QDialogButtonBox:
    """OK (named `ok_text`) and Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok_text:
        ok.setText(ok_text)
    ok.setToolTip(
        translate("dialogs", "Ctrl+Enter, from any field")
    )  # the app's keys: ui/dialog_keys.py
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(translate("dialogs", "Esc"))
    for button in buttons.buttons():  # text alone, like every button of the window (the
        button.setIcon(QIcon())  # desktop's green tick and red cross stood out here only)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class FormDialog(QDialog):
    """A FieldForm in a dialog that stays open until `validate(values)` accepts the values;
    `result_value` then holds what it returned."""

    def __init__(
        self,
        title: str,
        ok: str,
        validate: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form = FieldForm()
        self.validate = validate
        self.result_value: Any = None
        self.buttons = dialog_buttons(self, ok)
        self._opened = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:
        """Opened with the keyboard in the first field, the buttons last in the Tab order.
        Fields added after the dialog was made (most are) came after its buttons: the
        check-in dialog opened on its Check in button, where typing went nowhere and the
        Space of a note pressed the button."""
        super().showEvent(event)
        if self._opened:
            return
        self._opened = True
        fields = [w for w in self.form.fields.values() if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        if not fields:
            return
        last = fields[-1]
        for button in self.buttons.buttons():
            QWidget.setTabOrder(last, button)
            last = button
        focus = self.focusWidget()
        if focus is None or not self.form.isAncestorOf(focus):
            fields[0].setFocus(Qt.FocusReason.TabFocusReason)

    def accept(self) -> None:
        try:
            self.result_value = self.validate(self.form.values())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()

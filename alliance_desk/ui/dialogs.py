"""What every dialog shares: OK and Cancel buttons that say their keys, and a form dialog that
stays open until what it holds is valid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QIcon
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(dialog_buttons(self, ok))

    def accept(self) -> None:
        try:
            self.result_value = self.validate(self.form.values())
        except ValidationError as error:
            self.form.show_errors(error.errors)
            return
        super().accept()

"""Forms whose fields save when the user leaves them, with a message under each wrong field.

A `FieldForm` only gathers what was typed and shows messages; checking belongs to `core`
(`validate_*`), so a form and a file import refuse the same values with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import QT_DAY, entered
from alliance_desk.ui import internal_only
from alliance_desk.ui.widgets import FieldError, without_mnemonic


class _FieldEvents(QObject):
    """Two things Qt's fields do not do on their own here:

    - a multi-line field announces an edit when it loses focus (it has no editingFinished);
    - once a field's edit has been saved, Ctrl+Z goes to the app's undo history instead of the
      field's private one, so undo means "undo my last saved change" wherever the cursor is.
    """

    def __init__(self, form: FieldForm) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, (QLabel, WrappingCheck)):
            # A form's rows do not all ask wrapped words their height for the width they
            # get: say it as a minimum, or a narrow panel cuts their last lines.
            height = watched.heightForWidth(watched.width())
            if height > 0 and height != watched.minimumHeight():
                watched.setMinimumHeight(height)
        elif event.type() == QEvent.Type.FocusOut and isinstance(watched, QPlainTextEdit):
            if watched.document().isModified():
                self.form.announce()
        elif event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            keys = cast(QKeyEvent, event)  # a ShortcutOverride is a key event
            is_undo = keys.matches(QKeySequence.StandardKey.Undo) or keys.matches(
                QKeySequence.StandardKey.Redo
            )
            if is_undo and not watched.isModified():
                return True  # not accepted: the window's Undo/Redo shortcut takes it
        return False


class WrappedLine(QPlainTextEdit):
    """A one-line text (a title) that wraps onto the lines below instead of scrolling out
    of sight: Enter does not break it, a pasted line break becomes a space."""

    LINES = (2, 6)  # as tall as its words wrap to, within these

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        metrics, margin = self.fontMetrics(), int(self.document().documentMargin())
        room = QRect(0, 0, max(1, self.viewport().width() - 2 * margin), 100_000)
        wrapped = metrics.boundingRect(room, int(Qt.TextFlag.TextWordWrap), self.text() or "x")
        lines = min(max(wrapped.height() // metrics.lineSpacing(), self.LINES[0]), self.LINES[1])
        frame = self.contentsMargins().top() + self.contentsMargins().bottom()
        self.setFixedHeight(lines * metrics.lineSpacing() + frame + 2 * margin + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # narrower: more lines

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # the dialog's button, as a line edit would
            return
        super().keyPressEvent(event)

    def text(self) -> str:
        return " ".join(self.toPlainText().splitlines())

    def setText(self, text: str) -> None:  # as a line edit is filled
        self.setPlainText(text)


class WrappingCheck(QCheckBox):
    """A check box whose words wrap onto more lines when its panel is narrow, instead of
    holding the panel (and the list beside it) as wide as one line of them."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # narrower than one line
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)  # and taller, wrapped
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _indicator(self) -> int:
        style = self.style()
        return style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self) + (
            style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        )

    def _text_rect(self, width: int) -> QRect:
        flags = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
        room = QRect(0, 0, max(1, width - self._indicator()), 10_000)
        return self.fontMetrics().boundingRect(room, int(flags), self.text())

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        words = max((metrics.horizontalAdvance(w) for w in self.text().split()), default=0)
        width = self._indicator() + max(words, 12 * metrics.averageCharWidth())
        return QSize(width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:
        return max(super().sizeHint().height(), self._text_rect(width).height() + 4)

    def hasHeightForWidth(self) -> bool:
        return True

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)  # the words too, on every line

    def paintEvent(self, _event) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        text, option.text = option.text, ""
        painter.drawControl(QStyle.ControlElement.CE_CheckBox, option)
        room = self.rect().adjusted(self._indicator(), 2, 0, 0)
        flags = Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextShowMnemonic
        painter.drawItemText(
            room, int(flags), option.palette, self.isEnabled(), text, QPalette.ColorRole.WindowText
        )


def qdate(day: date) -> QDate:
    """`day` as Qt's date (spelled out: PySide6's own conversion of a Python date is missing
    from some releases' type stubs)."""
    return QDate(day.year, day.month, day.day)


def _as_text(value: Any) -> str:
    """How a stored value reads in a line edit: dates as ISO, amounts without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, date):
        return entered(value)
    if isinstance(value, float):
        return f"{value:g}" if value else ""
    return str(value)


class FieldForm(QWidget):
    """Labelled fields, each with a message line under it. Emits `edited` when a field changes
    and is left (or, for lists, spin boxes and check boxes, as soon as it changes)."""

    edited = Signal()
    # Labels sit beside their fields only where every field keeps this many average
    # characters: at 20 a detail panel at 1024×700 kept its labels beside fields 150 px wide
    # (a partner insight's source cut to "Rebecca Holm, over coff") where its sibling tabs,
    # with longer labels, set them above full-width fields.
    FIELD_CHARS = 30

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._events = _FieldEvents(self)
        self.fields: dict[str, QWidget] = {}
        self._shares_linked: set[str] = set()  # tied to "Internal only" (ui/internal_only.py)
        self.errors: dict[str, FieldError] = {}
        self.layout_ = QFormLayout(self)
        # No margin of its own at the sides: its labels and fields line up with the heading,
        # buttons and boxes around the form (a detail panel's sat 9 px left of its fields).
        margins = self.layout_.contentsMargins()
        self.layout_.setContentsMargins(0, margins.top(), 0, margins.bottom())
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrow (a detail panel beside a list): every label above its field, so the fields
        # line up and keep their width; wide enough for every row: labels beside fields.
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if event.size().width() < self._side_by_side_width()
            else QFormLayout.RowWrapPolicy.WrapLongRows
        )
        if self.layout_.rowWrapPolicy() != policy:
            self.layout_.setRowWrapPolicy(policy)

    def _side_by_side_width(self) -> int:
        """The width every row needs to show its label beside its field."""

        def widest(role: QFormLayout.ItemRole) -> int:
            items = (self.layout_.itemAt(row, role) for row in range(self.layout_.rowCount()))
            return max((item.minimumSize().width() for item in items if item), default=0)

        margins = self.layout_.contentsMargins()
        label = widest(QFormLayout.ItemRole.LabelRole)
        field = max(
            widest(QFormLayout.ItemRole.FieldRole),
            self.FIELD_CHARS * self.fontMetrics().averageCharWidth(),
        )
        return margins.left() + label + self.layout_.horizontalSpacing() + field + margins.right()

    # -- building ------------------------------------------------------------------------------

    def add(self, key: str, label: str, widget: QWidget, *extra: QWidget) -> QWidget:
        """Add `widget` under `label` (empty for a check box) with `extra` widgets below it."""
        if widget.minimumHeight() == widget.maximumHeight():
            # A box of fixed height (a note, a list of people) kept its scroll area's
            # "expanding" policy: the form gave its row the dialog's spare height and the box
            # floated in the middle of it, away from its label (Log an interaction, Add a risk).
            policy = widget.sizePolicy()
            policy.setVerticalPolicy(QSizePolicy.Policy.Fixed)
            widget.setSizePolicy(policy)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        for item in (widget, *extra):
            if item is not widget:
                column.addWidget(item)
            if isinstance(item, WrappingCheck) or (isinstance(item, QLabel) and item.wordWrap()):
                item.installEventFilter(self._events)
        error = FieldError()
        column.addWidget(error)
        self.fields[key] = widget
        self.errors[key] = error
        internal_only.link(self.fields, self._shares_linked)
        if label:
            caption = QLabel(label)
            caption.setBuddy(widget)
            if not widget.accessibleName():
                # The label is not the field's sibling, so Qt would not find it on its own.
                widget.setAccessibleName(without_mnemonic(label))
            self.layout_.addRow(caption, holder)
        else:
            self.layout_.addRow(holder)
        self._connect(widget)
        return widget

    def add_line(self, key: str, label: str, placeholder: str = "") -> QLineEdit:
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        self.add(key, label, line)
        return line

    def add_text(self, key: str, label: str, placeholder: str = "", height: int = 70):
        text = QPlainTextEdit()
        text.setPlaceholderText(placeholder)
        text.setFixedHeight(height)
        text.setTabChangesFocus(True)
        self.add(key, label, text)
        return text

    def add_wrapped_line(self, key: str, label: str, placeholder: str = "") -> WrappedLine:
        """A one-line text that may be long (an insight): wrapped, as tall as it needs."""
        line = WrappedLine()
        line.setPlaceholderText(placeholder)
        self.add(key, label, line)
        return line

    def add_choice(
        self, key: str, label: str, items: Iterable[tuple[str, Any]], *extra: QWidget
    ) -> QComboBox:
        combo = QComboBox()
        # Long names must not widen the whole form: the list still shows them in full.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        for text, data in items:
            combo.addItem(text, data)
        combo.currentTextChanged.connect(combo.setToolTip)  # whole, however narrow the box
        combo.setToolTip(combo.currentText())
        self.add(key, label, combo, *extra)
        return combo

    def add_number(self, key: str, label: str, low: int, high: int, tip: str = "") -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setToolTip(tip)
        spin.setMaximumWidth(80)
        self.add(key, label, spin)
        return spin

    def add_date(self, key: str, label: str, value: date | None = None) -> QDateEdit:
        """A day, typed or picked from a calendar (its value reads as YYYY-MM-DD)."""
        edit = QDateEdit(qdate(value or wall.today()))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(QT_DAY)
        edit.setMaximumWidth(180)
        self.add(key, label, edit)
        return edit

    def add_check(self, key: str, text: str) -> QCheckBox:
        box = WrappingCheck(text)
        self.add(key, "", box)
        return box

    def _connect(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.editingFinished.connect(self._changed)
            widget.installEventFilter(self._events)
        elif isinstance(widget, QPlainTextEdit):
            widget.installEventFilter(self._events)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(self._changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._changed)
        elif isinstance(widget, QDateEdit):
            widget.editingFinished.connect(self._changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._changed)

    # -- values --------------------------------------------------------------------------------

    def _changed(self, *_args) -> None:
        # editingFinished also fires when focus merely passes through an unchanged field
        sender = self.sender()
        if isinstance(sender, QLineEdit) and not sender.isModified():
            return
        self.announce()

    def announce(self) -> None:
        if not self._loading:
            self.edited.emit()

    def values(self) -> dict[str, Any]:
        """What is in the fields now, as typed."""
        out: dict[str, Any] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, (QLineEdit, WrappedLine)):
                out[key] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                out[key] = widget.value()
            elif isinstance(widget, QDateEdit):
                out[key] = entered(cast(date, widget.date().toPython()))
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show stored values; does not emit `edited` and clears every message."""
        self._loading = True
        try:
            for key, value in values.items():
                widget = self.fields.get(key)
                if isinstance(widget, QLineEdit):
                    widget.setText(_as_text(value))
                    widget.setCursorPosition(0)  # a long text shows its beginning
                    widget.setModified(False)
                elif isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value or "")
                    widget.document().setModified(False)
                elif isinstance(widget, QComboBox):
                    widget.setCurrentIndex(max(widget.findData(value), 0))
                elif isinstance(widget, QSpinBox):
                    widget.setValue(int(value))
                elif isinstance(widget, QDateEdit) and value:
                    day = value if isinstance(value, date) else date.fromisoformat(str(value))
                    widget.setDate(qdate(day))
                elif isinstance(widget, QCheckBox):
                    widget.setChecked(bool(value))
            self.show_errors({})
        finally:
            self._loading = False

    def has_unsaved_typing(self) -> bool:
        """Whether a text field holds typing not yet saved (see `mark_saved`)."""
        return any(
            widget.isModified() if isinstance(widget, QLineEdit) else widget.document().isModified()
            for widget in self.fields.values()
            if isinstance(widget, QLineEdit | QPlainTextEdit)
        )

    def mark_saved(self) -> None:
        """What the fields hold is now stored: undo keys go to the app's history again."""
        for widget in self.fields.values():
            if isinstance(widget, QLineEdit):
                widget.setModified(False)
            elif isinstance(widget, QPlainTextEdit):
                widget.document().setModified(False)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """Show each message under its field (and mark the field); focus the first wrong one."""
        for key, label in self.errors.items():
            label.show_message(errors.get(key))
            widget = self.fields[key]
            if bool(widget.property("invalid")) != (key in errors):
                widget.setProperty("invalid", key in errors)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        wrong = [key for key in self.fields if key in errors]
        if wrong:
            self.fields[wrong[0]].setFocus(Qt.FocusReason.OtherFocusReason)

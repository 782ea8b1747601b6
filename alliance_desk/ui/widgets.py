"""Small widgets the views share: headings, empty states, field errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.ui.section_focus import follow_pages


def section_tabs() -> QTabWidget:
    """A section's tabs in document mode: the page sits on the window, with no framed pane.
    Fusion fills a framed pane with a gradient of its own at every showing (≈ 2.5 ms for a
    register's page, a bare table's whole showing is 6) and gives the page a lighter shade
    than the rest of the window; here every page has the window's colour, as Today's has.
    The page shown takes the keyboard into its list (`section_focus.follow_pages`)."""
    tabs = QTabWidget()
    tabs.setDocumentMode(True)
    follow_pages(tabs)
    return tabs


class Heading(QLabel):
    """A title on one line that, where the window is too narrow for it (a section's title
    with a long alliance name at 1024 px), ends in "…" and holds the whole title in its
    tooltip — instead of being cut mid-letter under the buttons beside it. `text()` is the
    whole title. A heading set to wrap is never shortened."""

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self._whole = ""
        self._tip = ""  # a tooltip of its own, shown under the whole title when shortened
        self.setText(text)

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._fit()

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:
        self._whole = text
        self._fit()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.wordWrap():
            return hint
        margins = self.contentsMargins()
        width = self.fontMetrics().horizontalAdvance(self._whole)
        return QSize(width + margins.left() + margins.right() + 2, hint.height())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return hint if self.wordWrap() else QSize(min(hint.width(), 60), hint.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        shown = self._whole
        if not self.wordWrap() and self.fontMetrics().horizontalAdvance(shown) > room > 0:
            shown = self.fontMetrics().elidedText(shown, Qt.TextElideMode.ElideRight, room)
        if super().text() != shown:
            super().setText(shown)
        whole = self._whole if shown != self._whole else ""
        super().setToolTip("\n\n".join(tip for tip in (whole, self._tip) if tip))


def heading(text: str, level: int = 1) -> QLabel:
    label = Heading(text)
    label.setObjectName("heading" if level == 1 else "subheading")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def body_text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName("body")
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def muted_note(text: str) -> QLabel:
    """A quieter line that explains (what numbers count, what an empty list means), wrapped."""
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    return label


class EmptyState(QWidget):
    """A calm, centred message that says what belongs here and offers the next step."""

    def __init__(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, Callable[[], None]]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title_label = title_label = heading(title)
        title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title_label)
        self.text_label = text_label = body_text(text)
        text_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text_label.setMinimumWidth(440)
        text_label.setMaximumWidth(560)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text_label)
        row.addStretch(1)
        outer.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: list[QPushButton] = []
        for index, (label, slot) in enumerate(actions):
            button = QPushButton(label)
            button.setObjectName("primary" if index == 0 else "secondary")
            button.setMinimumHeight(34)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons.append(button)
        buttons.addStretch(1)
        outer.addSpacing(12)
        outer.addLayout(buttons)
        outer.addStretch(2)

    def set_text(self, title: str, text: str) -> None:
        self.title_label.setText(title)
        self.text_label.setText(text)


class FieldError(QLabel):
    """The message under a form field; hidden while the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class FittingScroll(QScrollArea):
    """Scrolls up and down only; as narrow as what it holds allows, never narrower, so a
    splitter cannot squeeze the details until their right side is cut off."""

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        # QScrollArea fills what it holds, and its viewport, with the window's colour. Qt paints
        # such opaque widgets in a pass of their own and then again in the window's pass when
        # a section is shown: every field of a detail form was drawn twice at each showing
        # (Risks 104 paint events → 67). The page beneath has that colour already; inside a
        # tab the details now take the tab's own, as the list beside them does.
        widget.setAutoFillBackground(False)
        self.viewport().setAutoFillBackground(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # what it holds grew: the splitter must make room
        return False

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        width = inner.minimumSizeHint().width() if inner is not None else 0
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(width + bar + 2 * self.frameWidth(), 80)


def without_mnemonic(text: str) -> str:
    """A label's words as a screen reader should say them: no "&" marking its Alt+letter,
    no trailing colon."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(": ")


def vertical_scroll(
    inner: QWidget, name: str = "", kind: type[FittingScroll] = FittingScroll
) -> QScrollArea:
    """`inner` in a frameless area (a `kind`) that scrolls up and down and always fits the
    width; `name` says what it holds (for a screen reader, which can land on it)."""
    scroll = kind()
    scroll.setAccessibleName(name or inner.accessibleName())
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


def splitter(name: str, *widgets: QWidget, vertical: bool = False) -> QSplitter:
    """A splitter the window remembers by `name` (where the user left it, per section), whose
    panes never collapse to nothing."""
    made = QSplitter(Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal)
    made.setObjectName(name)
    made.setChildrenCollapsible(False)
    for widget in widgets:
        made.addWidget(widget)
    return made


def unbroken(text: str) -> str:
    """`text` kept on one line where a label wraps: "+1 positive", not "+1" over "positive"."""
    return text.replace(" ", "\u00a0")


def unbroken_zone(name: str) -> str:
    """A time zone's name that a label never wraps at its "/" ("Asia/" over "Tokyo")."""
    return name.replace("/", "/\u2060")  # a word joiner: no break after the slash

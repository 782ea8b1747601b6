"""The theme's stylesheet is carried by each window (ui/window_sheet.py): every window looks
themed, a view built apart is styled once as it is put into the window, and a change of
palette restyles what is already open."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from alliance_desk.ui.theme import ACCENT, THEME_VARIABLE, apply_theme
from alliance_desk.ui.widgets import heading


def _themed_dialog(qtbot) -> tuple[QDialog, QLabel, QPushButton]:
    dialog = QDialog()  # no parent: as the passphrase dialog before the window exists
    layout = QVBoxLayout(dialog)
    title, button = heading("Unlock the portfolio"), QPushButton("Unlock")
    button.setObjectName("primary")
    layout.addWidget(title)
    layout.addWidget(button)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, title, button


def _middle(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, 2)


def test_a_window_without_a_parent_is_themed(qapp, qtbot) -> None:
    apply_theme(qapp)
    _dialog, title, button = _themed_dialog(qtbot)
    assert title.font().pointSizeF() > QApplication.font().pointSizeF() * 1.3  # a heading
    assert _middle(button).name() == QColor(ACCENT).name()  # the primary button's fill


class _StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_a_view_built_apart_is_styled_once_as_it_joins_the_window(qapp, qtbot) -> None:
    """A field inside four levels of panels, each put into the next as views are built (from
    the inside out): with the stylesheet on the application each level re-styled everything
    it held, so the field was re-styled once per level; now once, when the finished view is
    put into the window."""
    apply_theme(qapp)
    window = QWidget()
    QVBoxLayout(window)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    field = QLabel("Owner")
    field.setObjectName("muted")
    changes = _StyleChanges()
    field.installEventFilter(changes)
    inner: QWidget = field
    for _level in range(4):
        panel = QWidget()
        QVBoxLayout(panel).addWidget(inner)
        inner = panel
    assert changes.count == 0
    window.layout().addWidget(inner)
    assert changes.count == 1
    qtbot.waitUntil(field.isVisible)
    muted = field.palette().color(field.foregroundRole())
    assert muted.name() != QApplication.palette().windowText().color().name()  # themed


def test_a_new_palette_restyles_the_windows_already_open(qapp, qtbot, monkeypatch) -> None:
    monkeypatch.setenv(THEME_VARIABLE, "light")
    apply_theme(qapp)
    _dialog, _title, button = _themed_dialog(qtbot)
    light = _middle(button)
    monkeypatch.setenv(THEME_VARIABLE, "dark")
    apply_theme(qapp)
    try:
        qtbot.waitUntil(lambda: _middle(button) != light)
        assert QApplication.palette().window().color().lightness() < 128
    finally:
        monkeypatch.setenv(THEME_VARIABLE, "light")
        apply_theme(qapp)


def test_a_window_s_own_stylesheet_is_kept_when_the_palette_changes(
    qapp, qtbot, monkeypatch
) -> None:
    own = "QLabel { color: #123456; }"
    window = QLabel("Meeting mode")
    window.setStyleSheet(own)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    monkeypatch.setenv(THEME_VARIABLE, "dark")
    apply_theme(qapp)
    try:
        assert window.styleSheet() == own
    finally:
        monkeypatch.setenv(THEME_VARIABLE, "light")
        apply_theme(qapp)

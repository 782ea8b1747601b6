"""A widget that shows only where there is room for it whole: a hint at the bottom of a
column that scrolls (Today's keys, on a laptop, were cut across the middle of a line)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QScrollArea, QWidget


class ShownWhenRoom(QObject):
    """Shows `optional` (inside `scroll`'s widget) only while everything the area holds fits
    in its height with it, so the area need not scroll for it and it is never cut; hidden,
    the rest is as it was. Fitted again whenever the area is resized or its contents change."""

    def __init__(self, scroll: QScrollArea, optional: QWidget) -> None:
        super().__init__(scroll)
        self.scroll, self.optional = scroll, optional
        self._fitting = False
        scroll.viewport().installEventFilter(self)
        inner = scroll.widget()
        if inner is not None:
            inner.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self.fit()
        return False

    def needed(self) -> tuple[int, int]:
        """(the height the area's contents take without `optional`, the height it adds)."""
        # As wide as the area is without its scroll bar: shown, `optional` then needs none.
        inner, width = self.scroll.widget(), self.scroll.width() - 2 * self.scroll.frameWidth()
        layout = inner.layout() if inner is not None else None
        if inner is None or layout is None or width <= 0:
            return 0, 0
        margins = layout.contentsMargins()
        inside = width - margins.left() - margins.right()
        own = self.optional.heightForWidth(inside)
        own = own if own >= 0 else self.optional.sizeHint().height()
        shown = not self.optional.isHidden()
        total = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
        total = total if total >= 0 else layout.totalSizeHint().height()
        spacing = max(layout.spacing(), 0)
        without = total - own - spacing if shown else total
        return without, own + spacing

    def fit(self) -> None:
        if self._fitting:
            return
        self._fitting = True
        try:
            without, adds = self.needed()
            room = self.scroll.viewport().height()
            self.optional.setHidden(without + adds > room)
        finally:
            self._fitting = False

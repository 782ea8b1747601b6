"""The theme's stylesheet, set on each window rather than on the application.

With a stylesheet on the application, Qt runs every widget through its stylesheet style, and
giving a widget a parent then re-styles the widget and all it holds (`inheritStyle` sends each
a StyleChange and polishes it again). A view is built from the inside out — fields made,
then put in rows, rows in panels, panels in tabs — so each widget was re-styled once for
every level it was put into: the Risks section took 0.10 s to build where the same widgets
without that churn take 0.03 s (first showing at ten times the heavy portfolio: 0.15–0.20 →
0.08 s; Stakeholders 0.18 → 0.07 s). Set on the window, the sheet styles everything in it
the same (a widget's rules come from its own sheet and its ancestors'), but a view built
apart is styled once, when it is put into the window.

Every window without a parent is given the sheet as Qt polishes it (before it is first laid
out or shown); dialogs, menus and tooltips of a window inherit it from their parent.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

_sheet = [""]  # the theme's stylesheet, once `use` has set it


def sheet() -> str:
    """The stylesheet every window carries (empty before the theme is applied)."""
    return _sheet[0]


def use(app: QApplication, new: str) -> None:
    """Make `new` the windows' stylesheet: set it now on every widget that carried the
    previous one (windows, and widgets that were polished before they had a parent)."""
    old, _sheet[0] = _sheet[0], new
    for widget in app.allWidgets():
        own = widget.styleSheet()
        if (old and own == old) or (not own and widget.parentWidget() is None):
            widget.setStyleSheet(new)  # a sheet of a widget's own is left as it is


def polished(watched: QObject) -> None:
    """On Qt's Polish of `watched`: a widget without a parent (a window, or one about to be
    shown as one) takes the sheet, unless it has a stylesheet of its own."""
    if (
        _sheet[0]
        and isinstance(watched, QWidget)
        and watched.parentWidget() is None
        and not watched.styleSheet()
    ):
        watched.setStyleSheet(_sheet[0])

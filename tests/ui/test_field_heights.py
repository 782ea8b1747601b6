"""Text fields and combo boxes side by side are one height, in the light and the dark palette
(the dark stylesheet's border once left fields 18 px tall beside 22 px combo boxes)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.ui.test_fits import settle
from tests.ui.test_theme import themed  # noqa: F401 (a fixture)


def test_a_form_s_fields_and_combo_boxes_are_one_height(themed, make_window) -> None:  # noqa: F811
    """The Packs form: the password field is as tall as the alliance box above it, and so is
    every single-line field and combo box of the form."""
    window, _error = make_window(demo=True)
    window.resize(1024, 681)
    window.show()
    window.show_section("packs")
    settle()
    view = window.packs
    assert view.password.height() == view.alliance.height(), themed
    fields = [w for w in view.findChildren(QLineEdit) if w.isVisible() and w.parent() is not None]
    combos = [w for w in view.findChildren(QComboBox) if w.isVisible()]
    heights = {w.height() for w in fields if not isinstance(w.parent(), QComboBox)}
    heights |= {w.height() for w in combos}
    assert len(heights) == 1, heights

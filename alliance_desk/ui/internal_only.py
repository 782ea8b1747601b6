"""A record marked "Internal only" reaches no partner pack, whatever the field that shares it
says: that field is shown so, greyed out with the reason, rather than left ticked beside it
as if both held (a risk could be "Internal only" and "Joint risk: in the partner's governance
pack" at once, and which one won was a guess)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QCheckBox, QWidget

from alliance_desk.ui.i18n import translate

INTERNAL = "internal_only"
SHARING = ("joint", "shared_with_partner")  # the fields that put a record in a partner's pack


def link(fields: Mapping[str, QWidget], linked: set[str]) -> None:
    """Once a form holds both "Internal only" and a field that shares, tie the second to the
    first (`linked`: the sharing fields already tied, kept by the form)."""
    internal = fields.get(INTERNAL)
    if not isinstance(internal, QCheckBox):
        return
    own: dict[int, str] = {}
    for key in SHARING:
        sharing = fields.get(key)
        if sharing is None or key in linked:
            continue
        linked.add(key)

        def follow(checked: bool, sharing: QWidget = sharing) -> None:
            why = translate("internal_only", "Internal only: never in a partner pack")
            if checked and sharing.isEnabled():
                own[id(sharing)] = sharing.toolTip()  # its own words, back when unticked
            sharing.setEnabled(not checked)
            sharing.setToolTip(why if checked else own.get(id(sharing), sharing.toolTip()))

        internal.toggled.connect(follow)
        follow(internal.isChecked())

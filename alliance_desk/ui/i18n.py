"""Words on screen go through Qt's translator so the app can be translated: `self.tr(text)`
inside a QObject, `translate(context, text)` anywhere else (pyside6-lupdate finds both by
these names; see README, "For developers"). Text with values in it is one whole sentence with
named fields, filled after translation: `self.tr("Backed up to {name}.").format(name=...)`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate under `context`; shown through translate(context, …).
    (PySide6's own returns `object` to a type checker.)"""
    return text

"""Words on screen go through Qt's translator so the app can be translated: `self.tr(text)`
inside a QObject, `translate(context, text)` anywhere else (pyside6-lupdate finds both by
these names; see README, "For developers"). Text with values in it is one whole sentence with
named fields, filled after translation: `self.tr("Backed up to {name}.").format(name=...)`.
The words core hands out (an enum's label, a level's name) are marked in core and translated
through the hook `install_translators` gives it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from alliance_desk.core import i18n as core_i18n
from alliance_desk.core.bundle import resource_path

translate = QCoreApplication.translate

APP_PREFIX = "alliance_desk_"  # resources/translations/alliance_desk_<locale>.qm


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for pyside6-lupdate under `context`; shown through translate(context, …).
    (PySide6's own returns `object` to a type checker.)"""
    return text


def translations_folder() -> Path:
    """The app's own translations (.qm files), shipped in resources/ (build.spec bundles it)."""
    return resource_path("translations")


def install_translators(
    app: QCoreApplication, locale: QLocale | None = None, folder: Path | None = None
) -> list[QTranslator]:
    """Installs the translations for `locale` (the user's, by default): Qt's own (its dialogs'
    buttons) when Qt ships them, and the app's from `folder`; none found, none installed and
    nothing said. Core's words go through Qt's translator from here on. Returns those installed
    (kept by the caller: a translator must live as long as the app)."""
    locale = locale if locale is not None else QLocale()
    folder = folder if folder is not None else translations_folder()
    installed = []
    for name, where in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (APP_PREFIX.rstrip("_"), str(folder)),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where) and app.installTranslator(translator):
            installed.append(translator)
        else:
            translator.deleteLater()
    core_i18n.install(translate)
    return installed

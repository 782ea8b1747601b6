"""The Stakeholders section's files: people imported from and exported to CSV, and the grid
saved as a picture."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QFileDialog

from alliance_desk.core.people_csv import (
    ImportRejected,
    Unreadable,
    parse_people_csv,
    people_to_csv,
    read_people_file,
)
from alliance_desk.store import people_import
from alliance_desk.ui.files import documents_folder, documents_path, file_name, save_reported
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.stakeholders.commands import ImportPeopleCommand

if TYPE_CHECKING:
    from alliance_desk.ui.stakeholders.view import StakeholdersView


def import_csv(view: StakeholdersView, path: str | None = None) -> None:
    """Add the people of a CSV file to the alliance in focus: all of them, or none and why."""
    desk, alliance_id = view.desk, view.desk.alliance_id
    if desk.store is None or alliance_id is None:
        return
    if not path:
        path, _ = QFileDialog.getOpenFileName(
            view,
            translate("stakeholders.files", "Import people"),
            str(documents_folder()),  # where Export saves (it opened the app's folder)
            translate("stakeholders.files", "CSV files (*.csv *.txt);;All files (*)"),
        )
    if not path:
        return
    try:
        data = read_people_file(path)
        rows = parse_people_csv(data, people_import.existing_keys(desk.store, alliance_id))
    except ImportRejected as rejected:
        desk.report_error(
            translate("stakeholders.files", "{name} was not imported.\n\n{summary}").format(
                name=Path(path).name, summary=rejected.summary()
            )
        )
        return
    except Unreadable as error:
        desk.report_error(str(error))
        return
    if desk.run(ImportPeopleCommand(desk, alliance_id, rows, Path(path).name)):
        desk.status.emit(
            translate("stakeholders.files", "Imported {count} people from {name}.").format(
                count=len(rows), name=Path(path).name
            )
        )


def export_csv(view: StakeholdersView, path: str | None = None) -> None:
    if not view.people:
        view.desk.report_error(
            translate("stakeholders.files", "There is nobody on this alliance to export yet.")
        )
        return
    if not path:
        name = file_name(view.alliance_name, "people", suffix=".csv")
        path, _ = QFileDialog.getSaveFileName(
            view,
            translate("stakeholders.files", "Export people"),
            documents_path(name),
            "CSV (*.csv)",
        )
    if not path:
        return
    done = translate("stakeholders.files", "Exported {count} people to {path}.").format(
        count=len(view.people), path=path
    )
    save_reported(view.desk, path, people_to_csv(view.people), done)


def save_png(view: StakeholdersView, path: str | None = None) -> None:
    if not path:
        path, _ = QFileDialog.getSaveFileName(
            view,
            translate("stakeholders.files", "Save the grid as a picture"),
            documents_path(
                file_name(
                    view.alliance_name,
                    translate("stakeholders.files", "power × interest"),
                    suffix=".png",
                )
            ),
            "PNG (*.png)",
        )
    if not path:
        return
    picture = QBuffer()
    picture.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6's stub asks bytes for the format, the binding itself takes only str.
    if not view.grid.to_image().save(picture, "PNG"):  # type: ignore[call-overload]
        view.desk.report_error(
            translate("stakeholders.files", "The picture could not be saved to {path}.").format(
                path=path
            )
        )
        return
    done = translate("stakeholders.files", "Saved the grid to {path}.").format(path=path)
    save_reported(view.desk, path, bytes(picture.data().data()), done)

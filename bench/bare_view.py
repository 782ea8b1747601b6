"""The floor for showing a section: a bare `QTableView` over a plain driver query (sqlite3, or
psycopg on the team store) of as many rows as the section has on screen, shown and painted.

No store, no ORM, no item model of ours: the least any window could do to show those rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

# Per section: the rows its main list shows, in its order (a plain query: what the screen
# needs, sorted by the database).
QUERIES = {
    "today": "SELECT e.title, a.name, e.level, e.raised_on FROM escalations e "
    "JOIN alliances a ON a.id = e.alliance_id WHERE e.status IN ('open', 'escalated') "
    "ORDER BY e.level_since LIMIT {rows}",
    "portfolio": "SELECT name, partner, alliance_type, phase, criticality, complexity "
    "FROM alliances WHERE deleted_at IS NULL ORDER BY name LIMIT {rows}",
    "stakeholders": "SELECT p.name, p.side, p.title, s.role, s.power, s.interest "
    "FROM stakeholders s JOIN people p ON p.id = s.person_id ORDER BY p.name LIMIT {rows}",
    "onboarding": "SELECT role, start_date, note FROM onboarding_plans "
    "ORDER BY start_date LIMIT {rows}",
    "escalations": "SELECT e.title, a.name, e.level, e.status, e.raised_on, e.severity "
    "FROM escalations e JOIN alliances a ON a.id = e.alliance_id "
    "ORDER BY e.raised_on DESC LIMIT {rows}",
    "risks": "SELECT title, category, likelihood, impact, status, next_review FROM risks "
    "ORDER BY likelihood * impact DESC LIMIT {rows}",
    "habits": "SELECT habit, day, minutes, note FROM habit_checkins ORDER BY day DESC LIMIT {rows}",
    "packs": "SELECT kind, audience, exported_on, file_name FROM pack_exports "
    "ORDER BY id DESC LIMIT {rows}",
    # Value's table is one row per live alliance (its milestones are a register behind it):
    # the floor reads the alliances it lists, with as many columns as it shows.
    "value": "SELECT name, partner, alliance_type, phase, criticality, complexity, "
    "strategic_value, financial_value, start_date FROM alliances WHERE deleted_at IS NULL "
    "ORDER BY strategic_value DESC, name LIMIT {rows}",
}


class Rows(QAbstractTableModel):
    """The plainest model: a list of tuples, shown as text."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.rows[0]) if self.rows and not parent.isValid() else 0

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None


def visible_rows(section: QWidget) -> int:
    """Rows on screen in the section's item views (at least one screenful's worth: 1)."""
    shown = 0
    for view in section.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None:
            continue
        height = view.viewport().height()
        first = view.indexAt(view.viewport().rect().topLeft()).row()
        last = view.indexAt(view.viewport().rect().bottomLeft()).row()
        if first < 0:
            continue
        shown += (last if last >= 0 else model.rowCount() - 1) - first + 1 if height else 0
    return max(1, shown)


class BareWindow:
    """A plain window holding one `QTableView`, reused for every section's measure."""

    def __init__(self, connect, size: tuple[int, int]) -> None:
        self.connect = connect  # () -> a DB-API connection (sqlite3 or psycopg)
        self.window = QTableView()
        self.window.resize(*size)
        self.window.show()

    def show(self, section: str, rows: int) -> None:
        """Query the rows, put them in a fresh model, and paint them."""
        connection = self.connect()
        try:
            found = connection.execute(QUERIES[section].format(rows=int(rows))).fetchall()
        finally:
            connection.close()
        self.window.setModel(Rows([tuple(row) for row in found]))
        self.window.viewport().repaint()

    def close(self) -> None:
        self.window.close()

"""Open questions in the decision log: record one (a decision without its decided day, raised
today) and decide the selected one today, from the keyboard, each an undoable step."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from alliance_desk.core import wall
from alliance_desk.ui.desk import Desk
from alliance_desk.ui.i18n import translate
from alliance_desk.ui.register import RegisterTab
from alliance_desk.ui.register_commands import EditCommand

ASK_KEYS = "Ctrl+Shift+Q"
DECIDE_KEYS = "Ctrl+Shift+D"


class QuestionActions:
    """The two buttons (and their shortcuts on the decision log) of open questions."""

    def __init__(self, desk: Desk, decisions: RegisterTab) -> None:
        self.desk, self.decisions = desk, decisions
        self.ask_button = _button(
            translate("questions", "New open &question…"),
            translate(
                "questions",
                "Record a question still to decide ({keys}): raised today, no decided day yet. "
                "It counts in the Value section's open questions until it is decided.",
            ).format(keys=ASK_KEYS),
            self.ask,
        )
        self.decide_button = _button(
            translate("questions", "Decided &today"),
            translate(
                "questions",
                "The selected open question was decided today ({keys}; Ctrl+Z undoes it). "
                "Another day: type it in “Decided on”.",
            ).format(keys=DECIDE_KEYS),
            self.decide,
        )
        for keys, does in ((ASK_KEYS, self.ask), (DECIDE_KEYS, self.decide)):
            action = QAction(decisions)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(does)
            decisions.addAction(action)
        decisions.shown.connect(lambda _record: self.update())
        self.update()

    def buttons(self) -> tuple[QWidget, QWidget]:
        return self.ask_button, self.decide_button

    def update(self) -> None:
        current = self.decisions.current
        self.decide_button.setEnabled(current is not None and current.draft.open)

    def ask(self) -> None:
        self.decisions.add_with(
            {"raised_on": wall.today(), "decided_on": None},
            translate("questions", "Record an open question"),
        )

    def decide(self) -> None:
        record = self.decisions.current
        if record is None or not record.draft.open:
            self.desk.status.emit(
                translate("questions", "Select an open question in the decision log to decide it.")
            )
            return
        today = wall.today()
        draft = replace(
            record.draft,
            decided_on=today,
            review_date=record.draft.review_date or self.desk.policy.review_date_for(today),
        )
        if self.desk.run(EditCommand(self.desk, self.decisions.spec, record, draft)):
            self.desk.status.emit(
                translate("questions", "Decided today: {title}. Undo with Ctrl+Z.").format(
                    title=draft.title
                )
            )
        self.update()


def _button(text: str, tip: str, does) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName("secondary")
    button.setToolTip(tip)
    button.clicked.connect(does)
    return button

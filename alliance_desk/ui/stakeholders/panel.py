"""One person in the Stakeholders section: their details, saved as each field is left, their
counterparts, rating history and the contacts logged with them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import shown
from alliance_desk.core.stakeholders import SENTIMENT_LABELS, Stakeholder
from alliance_desk.store import contact_log, stakeholder_ratings, stakeholders
from alliance_desk.ui.stakeholders.commands import EditPersonCommand, PairCommand
from alliance_desk.ui.stakeholders.dialogs import PersonForm
from alliance_desk.ui.widgets import heading, vertical_scroll

if TYPE_CHECKING:
    from alliance_desk.ui.stakeholders.view import StakeholdersView

# -- one person's panel ---------------------------------------------------------------------------


class PersonPanel(QWidget):
    """The selected person: details saved as you leave each field, counterparts, rating history
    and the contacts logged with them."""

    def __init__(self, view: StakeholdersView) -> None:
        super().__init__()
        self.view = view
        self.stakeholder: Stakeholder | None = None
        self.title = heading("", level=2)
        self.title.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.form = PersonForm(with_side=False)
        self.form.edited.connect(self.save)
        self.pairs = QListWidget()
        self.pairs.setAccessibleName(self.tr("Counterparts"))
        self.pairs.setWordWrap(True)
        self.pairs.setMaximumHeight(80)
        self.pair_with = QComboBox()
        self.pair_with.setAccessibleName(self.tr("Pair with"))
        self.pair_with.currentTextChanged.connect(self.pair_with.setToolTip)  # whole, if cut
        self.pair_button = QPushButton(self.tr("Pair"))
        self.pair_button.clicked.connect(self._pair)
        self.unpair_button = QPushButton(self.tr("Unpair selected"))
        self.unpair_button.clicked.connect(self._unpair)
        self.pairs.currentItemChanged.connect(
            lambda item, _previous: self.unpair_button.setEnabled(
                item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
            )
        )
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setObjectName("muted")
        self.contacts = QListWidget()
        self.contacts.setMaximumHeight(220)
        self.contacts.setAccessibleName(self.tr("Contacts logged"))
        self.contacts.setWordWrap(True)
        self.log_button = QPushButton(self.tr("Log interaction…  (Ctrl+I)"))
        self.log_button.setObjectName("primary")
        self.log_button.clicked.connect(view.log_interaction)
        self.onboard_button = QPushButton(self.tr("Start onboarding…"))
        self.onboard_button.clicked.connect(
            lambda: (
                view.start_onboarding
                and self.stakeholder
                and view.start_onboarding(self.stakeholder.id)
            )
        )
        self.remove_button = QPushButton(self.tr("Remove from this alliance"))
        self.remove_button.setObjectName("secondary")
        self.remove_button.clicked.connect(view.remove_current)

        # Always in view: who is selected and what to do with them; the rest scrolls, so the
        # people table above keeps most of the height on a small screen.
        header = QWidget()
        top = QVBoxLayout(header)
        top.setContentsMargins(9, 6, 9, 0)
        top.addWidget(self.title)
        top.addWidget(self.status)
        self.action_bar = QWidget()
        buttons = QHBoxLayout(self.action_bar)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.onboard_button)
        buttons.addStretch(1)
        top.addWidget(self.action_bar)
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.addWidget(heading(self.tr("Counterparts"), level=2))
        layout.addWidget(self.pairs)
        pair_row = QHBoxLayout()
        pair_row.addWidget(self.pair_with, 1)
        pair_row.addWidget(self.pair_button)
        pair_row.addWidget(self.unpair_button)
        layout.addLayout(pair_row)
        layout.addWidget(heading(self.tr("Contacts logged"), level=2))
        layout.addWidget(self.contacts)
        layout.addWidget(heading(self.tr("Details and plan"), level=2))
        layout.addWidget(self.form)
        layout.addWidget(heading(self.tr("Rating history"), level=2))
        layout.addWidget(self.history)
        remove_row = QHBoxLayout()
        remove_row.addStretch(1)
        remove_row.addWidget(self.remove_button)
        layout.addLayout(remove_row)
        layout.addStretch(1)
        self.details = vertical_scroll(self.body, self.tr("Person details"))
        self.details.setMinimumHeight(56)  # a line or two of the details, then it scrolls
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(header)
        outer.addWidget(self.details, 1)
        # What was read of each person shown (rating history, contacts): kept until a change
        # to their ratings or contacts, so an edit of their details reads neither again.
        self._read: dict[int, tuple[str, list[str]]] = {}
        self.show_person(None, [])

    def forget(self, stakeholder_ids: Iterable[int] | None = None) -> None:
        """Read these people's ratings and contacts again when next shown (None: everyone)."""
        if stakeholder_ids is None:
            self._read.clear()
        for stakeholder_id in stakeholder_ids or ():
            self._read.pop(stakeholder_id, None)

    def _history_and_contacts(self, stakeholder: Stakeholder) -> tuple[str, list[str]]:
        if stakeholder.id not in self._read:
            store = self.view.desk.require_store()
            history = stakeholder_ratings.rating_history(store, stakeholder.id)
            contacts = []
            for interaction in contact_log.interactions(
                store, stakeholder.alliance_id, person_id=stakeholder.person.id, limit=20
            ):
                feeling = SENTIMENT_LABELS[interaction.sentiment].split()[0]
                head = (
                    f"{shown(interaction.occurred_on)}  ·  {interaction.kind.label}  ·  {feeling}"
                )
                contacts.append(f"{head}\n{interaction.note}" if interaction.note else head)
            self._read[stakeholder.id] = (
                "  →  ".join(f"{shown(r.rated_on)}: P{r.power}/I{r.interest}" for r in history),
                contacts,
            )
        return self._read[stakeholder.id]

    def show_person(self, stakeholder: Stakeholder | None, everyone: list[Stakeholder]) -> None:
        self.stakeholder = stakeholder
        self.action_bar.setVisible(stakeholder is not None)
        self.details.setVisible(stakeholder is not None)
        self.pairs.clear()
        self.pair_with.clear()
        self.contacts.clear()
        if stakeholder is None:
            self.title.setText(self.tr("Select a person on the grid or in the table"))
            self.status.setText("")
            self.history.setText("")
            return
        self.title.setText(f"{stakeholder.name} — {stakeholder.side.label}")
        today = wall.today()
        due = stakeholder.next_due(today)
        health = self.tr("health {score}/100").format(score=stakeholder.health(today))
        parts = [stakeholder.quadrant.label, health]
        if due is not None:
            late = due < today
            soon = self.tr("overdue since {day}") if late else self.tr("next contact {day}")
            parts.append(soon.format(day=shown(due)))
        self.status.setText(" · ".join(parts))
        self.form.set_person(stakeholder.person, stakeholder.details)
        by_id = {s.id: s for s in everyone}
        for other_id in stakeholder.counterpart_ids:
            if other_id in by_id:
                item = QListWidgetItem(f"{by_id[other_id].name} — {by_id[other_id].person.title}")
                item.setData(Qt.ItemDataRole.UserRole, other_id)
                self.pairs.addItem(item)
        if not stakeholder.counterpart_ids:
            self.pairs.addItem(self.tr("No counterpart yet"))
        for other in everyone:
            if other.side is not stakeholder.side and other.id not in stakeholder.counterpart_ids:
                self.pair_with.addItem(
                    self.tr("Pair with {name}").format(name=other.name), other.id
                )
        self.pair_button.setEnabled(self.pair_with.count() > 0)
        self.unpair_button.setEnabled(False)  # until a counterpart is selected
        history, contacts = self._history_and_contacts(stakeholder)
        self.history.setText(history)
        for text in contacts:  # newest first, each note in full (and as its tooltip)
            item = QListWidgetItem(text)
            item.setToolTip(text)
            self.contacts.addItem(item)
        if not self.contacts.count():
            self.contacts.addItem(self.tr("Nothing logged yet — Ctrl+I logs a contact."))

    def save(self) -> None:
        if self.stakeholder is None:
            return
        result = self.form.validated(side=self.stakeholder.side)
        if result is None:
            self.status.setText(self.tr("Not saved — fix the highlighted field"))
            return
        person, details = result
        if person == self.stakeholder.person.draft() and details == self.stakeholder.details:
            return
        desk = self.view.desk
        if desk.run(EditPersonCommand(desk, self.stakeholder, person, details)):
            self.form.mark_saved()
        elif desk.store is not None:
            # changed elsewhere? a second save, now warned, replaces their version
            fresh = stakeholders.with_current_details(desk.store, [self.stakeholder])
            if not fresh:
                return
            self.stakeholder = fresh[0]
            self.status.setText(self.tr("Not saved — see the message; your text is still here"))

    def _pair(self) -> None:
        other = self.view.by_id.get(self.pair_with.currentData())
        if self.stakeholder is not None and other is not None:
            self.view.desk.run(PairCommand(self.view.desk, self.stakeholder, other))

    def _unpair(self) -> None:
        item = self.pairs.currentItem()  # only the one selected: never the first by default
        other = self.view.by_id.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if self.stakeholder is not None and other is not None:
            self.view.desk.run(PairCommand(self.view.desk, self.stakeholder, other, unpair=True))

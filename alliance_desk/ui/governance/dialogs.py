"""The dialogs of governance: a committee, a meeting, an agenda item, a decision, an action
item, a committee's members."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from functools import cache
from zoneinfo import available_timezones

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alliance_desk.core import wall
from alliance_desk.core.dates import entered, entered_moment
from alliance_desk.core.governance import (
    Body,
    BodyKind,
    Meeting,
    MeetingFormat,
    Purpose,
    local_zone_name,
    validate_action,
    validate_agenda_item,
    validate_meeting,
)
from alliance_desk.core.obligations import Party
from alliance_desk.core.policy import Policy
from alliance_desk.core.risks import validate_decision
from alliance_desk.core.stakeholders import Stakeholder
from alliance_desk.core.validation import FieldCollector, clean_text
from alliance_desk.ui.dialogs import FormDialog, dialog_buttons
from alliance_desk.ui.forms import FieldForm
from alliance_desk.ui.i18n import translate

People = Sequence[tuple[int, str, str]]  # person id, name, side


def zone_field(form: FieldForm) -> QLineEdit:
    """The meeting's time zone, typed with completion from the zones this machine knows."""
    line = form.add_line(
        "time_zone",
        translate("governance.dialogs", "Time &zone"),
        translate("governance.dialogs", "e.g. Europe/Zurich, Asia/Tokyo"),
    )
    names = QStringListModel(line)
    line.installEventFilter(_ZonesOnFocus(names, line))
    completer = QCompleter(names, line)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    line.setCompleter(completer)
    line.setToolTip(
        translate(
            "governance.dialogs", "The zone the meeting's times are in; invitations carry it."
        )
    )
    return line


@cache
def _zone_names() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


class _ZonesOnFocus(QObject):
    """Fills a zone field's completions the first time the field takes the focus: listing
    the zones this machine knows (some 600 files) cost ≈ 8 ms of every meeting form built,
    the Risks section's first showing among them."""

    def __init__(self, names: QStringListModel, line: QLineEdit) -> None:
        super().__init__(line)
        self.names = names

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            watched.removeEventFilter(self)
            self.names.setStringList(list(_zone_names()))
        return False


def people_items(people: People) -> list[tuple[str, int | None]]:
    return [("—", None)] + [(f"{name} ({side})", pid) for pid, name, side in people]


def body_dialog(parent: QWidget | None = None) -> FormDialog:
    """A new committee: its name and kind; result (name, kind)."""

    def check(values):
        fields = FieldCollector()
        name = fields.take("name", clean_text, values.get("name"), required=True, max_length=200)
        fields.raise_if_any()
        return name, BodyKind(values["kind"])

    dialog = FormDialog(
        translate("governance.dialogs", "New committee"),
        translate("governance.dialogs", "Create committee"),
        check,
        parent,
    )
    dialog.form.add_line(
        "name",
        translate("governance.dialogs", "&Name"),
        translate("governance.dialogs", "e.g. HALO-7 Joint Steering Committee"),
    )
    dialog.form.add_choice(
        "kind",
        translate("governance.dialogs", "&Kind"),
        [(k.label, k) for k in BodyKind],
    )
    return dialog


def meeting_dialog(
    bodies: Sequence[Body],
    parent: QWidget | None = None,
    latest: Mapping[int, Meeting | None] | None = None,
) -> FormDialog:
    """A new meeting of one of `bodies`, on the first working day two weeks ahead; its time,
    length, place, zone and format those of the committee's latest meeting (`latest`, by
    committee), else 14:00 for two hours in this machine's zone. Its form's `copy` box says
    whether to start from the previous meeting's agenda."""
    dialog = FormDialog(
        translate("governance.dialogs", "New meeting"),
        translate("governance.dialogs", "Create meeting"),
        validate_meeting,
        parent,
    )
    committee = dialog.form.add_choice(
        "body_id",
        translate("governance.dialogs", "&Committee"),
        [(b.name, b.id) for b in bodies],
    )
    dialog.form.add_line("starts_at", translate("governance.dialogs", "&Starts"))
    dialog.form.add_line("ends_at", translate("governance.dialogs", "&Ends"))
    dialog.form.add_line("location", translate("governance.dialogs", "&Where"))
    zone_field(dialog.form)
    format_field(dialog.form)
    copy = dialog.form.add_check(
        "copy",
        translate("governance.dialogs", "Start from the previous meeting's agenda"),
    )
    held = [m for m in (latest or {}).values() if m is not None]
    # A committee that never met takes the zone its alliance's other committees meet in.
    usual_zone = max(held, key=lambda m: m.draft.starts_at).draft.time_zone if held else ""

    def like_the_last() -> None:
        """The committee's habits: a meeting in Tokyo was offered at 14:00 UTC on a Sunday."""
        last = (latest or {}).get(committee.currentData())
        copy.setEnabled(last is not None)  # a first meeting has no agenda before it
        copy.setChecked(last is not None)
        copy.setToolTip(
            ""
            if last is not None
            else translate("governance.dialogs", "This committee has not met yet.")
        )
        day = wall.today() + timedelta(days=14)
        day += timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
        if last is None:
            start, length = datetime.combine(day, time(14)), timedelta(hours=2)
            place, zone, kind = "", usual_zone or local_zone_name(), ""
        else:
            was = last.draft
            start, length = datetime.combine(day, was.starts_at.time()), was.ends_at - was.starts_at
            place, zone, kind = was.location, was.time_zone or local_zone_name(), was.format
        dialog.form.set_values(
            {
                "starts_at": entered_moment(start),
                "ends_at": entered_moment(start + length),
                "location": place,
                "time_zone": zone,
                "format": kind,
            }
        )

    committee.currentIndexChanged.connect(like_the_last)
    like_the_last()
    return dialog


def agenda_item_dialog(people: People, parent: QWidget | None = None) -> FormDialog:
    dialog = FormDialog(
        translate("governance.dialogs", "Add an agenda item"),
        translate("governance.dialogs", "Add item"),
        validate_agenda_item,
        parent,
    )
    dialog.form.add_line("title", translate("governance.dialogs", "&Item"))
    dialog.form.add_choice(
        "purpose",
        translate("governance.dialogs", "&For"),
        [(p.label, p) for p in Purpose],
    )
    dialog.form.add_number("minutes", translate("governance.dialogs", "&Minutes"), 1, 600).setValue(
        15
    )
    dialog.form.add_choice(
        "presenter_id",
        translate("governance.dialogs", "&Presenter"),
        people_items(people),
    )
    dialog.form.add_text("notes", translate("governance.dialogs", "&Notes"))
    return dialog


def decision_dialog(meeting: Meeting, policy: Policy, parent: QWidget | None = None) -> FormDialog:
    """A decision taken in `meeting`, dated that day, its review proposed by the policy."""
    dialog = FormDialog(
        translate("governance.dialogs", "Record a decision"),
        translate("governance.dialogs", "Record decision"),
        validate_decision,
        parent,
    )
    dialog.form.add_line("title", translate("governance.dialogs", "&Decision"))
    decided_on = meeting.draft.starts_at.date()
    dialog.form.add_line("decided_on", translate("governance.dialogs", "Decided &on")).setText(
        entered(decided_on)
    )
    review = policy.review_date_for(decided_on)
    dialog.form.add_line(
        "review_date",
        translate("governance.dialogs", "Re&view on"),
        translate("governance.dialogs", "YYYY-MM-DD"),
    ).setText(entered(review))
    dialog.form.add_line("makers", translate("governance.dialogs", "Decision &makers"))
    dialog.form.add_text(
        "alternatives", translate("governance.dialogs", "&Alternatives considered")
    )
    dialog.form.add_text("rationale", translate("governance.dialogs", "&Rationale"))
    return dialog


def action_dialog(people: People, parent: QWidget | None = None) -> FormDialog:
    dialog = FormDialog(
        translate("governance.dialogs", "Add an action item"),
        translate("governance.dialogs", "Add action"),
        validate_action,
        parent,
    )
    dialog.form.add_line("title", translate("governance.dialogs", "&Action"))
    dialog.form.add_choice(
        "owner_id", translate("governance.dialogs", "&Owner"), people_items(people)
    )
    dialog.form.add_line(
        "due",
        translate("governance.dialogs", "&Due"),
        translate("governance.dialogs", "YYYY-MM-DD"),
    ).setText(entered(wall.today() + timedelta(days=14)))
    dialog.form.add_choice(
        "side",
        translate("governance.dialogs", "&Side"),
        [("—", ""), *((p.label, p.value) for p in Party)],
    )
    return dialog


def format_field(form: FieldForm):
    """In person, remote or hybrid ('' not said)."""
    return form.add_choice(
        "format",
        translate("governance.dialogs", "&Format"),
        [("—", ""), *((f.label, f.value) for f in MeetingFormat)],
    )


class MembersDialog(QDialog):
    """Who sits on a committee, ticked from both sides of the alliance."""

    def __init__(
        self, body: Body, people: Sequence[Stakeholder], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Members of {name}").format(name=body.name))
        # Wide enough for its title and a person's roles, tall enough for a committee: it
        # opened at Qt's least, "Members of …lliance Desk", its rows cut and scrolling sideways.
        self.setMinimumWidth(560)
        self.members = QListWidget()
        self.members.setAccessibleName(self.tr("Members"))
        self.members.setWordWrap(True)
        self.members.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for person in people:
            item = QListWidgetItem(f"{person.name} ({person.side.label}) — {person.details.roles}")
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.id in body.member_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.members.addItem(item)
        rows = min(len(people), 12)
        self.members.setMinimumHeight(
            max(rows, 4) * self.members.sizeHintForRow(0) + 2 * self.members.frameWidth()
            if people
            else 0
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.members)
        layout.addWidget(dialog_buttons(self, self.tr("Save members")))

    def chosen(self) -> list[int]:
        return [
            self.members.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.members.count())
            if self.members.item(r).checkState() == Qt.CheckState.Checked
        ]

"""On the file, each person's last contact kept counts private contacts too

Revision ID: 0039_file_private_contacts
Revises: 0038_habit_change_counts
Create Date: 2026-12-05 14:40:00

Revision 0035 keeps each person's last shared contact on each alliance, and every reading of
a last contact (Today's calls, their ranking, an alliance's stakeholders) gathers the
reader's own private contacts besides, grouped by person, to take the later day. On the team
store that must stay so: another member must not learn even the day of a private contact.
On the file every contact is the user's own, so the later day is simply the last contact of
all: the file's triggers now keep that, and its readings gather nothing more
(store/last_contacts.py). With one contact in fifty private, at ten times the heavy
portfolio, that gathering was ≈ 20 ms of Today's count of calls and ≈ 18 ms of its ranking.

The file's four triggers are 0035's without the condition leaving private contacts out, and
the kept days are filled again from every link, in the upgrade's one transaction. Nothing
changes on the team store.
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from alembic import op

revision: str = "0039_file_private_contacts"
down_revision: str | None = "0038_habit_change_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SHARED_ONLY = " AND NOT i.private"  # 0035's condition in each trigger's look-up
FILLED_SHARED_ONLY = " WHERE NOT i.private"  # and in its filling


def kept_days() -> ModuleType:
    """Revision 0035 (its module name starts with a digit: loaded from its file)."""
    path = Path(__file__).with_name("0035_last_contacts.py")
    spec = importlib.util.spec_from_file_location("alliance_desk_last_contacts_revision", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def every_contact_triggers() -> list[str]:
    """The file's triggers keeping the last of every contact, private ones included."""
    kept = kept_days()
    made = [kept.sqlite_trigger(*key) for key in kept.KEYS]
    assert all(SHARED_ONLY in trigger for trigger in made)
    return [trigger.replace(SHARED_ONLY, "") for trigger in made]


def every_contact_fill() -> str:
    fill = kept_days().FILL
    assert FILLED_SHARED_ONLY in fill
    return fill.replace(FILLED_SHARED_ONLY, "")


def _replace(triggers: list[str], fill: str) -> None:
    for name, *_rest in kept_days().KEYS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for trigger in triggers:
        op.execute(trigger)
    op.execute("DELETE FROM last_contacts")
    op.execute(fill)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        _replace(every_contact_triggers(), every_contact_fill())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        kept = kept_days()
        _replace([kept.sqlite_trigger(*key) for key in kept.KEYS], kept.FILL)

"""Onboarding checklists: the templates shipped with the app and those the user saves, from
which each plan is started."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from sqlalchemy import delete, func, select

from alliance_desk.core.bundle import resource_path
from alliance_desk.core.onboarding import OwnerRole, Template, TemplateItem, validate_template
from alliance_desk.core.validation import ValidationError
from alliance_desk.store import versions
from alliance_desk.store.database import Store
from alliance_desk.store.errors import StoreError
from alliance_desk.store.models import TemplateItemRow, TemplateRow
from alliance_desk.store.retry import retried


def load_builtin_templates(folder: Path | None = None) -> tuple[list[Template], list[str]]:
    """The templates shipped in resources/onboarding. A file that cannot be read or is not a
    valid template is left out and described in the second list; the others still load."""
    folder = folder or resource_path("onboarding")
    templates: list[Template] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValidationError({"file": "expected an object with name, purpose and items"})
            template = validate_template(raw)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            problems.append(f"{path.name}: cannot be read ({error})")
            continue
        except ValidationError as error:
            details = "; ".join(f"{field}: {message}" for field, message in error.errors.items())
            problems.append(f"{path.name}: {details}")
            continue
        templates.append(Template(template.name, template.purpose, template.items, None, path.name))
    return templates, problems


def list_templates(store: Store) -> list[Template]:
    """The user's own templates, by name."""
    with store.read() as session:
        rows = session.scalars(select(TemplateRow).order_by(func.lower(TemplateRow.name))).all()
        items = session.scalars(
            select(TemplateItemRow).order_by(TemplateItemRow.template_id, TemplateItemRow.position)
        ).all()
    by_template: dict[int, list[TemplateItem]] = defaultdict(list)
    for item in items:
        by_template[item.template_id].append(
            TemplateItem(
                item.title, item.offset_days, OwnerRole(item.owner), item.detail, item.optional
            )
        )
    return [
        Template(row.name, row.purpose, tuple(by_template[row.id]), row.id, version=row.version)
        for row in rows
    ]


@retried
def save_template(store: Store, template: Template) -> int:
    """Create the template, or replace it entirely when it has an id. Returns its id.
    Replacing one changed elsewhere since `template.version` raises ConflictError."""
    if not template.items:
        raise ValidationError({"items": "A template needs at least one item."})
    with store.write() as session:
        if template.id is None:
            row = TemplateRow(name=template.name, purpose=template.purpose)
            session.add(row)
            session.flush()
        else:
            found = session.get(TemplateRow, template.id)
            if found is None:
                raise StoreError("That template no longer exists.")
            row = found
            versions.check(row, template.version, row.name)
            versions.touch(row)
            row.name, row.purpose = template.name, template.purpose
            session.execute(delete(TemplateItemRow).where(TemplateItemRow.template_id == row.id))
        for position, item in enumerate(template.items):
            session.add(
                TemplateItemRow(template_id=row.id, position=position, **item_columns(item))
            )
        return row.id


@retried
def delete_template(store: Store, template_id: int) -> None:
    with store.write() as session:
        session.execute(delete(TemplateItemRow).where(TemplateItemRow.template_id == template_id))
        session.execute(delete(TemplateRow).where(TemplateRow.id == template_id))


def item_columns(item: TemplateItem) -> dict[str, object]:
    """A checklist item's own columns, as a template and a plan started from it store them."""
    return {
        "title": item.title,
        "detail": item.detail,
        "offset_days": item.offset_days,
        "owner": item.owner.value,
        "optional": item.optional,
    }

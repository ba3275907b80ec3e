"""Changing a course's materials: modules, their files and links, order, the course setting.

Every change writes its audit entry; nothing here commits. A file is written to its
content-addressed place before the commit (a rolled-back upload leaves an unreferenced file,
harmless, and a later upload of the same content reuses it); after a delete the caller
commits and then calls ``prune`` so a file no item refers to any more leaves the disk.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import func, select

from training.audit.services import fields_of, record, record_update
from training.errors import RuleViolation
from training.extensions import db
from training.learning import materials_storage as storage
from training.learning.materials_models import (
    CourseMaterialSettings,
    ItemKind,
    MaterialItem,
    MaterialModule,
)
from training.programs.models import Course

MODULE_FIELDS = ("title", "description", "position")
ITEM_FIELDS = ("kind", "title", "url", "filename", "content_type", "size", "sha256", "position")


def add_module(course: Course, user, title: str, description: str = "", *, now=None):
    """Append a module at the end of the course's modules."""
    now = now or datetime.now(UTC)
    last = db.session.scalar(
        select(func.max(MaterialModule.position)).where(MaterialModule.course_id == course.id)
    )
    module = MaterialModule(
        course_id=course.id,
        position=(last or 0) + 1,
        title=title.strip(),
        description=description.strip(),
        created_at=now,
        updated_at=now,
    )
    db.session.add(module)
    db.session.flush()
    _audit_module(module, user, "create", None, fields_of(module, MODULE_FIELDS), now)
    return module


def edit_module(module: MaterialModule, user, title: str, description: str, *, now=None):
    now = now or datetime.now(UTC)
    before = fields_of(module, MODULE_FIELDS)
    module.title, module.description = title.strip(), description.strip()
    after = fields_of(module, MODULE_FIELDS)
    if record_update(
        "material_module",
        before,
        after,
        user=user,
        entity_id=module.id,
        course_id=module.course_id,
        now=now,
    ):
        module.updated_at = now
    return module


def delete_module(module: MaterialModule, user, *, now=None) -> list[str]:
    """Remove a module with its items and progress; return the hashes of its files."""
    now = now or datetime.now(UTC)
    hashes = [item.sha256 for item in module.items if item.is_file]
    _audit_module(module, user, "delete", fields_of(module, MODULE_FIELDS), None, now)
    course_id = module.course_id
    db.session.delete(module)
    db.session.flush()
    _renumber(_modules_of(course_id))
    return hashes


def move_module(module: MaterialModule, user, direction: str, *, now=None) -> bool:
    """Swap the module with its neighbour above ("up") or below ("down")."""
    return _move(_modules_of(module.course_id), module, direction, user, now, "material_module")


def add_file(
    module: MaterialModule, user, title: str, filename: str, stream: BinaryIO, *, now=None
):
    """Check and keep an uploaded file; raise RuleViolation with the reason otherwise."""
    now = now or datetime.now(UTC)
    shown = filename or _("(tanpa nama)")
    received = storage.receive(stream)
    try:
        file_type = storage.check(received, filename, shown)
        storage.keep(received)
    finally:
        storage.discard(received)
    item = MaterialItem(
        kind=ItemKind.FILE,
        title=title.strip() or os.path.splitext(storage.clean_filename(filename, file_type))[0],
        filename=storage.clean_filename(filename, file_type),
        content_type=file_type.content_type,
        size=received.size,
        sha256=received.sha256,
        created_by_id=user.id,
        created_at=now,
    )
    return _append_item(module, item, user, now)


def add_link(module: MaterialModule, user, title: str, url: str, *, now=None):
    now = now or datetime.now(UTC)
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RuleViolation(_("Tautan harus berupa alamat web lengkap (http:// atau https://)."))
    item = MaterialItem(
        kind=ItemKind.LINK,
        title=title.strip() or parts.netloc,
        url=url,
        created_by_id=user.id,
        created_at=now,
    )
    return _append_item(module, item, user, now)


def delete_item(item: MaterialItem, user, *, now=None) -> list[str]:
    """Remove a file or link; return the hash of a removed file (for ``prune``)."""
    now = now or datetime.now(UTC)
    module = item.module
    _audit_item(item, user, "delete", fields_of(item, ITEM_FIELDS), None, now)
    hashes = [item.sha256] if item.is_file else []
    module.items.remove(item)
    db.session.flush()
    _renumber(module.items)
    return hashes


def move_item(item: MaterialItem, user, direction: str, *, now=None) -> bool:
    return _move(list(item.module.items), item, direction, user, now, "material_item")


def prune(hashes: list[str]) -> None:
    """Delete the stored files of ``hashes`` that no item refers to (after the commit)."""
    for sha256 in set(hashes):
        used = db.session.scalar(
            select(MaterialItem.id).where(MaterialItem.sha256 == sha256).limit(1)
        )
        if used is None:
            storage.remove(sha256)


def settings_of(course: Course) -> CourseMaterialSettings:
    """The course's materials settings (defaults when none were saved)."""
    found = db.session.get(CourseMaterialSettings, course.id)
    return found or CourseMaterialSettings(course_id=course.id, required_before_post_test=False)


def set_required(course: Course, user, required: bool, *, now=None) -> None:
    """Whether every module must be done before the course's post-test."""
    now = now or datetime.now(UTC)
    row = db.session.get(CourseMaterialSettings, course.id)
    if row is None:
        row = CourseMaterialSettings(course_id=course.id, required_before_post_test=False)
        db.session.add(row)
    before = {"required_before_post_test": row.required_before_post_test}
    row.required_before_post_test = bool(required)
    record_update(
        "course_materials",
        before,
        {"required_before_post_test": bool(required)},
        user=user,
        entity_id=course.id,
        course_id=course.id,
        now=now,
    )
    db.session.flush()


def _append_item(module: MaterialModule, item: MaterialItem, user, now) -> MaterialItem:
    item.position = len(module.items) + 1
    module.items.append(item)
    module.updated_at = now
    db.session.flush()
    _audit_item(item, user, "create", None, fields_of(item, ITEM_FIELDS), now)
    return item


def _modules_of(course_id: int) -> list[MaterialModule]:
    return list(
        db.session.scalars(
            select(MaterialModule)
            .where(MaterialModule.course_id == course_id)
            .order_by(MaterialModule.position, MaterialModule.id)
        )
    )


def _renumber(rows) -> None:
    for number, row in enumerate(rows, start=1):
        row.position = number


def _move(rows, row, direction: str, user, now, entity: str) -> bool:
    """Swap ``row`` with its neighbour in ``rows``; False when it is already at that end."""
    now = now or datetime.now(UTC)
    _renumber(rows)
    index = rows.index(row)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(rows):
        return False
    before = row.position
    row.position, rows[other].position = rows[other].position, row.position
    course_id = row.course_id if entity == "material_module" else row.module.course_id
    record(
        entity,
        "move",
        user=user,
        entity_id=row.id,
        course_id=course_id,
        before={"position": before},
        after={"position": row.position},
        now=now,
    )
    db.session.flush()
    return True


def _audit_module(module, user, action, before, after, now) -> None:
    record(
        "material_module",
        action,
        user=user,
        entity_id=module.id,
        course_id=module.course_id,
        before=before,
        after=after,
        now=now,
    )


def _audit_item(item, user, action, before, after, now) -> None:
    record(
        "material_item",
        action,
        user=user,
        entity_id=item.id,
        course_id=item.module.course_id,
        before=before,
        after=after,
        now=now,
    )

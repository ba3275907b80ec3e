"""Use cases of the assessments feature: the competency framework and a course's
competencies with weights. The grid (``save_grid``) lives in ``grid.py`` and is re-exported.

Services never commit; the views and the CLI do.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update

from training.assessments import queries
from training.assessments.grid import (  # noqa: F401  (the grid's API, re-exported)
    GridInvalid,
    GridResult,
    GridRow,
    int_or_none,
    refresh,
    save_grid,
)
from training.assessments.models import (
    Competency,
    CourseCompetency,
)
from training.audit.services import fields_of, record, record_update
from training.errors import RuleViolation
from training.extensions import db

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
MIN_WEIGHT, MAX_WEIGHT = 1, 10


# --- the competency framework ------------------------------------------------------------


def _clean_code(code: str, competency: Competency | None = None) -> str:
    code = (code or "").strip().upper()
    if not CODE_RE.match(code):
        raise RuleViolation(
            _("Kode 2–32 karakter: huruf besar, angka, tanda hubung atau garis bawah.")
        )
    clash = db.session.scalar(select(Competency).where(Competency.code == code))
    if clash is not None and clash is not competency:
        raise RuleViolation(_("Kode %(code)s sudah dipakai kompetensi lain.", code=code))
    return code


COMPETENCY_FIELDS = ("code", "name", "description", "position", "is_active")


def _audit(competency, action, before=None, actor=None) -> None:
    after = fields_of(competency, COMPETENCY_FIELDS)
    if action == "update":
        record_update("competency", before, after, user=actor, entity_id=competency.id)
    else:
        record("competency", action, user=actor, entity_id=competency.id, after=after)


def create_competency(code, name, description="", position=0, *, actor=None) -> Competency:
    name = (name or "").strip()
    if not name:
        raise RuleViolation(_("Nama kompetensi wajib diisi."))
    competency = Competency(
        code=_clean_code(code),
        name=name,
        description=(description or "").strip(),
        position=position or 0,
        is_active=True,
    )
    db.session.add(competency)
    db.session.flush()
    _audit(competency, "create", actor=actor)
    return competency


def update_competency(
    competency, *, code, name, description="", position=0, actor=None
) -> Competency:
    name = (name or "").strip()
    if not name:
        raise RuleViolation(_("Nama kompetensi wajib diisi."))
    before = fields_of(competency, COMPETENCY_FIELDS)
    competency.code = _clean_code(code, competency)
    competency.name = name
    competency.description = (description or "").strip()
    competency.position = position or 0
    db.session.flush()
    _audit(competency, "update", before, actor)
    return competency


def set_active(competency, active: bool, *, actor=None) -> None:
    """Deactivate (hidden from new course choices; scores stay) or reactivate."""
    before = fields_of(competency, COMPETENCY_FIELDS)
    competency.is_active = active
    db.session.flush()
    _audit(competency, "update", before, actor)


def delete_competency(competency, *, actor=None) -> None:
    """Delete a competency nobody was ever scored on and no course uses."""
    if queries.competency_has_scores(competency.id):
        raise RuleViolation(
            _("Kompetensi %(code)s sudah punya nilai; nonaktifkan saja.", code=competency.code)
        )
    if queries.competency_in_courses(competency.id):
        raise RuleViolation(
            _(
                "Kompetensi %(code)s masih dipakai kursus; lepaskan dari kursus dahulu "
                "atau nonaktifkan.",
                code=competency.code,
            )
        )
    before = fields_of(competency, COMPETENCY_FIELDS)
    record("competency", "delete", user=actor, entity_id=competency.id, before=before)
    db.session.delete(competency)
    db.session.flush()


# --- a course's competencies --------------------------------------------------------------


def set_course_competencies(course, weights: dict[int, object], *, actor=None, now=None):
    """Replace the competencies of ``course`` by ``weights`` (competency id → weight 1..10).

    Raises RuleViolation with ``errors`` keyed by competency id when something is wrong;
    nothing is written then. Refreshes the standing of everyone already assessed, since
    weights change their averages.
    """
    errors = {}
    clean = {}
    current = queries.course_weights(course.id)
    known = {c.id: c for c in db.session.scalars(select(Competency))}
    for cid, raw in weights.items():
        competency = known.get(cid)
        if competency is None or (not competency.is_active and cid not in current):
            errors[cid] = _("Kompetensi tidak dikenal atau sudah nonaktif.")
            continue
        weight = int_or_none(raw)
        if weight is None or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
            errors[cid] = _("Bobot harus bilangan bulat 1 sampai 10.")
            continue
        clean[cid] = weight
    if errors:
        raise GridInvalid(_("Periksa bobot yang ditandai."), errors)
    if not clean:
        raise RuleViolation(_("Pilih minimal satu kompetensi untuk kursus ini."))
    if clean == current:
        return False
    _replace_weights(course.id, current, clean)
    codes = {cid: known[cid].code for cid in set(current) | set(clean)}
    record(
        "course_competencies",
        "update",
        user=actor,
        entity_id=course.id,
        course_id=course.id,
        before={codes[c]: w for c, w in current.items()},
        after={codes[c]: w for c, w in clean.items()},
        now=now,
    )
    refresh(course, queries.assessed_person_ids(course.id), actor, now)
    return True


def _replace_weights(course_id, current, clean) -> None:
    gone = [cid for cid in current if cid not in clean]
    if gone:
        db.session.execute(
            delete(CourseCompetency).where(
                CourseCompetency.course_id == course_id, CourseCompetency.competency_id.in_(gone)
            )
        )
    for cid, weight in clean.items():
        if cid in current and current[cid] != weight:
            db.session.execute(
                update(CourseCompetency)
                .where(CourseCompetency.course_id == course_id)
                .where(CourseCompetency.competency_id == cid)
                .values(weight=weight)
            )
    new = [
        {"course_id": course_id, "competency_id": cid, "weight": w}
        for cid, w in clean.items()
        if cid not in current
    ]
    if new:
        db.session.execute(insert(CourseCompetency), new)
    db.session.expire_all()

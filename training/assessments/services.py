"""Use cases of the assessments feature: the competency framework, a course's competencies
with weights, and recording an assessment grid (every save is a new attempt per person).

Services never commit; the views and the CLI do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update

from training.assessments import queries
from training.assessments.models import (
    LEVELS,
    AssessmentAttempt,
    AssessmentScore,
    Competency,
    CourseCompetency,
)
from training.audit.services import entry, record, record_many
from training.errors import RuleViolation
from training.extensions import db

CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
MIN_WEIGHT, MAX_WEIGHT = 1, 10
EVIDENCE_MAX = 1000
NOTE_MAX = 2000


class GridInvalid(RuleViolation):
    """Validation failed; ``errors`` maps a key (a cell, a row...) to its message."""

    def __init__(self, message, errors):
        super().__init__(message)
        self.errors = errors


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


def create_competency(code, name, description="", position=0) -> Competency:
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
    return competency


def update_competency(competency, *, code, name, description="", position=0) -> Competency:
    name = (name or "").strip()
    if not name:
        raise RuleViolation(_("Nama kompetensi wajib diisi."))
    competency.code = _clean_code(code, competency)
    competency.name = name
    competency.description = (description or "").strip()
    competency.position = position or 0
    db.session.flush()
    return competency


def set_active(competency, active: bool) -> None:
    """Deactivate (hidden from new course choices; scores stay) or reactivate."""
    competency.is_active = active
    db.session.flush()


def delete_competency(competency) -> None:
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
        weight = _int_or_none(raw)
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
    _refresh(course, queries.assessed_person_ids(course.id), actor, now)
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


# --- the assessment grid -------------------------------------------------------------------


@dataclass
class GridRow:
    """One person's row as typed: raw level strings and evidence keyed by competency id."""

    person_id: int
    levels: dict[int, object] = field(default_factory=dict)
    evidence: dict[int, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class GridResult:
    created: list[int]  # person ids that got a new attempt
    unchanged: list[int]


def save_grid(course, rows, *, actor, session=None, now=None) -> GridResult:
    """Record a grid: a new attempt for each person whose typed row differs from their latest.

    Validates everything first (levels 1..5, competencies of the course, people enrolled in
    the course or in ``session``, within ``actor``'s scope) and raises ``GridInvalid`` with
    errors keyed by ``(person_id, competency_id)`` (``None`` for the row) before writing.
    A bounded number of statements whatever the number of rows. The caller commits.
    """
    now = now or datetime.now(UTC)
    course_comps = queries.course_competencies(course.id)
    codes = {cc.competency_id: cc.competency.code for cc in course_comps}
    eligible = queries.eligible_person_ids(course, session=session, user=actor)
    rows = [r if isinstance(r, GridRow) else GridRow(**r) for r in rows]
    clean, errors = _validate(rows, codes, eligible)
    if errors:
        raise GridInvalid(_("Tidak ada yang disimpan. Perbaiki isian yang ditandai."), errors)
    latest = queries.latest_attempts(course.id, [r.person_id for r in clean])
    changed = [r for r in clean if _differs(r, latest.get(r.person_id))]
    changed_ids = {r.person_id for r in changed}
    unchanged = [r.person_id for r in clean if r.person_id not in changed_ids]
    if changed:
        _write(course, changed, latest, codes, actor=actor, session=session, now=now)
        _refresh(course, [r.person_id for r in changed], actor, now)
    return GridResult(created=[r.person_id for r in changed], unchanged=unchanged)


def _validate(rows, codes, eligible):
    errors, clean = {}, []
    for row in rows:
        if row.person_id not in eligible:
            errors[(row.person_id, None)] = _("Personel ini tidak terdaftar di kursus ini.")
            continue
        levels, evidence = {}, {}
        for cid, raw in row.levels.items():
            if cid not in codes:
                errors[(row.person_id, cid)] = _("Kompetensi ini bukan bagian dari kursus.")
            elif str(raw or "").strip():
                level = _int_or_none(raw)
                if level not in LEVELS:
                    errors[(row.person_id, cid)] = _("Nilai harus 1 (Kurang) sampai 5 (Istimewa).")
                else:
                    levels[cid] = level
        for cid, text in row.evidence.items():
            text = (text or "").strip()
            if cid not in codes:
                errors[(row.person_id, cid)] = _("Kompetensi ini bukan bagian dari kursus.")
            elif len(text) > EVIDENCE_MAX:
                errors[(row.person_id, cid)] = _("Bukti paling banyak 1000 karakter.")
            elif text and cid not in levels and (row.person_id, cid) not in errors:
                errors[(row.person_id, cid)] = _("Isi nilai untuk bukti ini.")
            elif text:
                evidence[cid] = text
        note = (row.note or "").strip()
        if len(note) > NOTE_MAX:
            errors[(row.person_id, "note")] = _("Catatan paling banyak 2000 karakter.")
        if levels:
            clean.append(GridRow(row.person_id, levels, evidence, note))
        elif note and (row.person_id, "note") not in errors:
            errors[(row.person_id, "note")] = _("Isi minimal satu nilai untuk catatan ini.")
    return clean, errors


def _differs(row: GridRow, latest) -> bool:
    if latest is None:
        return True
    return (row.levels, row.evidence, row.note) != (latest.levels, latest.evidence, latest.note)


def _write(course, rows, latest, codes, *, actor, session, now) -> None:
    attempts = [
        {
            "person_id": r.person_id,
            "course_id": course.id,
            "session_id": getattr(session, "id", None),
            "attempt_no": (latest[r.person_id].attempt_no if r.person_id in latest else 0) + 1,
            "assessed_by_id": getattr(actor, "id", None),
            "assessed_at": now,
            "note": r.note,
        }
        for r in rows
    ]
    db.session.execute(insert(AssessmentAttempt), attempts)
    ids = queries.attempt_ids(course.id, [(a["person_id"], a["attempt_no"]) for a in attempts])
    scores = [
        {
            "attempt_id": ids[r.person_id],
            "competency_id": cid,
            "level": lv,
            "evidence": r.evidence.get(cid, ""),
        }
        for r in rows
        for cid, lv in r.levels.items()
    ]
    db.session.execute(insert(AssessmentScore), scores)
    record_many(
        [
            _audit_row(ids[r.person_id], r, a, latest.get(r.person_id), codes, actor, session, now)
            for r, a in zip(rows, attempts, strict=True)
        ]
    )


def _audit_row(attempt_id, row, attempt, previous, codes, actor, session, now):
    before = None
    if previous is not None:
        before = {
            "attempt_no": previous.attempt_no,
            "levels": {codes.get(c, str(c)): lv for c, lv in previous.levels.items()},
        }
    after = {
        "attempt_no": attempt["attempt_no"],
        "levels": {codes[c]: lv for c, lv in row.levels.items()},
    }
    return entry(
        "assessment",
        "create",
        user=actor,
        entity_id=attempt_id,
        session_id=getattr(session, "id", None),
        person_id=row.person_id,
        course_id=attempt["course_id"],
        before=before,
        after=after,
        now=now,
    )


def _refresh(course, person_ids, actor, now) -> None:
    if not person_ids:
        return
    from training.programs.standing import refresh_standing  # written alongside this module

    refresh_standing(course, sorted(set(person_ids)), actor=actor, now=now)


def _int_or_none(raw):
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,3}", text) else None

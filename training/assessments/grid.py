"""Recording an assessment grid: every save is a new attempt for each person whose typed row
differs from their latest attempt (reassessment keeps every attempt; the latest counts).

Validates everything before writing; bulk inserts keep the statement count independent of
the number of people. The caller commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import insert

from training.assessments import queries
from training.assessments.models import LEVELS, AssessmentAttempt, AssessmentScore
from training.audit.services import entry, record_many
from training.errors import RuleViolation
from training.extensions import db
from training.programs.standing_hook import people_changed

EVIDENCE_MAX = 1000
NOTE_MAX = 2000


class GridInvalid(RuleViolation):
    """Validation failed; ``errors`` maps a key (a cell, a row...) to its message."""

    def __init__(self, message, errors):
        super().__init__(message)
        self.errors = errors


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
        refresh(course, [r.person_id for r in changed], actor, now)
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
                level = int_or_none(raw)
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


def refresh(course, person_ids, actor, now) -> None:
    if not person_ids:
        return
    people_changed(course, person_ids, actor=actor, now=now)


def int_or_none(raw):
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    text = str(raw or "").strip()
    return int(text) if re.fullmatch(r"[0-9]{1,3}", text) else None

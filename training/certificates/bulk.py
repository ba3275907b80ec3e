"""Many certificates at once: which ones (filters in scope), whether the fonts can print
them, and their file name; shared by the direct download and the bulk job."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from training.certificates import queries
from training.certificates.models import Certificate, CertificateState
from training.core.guards import db_id
from training.extensions import db
from training.policy.scope import unit_or_404
from training.policy.sessions import session_or_404
from training.programs.models import Course


def filters(scope, args: Mapping) -> tuple:
    """Course, session and unit from ``args`` (404 when unknown or out of scope)."""
    course, session = targets(scope, args)
    unit = unit_or_404(scope, args.get("unit", "").strip()) if args.get("unit") else None
    return course, session, unit


def targets(scope, args: Mapping) -> tuple:
    """Course and session from ``args`` (404 when unknown or out of scope)."""
    course = session = None
    if args.get("course"):
        course = db.session.get(Course, args.get("course", type=db_id) or 0)
        if course is None:
            abort(404)
    if args.get("session"):
        session = session_or_404(scope, args.get("session", type=db_id) or 0)
    return course, session


def selection(scope, course, session, unit, *, include_revoked: bool):
    """The certificates' statement: revoked and superseded ones only when asked."""
    stmt = queries.certificates_query(scope, course=course, session=session, unit=unit)
    if not include_revoked:
        stmt = stmt.where(Certificate.state == CertificateState.VALID)
    return stmt


def ids_of(stmt, limit: int | None = None) -> list[int]:
    stmt = stmt.with_only_columns(Certificate.id).order_by(None).order_by(Certificate.id)
    return list(db.session.scalars(stmt if limit is None else stmt.limit(limit)))


def count_of(stmt) -> int:
    inner = stmt.with_only_columns(Certificate.id).order_by(None).subquery()
    return db.session.scalar(select(func.count()).select_from(inner)) or 0


def file_name(course, session, unit) -> str:
    parts = (
        f"kursus-{course.id}" if course else "",
        f"sesi-{session.id}" if session else "",
        unit.code if unit else "",
    )
    return "sertifikat-" + "-".join(part for part in parts if part)


def unprintable(ids) -> tuple[list[str], str] | None:
    """(serials, characters) of the certificates a font lacks glyphs for; None if none."""
    # reportlab loads with the first PDF, not with every worker
    from training.certificates.pdf import missing_glyphs

    serials, chars = [], set()
    for cert in iter_certs(ids):
        missing = missing_glyphs(cert)
        if missing:
            serials.append(cert.serial)
            chars.update(missing)
    return (serials, "".join(sorted(chars))) if serials else None


def iter_certs(ids, chunk: int = 200) -> Iterator[Certificate]:
    """Load certificates in chunks so a large batch is never all in memory at once."""
    for start in range(0, len(ids), chunk):
        batch = ids[start : start + chunk]
        rows = db.session.scalars(
            select(Certificate)
            .options(selectinload(Certificate.course).selectinload(Course.program))
            .where(Certificate.id.in_(batch))
            .order_by(Certificate.id)
        ).all()
        yield from rows

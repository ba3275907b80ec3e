"""The JSON shapes of the API's records (the fields documented in ``api/openapi_schemas.py``)."""

from datetime import UTC
from zoneinfo import ZoneInfo

from flask import url_for

from training.calendar.queries import trainer_names
from training.certificates import codes as cert_codes


def person_json(person) -> dict | None:
    if person is None:
        return None
    return {
        "nrp": person.nrp,
        "name": person.full_name,
        "rank": person.rank,
        "position": person.position,
        "unit": person.unit.code,
        "id_type": person.id_label,
    }


def unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "level": unit.level}


def _local_iso(instant, tz: str) -> str:
    return instant.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds")


def session_json(training_session, enrolled: int) -> dict:
    s = training_session
    tz = s.venue_unit.timezone
    return {
        "id": s.id,
        "course": s.course.title,
        "tier": s.course.tier,
        "title": s.title,
        "status": s.status,
        "starts_at": _local_iso(s.starts_at, tz),
        "ends_at": _local_iso(s.ends_at, tz),
        "timezone": tz,
        "zone_label": s.venue_unit.zone_label,
        "venue_unit": s.venue_unit.code,
        "venue": s.venue,
        "online_url": s.online_url or None,
        "trainers": trainer_names(s),
        "capacity": s.capacity,
        "enrolled": enrolled,
    }


def attendance_json(person, mark, tz: str) -> dict:
    """One row of a session's roll call: the person and their mark (None when unmarked)."""
    checked_in = mark.checked_in_at if mark is not None else None
    return {
        "nrp": person.nrp,
        "name": person.full_name,
        "status": mark.status if mark is not None else None,
        "checked_in_at": _local_iso(checked_in, tz) if checked_in is not None else None,
        "method": mark.method if mark is not None else None,
    }


def course_standing_json(standing, course, attempt) -> dict:
    """A person's standing in one course with the latest assessment attempt (or None)."""
    return {
        "course": {"id": course.id, "title": course.title, "tier": course.tier},
        "status": standing.status,
        "completed_on": standing.completed_on.isoformat() if standing.completed_on else None,
        "attendance_pct": standing.attendance_pct,
        "latest_result": None
        if attempt is None
        else {
            "attempt_no": attempt.attempt_no,
            "average": standing.average_level,
            "passed": standing.passed,
            "assessed_at": attempt.assessed_at.astimezone(UTC).isoformat(timespec="seconds"),
        },
    }


def certificate_json(cert, today) -> dict:
    """One certificate as listed by ``GET /api/v1/certificates``; its status on ``today``."""
    return {
        "serial": cert.serial,
        "holder": {"nrp": cert.holder_nrp, "name": cert.holder_name},
        "course": {"id": cert.course_id, "title": cert.course.title, "tier": cert.course.tier},
        "status": cert.status_on(today),
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "verify_url": cert_codes.verify_url(cert),
        "pdf_url": url_for("api.certificate_pdf", cert_id=cert.id, _external=True),
    }

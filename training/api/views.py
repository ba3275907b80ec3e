"""Read-only JSON API under /api/v1/: bearer token or browser session.

Every endpoint requires a logged-in user unless decorated with ``@public``; anonymous
requests get ``401 {"error": ...}`` (never a redirect to /login). Scope rules come from
``training.auth.scope`` and ``training.policy`` exactly as in the HTML views.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

import training.auth.tokens  # noqa: F401  (registers the bearer-token request loader)
from training.api.openapi import openapi_spec
from training.assessments.latest import latest_attempt_join
from training.assessments.models import AssessmentAttempt
from training.attendance.reports import export_query
from training.auth.scope import can_see_person, scope_of, unit_or_404
from training.calendar.queries import enrolled_counts, sessions_between, trainer_names
from training.certificates import codes as cert_codes
from training.certificates import queries as cert_queries
from training.certificates.fonts import MissingGlyphs
from training.certificates.views import cert_or_404, pdf_response, unprintable_message
from training.core.dates import day_arg
from training.core.timefmt import local_day, to_utc, viewer_timezone
from training.extensions import db
from training.people.models import Person
from training.people.queries import people_query
from training.policy.sessions import session_or_404
from training.programs.models import Course, CourseStatus
from training.units.queries import child_counts, children_of, head_of, subtree_people_count

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def public(view):
    """Mark an endpoint as reachable without authentication."""
    view.is_public = True
    return view


def unauthorized():
    response = jsonify(error=_("Autentikasi diperlukan: kirim token API yang berlaku."))
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@bp.before_request
def require_login():
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    if not current_user.is_authenticated:
        return unauthorized()
    return None


@bp.errorhandler(401)
def handle_unauthorized(_error):
    return unauthorized()


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


@bp.get("/me")
def me():
    user = current_user
    return jsonify(
        username=user.username,
        roles=sorted(user.roles),
        unit=user.unit.code if user.unit else None,
        person=person_json(user.person),
    )


def unit_ref(unit) -> dict | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "level": unit.level}


@bp.get("/units/<code>")
def unit_detail(code):
    scope = scope_of(current_user)
    unit = unit_or_404(scope, code)
    children = children_of(unit)
    counts = child_counts(c.id for c in children)
    return jsonify(
        **unit_ref(unit),
        type=unit.unit_type,
        timezone=unit.timezone,
        zone_label=unit.zone_label,
        parent=unit_ref(unit.parent),
        head=person_json(head_of(unit)),
        people_in_subtree=subtree_people_count(unit),
        children=[{**unit_ref(c), "children": counts[c.id]} for c in children],
    )


@bp.get("/people")
def people():
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()
    unit = unit_or_404(scope, code) if code else None
    stmt = people_query(
        scope,
        unit=unit,
        rank=request.args.get("rank"),
        position=request.args.get("position"),
        q=request.args.get("q"),
        sort=request.args.get("sort", "name"),
        direction=request.args.get("direction", "asc"),
    )
    page = db.paginate(stmt, error_out=False, max_per_page=200)
    return jsonify(
        items=[person_json(p) for p in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
        pages=page.pages,
    )


# --- Sessions (issue 3): GET /api/v1/sessions?unit=<code>&from=<date>&to=<date> ---

SESSIONS_DEFAULT_DAYS = 30
SESSIONS_MAX_DAYS = 366


def _bad_request(message: str):
    response = jsonify(error=message)
    response.status_code = 400
    return response


def session_json(training_session, enrolled: int) -> dict:
    s = training_session
    tz = s.venue_unit.timezone

    def local(instant):
        return instant.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds")

    return {
        "id": s.id,
        "course": s.course.title,
        "tier": s.course.tier,
        "title": s.title,
        "status": s.status,
        "starts_at": local(s.starts_at),
        "ends_at": local(s.ends_at),
        "timezone": tz,
        "zone_label": s.venue_unit.zone_label,
        "venue_unit": s.venue_unit.code,
        "venue": s.venue,
        "online_url": s.online_url or None,
        "trainers": trainer_names(s),
        "capacity": s.capacity,
        "enrolled": enrolled,
    }


@bp.get("/sessions")
def sessions():
    """Published sessions overlapping the local days ``from``..``to`` (inclusive; default
    today .. +30 days, at most 366 days), read in the unit's zone when ``unit`` is given,
    else in the caller's zone; ``unit`` narrows to sessions held in or aimed at its subtree."""
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()
    unit = unit_or_404(scope, code) if code else None
    tz = unit.timezone if unit is not None else viewer_timezone(current_user)
    today = datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    try:
        first = day_arg("from", today)
    except ValueError:
        return _bad_request(_("Tanggal 'from' tidak valid. Gunakan format TTTT-BB-HH."))
    try:
        last = day_arg("to", first + timedelta(days=SESSIONS_DEFAULT_DAYS))
    except ValueError:
        return _bad_request(_("Tanggal 'to' tidak valid. Gunakan format TTTT-BB-HH."))
    if last < first:
        return _bad_request(_("Tanggal 'to' tidak boleh sebelum tanggal 'from'."))
    if (last - first).days > SESSIONS_MAX_DAYS:
        return _bad_request(_("Rentang tanggal paling panjang %(n)d hari.", n=SESSIONS_MAX_DAYS))
    start, end = to_utc(first, time(0), tz), to_utc(last + timedelta(days=1), time(0), tz)
    rows = sessions_between(current_user, start, end, unit=unit)
    counts = enrolled_counts(s.id for s in rows)
    return jsonify(
        unit=code or None,
        timezone=tz,
        **{"from": first.isoformat(), "to": last.isoformat()},
        count=len(rows),
        items=[session_json(s, counts[s.id]) for s in rows],
    )


# --- Attendance and standing (issue 4) ---


@bp.get("/sessions/<int:session_id>/attendance")
def session_attendance(session_id):
    """The session's enrolled or marked people in the caller's scope, with their marks."""
    scope = scope_of(current_user)
    training_session = session_or_404(scope, session_id)
    tz = training_session.venue_unit.timezone
    items = []
    for person, *_rest, mark, _standing in db.session.execute(
        export_query(scope, session=training_session)
    ):
        checked_in = mark.checked_in_at if mark is not None else None
        items.append(
            {
                "nrp": person.nrp,
                "name": person.full_name,
                "status": mark.status if mark is not None else None,
                "checked_in_at": (
                    checked_in.astimezone(ZoneInfo(tz)).isoformat(timespec="seconds")
                    if checked_in is not None
                    else None
                ),
                "method": mark.method if mark is not None else None,
            }
        )
    return jsonify(session=training_session.id, timezone=tz, count=len(items), items=items)


@bp.get("/people/<nrp>/courses")
def person_courses(nrp):
    """The person's standing per course and the latest assessment attempt."""
    scope = scope_of(current_user)
    person = db.session.scalar(select(Person).where(Person.nrp == nrp))
    if person is None or not can_see_person(scope, person):
        abort(404)
    attempts = {
        a.course_id: a
        for a in db.session.scalars(
            select(AssessmentAttempt)
            .join(*latest_attempt_join(AssessmentAttempt.person_id == person.id))
            .where(AssessmentAttempt.person_id == person.id)
        )
    }
    rows = db.session.execute(
        select(CourseStatus, Course)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(CourseStatus.person_id == person.id)
        .order_by(Course.program_id, Course.tier)
    ).all()
    items = []
    for standing, course in rows:
        attempt = attempts.get(course.id)
        items.append(
            {
                "course": {"id": course.id, "title": course.title, "tier": course.tier},
                "status": standing.status,
                "completed_on": standing.completed_on.isoformat()
                if standing.completed_on
                else None,
                "attendance_pct": standing.attendance_pct,
                "latest_result": None
                if attempt is None
                else {
                    "attempt_no": attempt.attempt_no,
                    "average": standing.average_level,
                    "passed": standing.passed,
                    "assessed_at": attempt.assessed_at.astimezone(UTC).isoformat(
                        timespec="seconds"
                    ),
                },
            }
        )
    return jsonify(nrp=person.nrp, name=person.full_name, count=len(items), items=items)


# --- Certificates (issue 5): GET /api/v1/certificates?unit=<code> ---


@bp.get("/certificates")
def certificates():
    """Certificates of the people in a unit subtree within the caller's scope."""
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()
    if not code:
        return _bad_request(_("Parameter unit (kode satuan) wajib diisi."))
    unit = unit_or_404(scope, code)
    stmt = cert_queries.certificates_query(scope, unit=unit)
    page = db.paginate(stmt, error_out=False, max_per_page=200)
    today = local_day(tz=unit.timezone)
    items = [
        {
            "serial": c.serial,
            "holder": {"nrp": c.holder_nrp, "name": c.holder_name},
            "course": {"id": c.course_id, "title": c.course.title, "tier": c.course.tier},
            "status": c.status_on(today),
            "issued_on": c.issued_on.isoformat(),
            "valid_until": c.valid_until.isoformat(),
            "verify_url": cert_codes.verify_url(c),
            "pdf_url": url_for("api.certificate_pdf", cert_id=c.id, _external=True),
        }
        for c in page.items
    ]
    return jsonify(
        unit=unit.code, items=items, page=page.page, per_page=page.per_page, total=page.total
    )


@bp.get("/certificates/<int:cert_id>.pdf")
def certificate_pdf(cert_id):
    """One certificate's PDF (the list's ``pdf_url``): the same bearer token works here."""
    cert = cert_or_404(cert_id)
    try:
        return pdf_response(cert)
    except MissingGlyphs as exc:
        response = jsonify(error=unprintable_message([cert.serial], exc.chars))
        response.status_code = 422
        return response


# --- OpenAPI description (issue 7): GET /api/v1/openapi.json ---


@bp.get("/openapi.json")
@public
def openapi():
    """The API's OpenAPI 3.0 description; public: it holds no data, only the API's shape."""
    return jsonify(openapi_spec())

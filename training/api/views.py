"""Read-only JSON API under /api/v1/: bearer token or browser session.

Every endpoint requires a logged-in user unless decorated with ``@public``; anonymous
requests get ``401 {"error": ...}`` (never a redirect to /login). Scope rules come from
``training.policy.scope`` and ``training.policy`` exactly as in the HTML views.
"""

from flask import Blueprint, abort, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

import training.auth.tokens  # noqa: F401  (registers the bearer-token request loader)
from training.api.openapi import openapi_spec
from training.api.queries import BadArgument, course_standings, sessions_in_days, sessions_window
from training.api.serializers import (
    attendance_json,
    certificate_json,
    course_standing_json,
    person_json,
    session_json,
    unit_ref,
)
from training.attendance.reports import export_query
from training.certificates import queries as cert_queries
from training.certificates.fonts import MissingGlyphs
from training.certificates.views import cert_or_404, pdf_response, unprintable_message
from training.core.timefmt import local_day, viewer_timezone
from training.extensions import db
from training.people.figures import head_of, subtree_people_count
from training.people.models import Person
from training.people.queries import people_query
from training.policy.scope import can_see_person, scope_of, unit_or_404
from training.policy.sessions import session_or_404
from training.units.queries import child_counts, children_of

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


@bp.get("/me")
def me():
    user = current_user
    return jsonify(
        username=user.username,
        roles=sorted(user.roles),
        unit=user.unit.code if user.unit else None,
        person=person_json(user.person),
    )


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


def _bad_request(message: str):
    response = jsonify(error=message)
    response.status_code = 400
    return response


@bp.get("/sessions")
def sessions():
    """Published sessions overlapping the local days ``from``..``to`` (inclusive; default
    today .. +30 days, at most 366 days), read in the unit's zone when ``unit`` is given,
    else in the caller's zone; ``unit`` narrows to sessions held in or aimed at its subtree."""
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()
    unit = unit_or_404(scope, code) if code else None
    tz = unit.timezone if unit is not None else viewer_timezone(current_user)
    try:
        first, last = sessions_window(tz)
    except BadArgument as exc:
        return _bad_request(str(exc))
    rows, counts = sessions_in_days(current_user, first, last, tz, unit=unit)
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
    items = [
        attendance_json(person, mark, tz)
        for person, *_rest, mark, _standing in db.session.execute(
            export_query(scope, session=training_session)
        )
    ]
    return jsonify(session=training_session.id, timezone=tz, count=len(items), items=items)


@bp.get("/people/<nrp>/courses")
def person_courses(nrp):
    """The person's standing per course and the latest assessment attempt."""
    scope = scope_of(current_user)
    person = db.session.scalar(select(Person).where(Person.nrp == nrp))
    if person is None or not can_see_person(scope, person):
        abort(404)
    items = [course_standing_json(*row) for row in course_standings(person)]
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
    items = [certificate_json(c, today) for c in page.items]
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

"""Read-only JSON API under /api/v1/: bearer token or browser session.

Every endpoint requires a logged-in user unless decorated with ``@public``; anonymous
requests get ``401 {"error": ...}`` (never a redirect to /login). Scope rules come from
``training.auth.scope`` exactly as in the HTML views.
"""

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

import training.auth.tokens  # noqa: F401  (registers the bearer-token request loader)

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

"""GET /api/v1/units/<code>/readiness: a unit's readiness figures and its children's.

A blueprint of its own under /api/v1 that reuses the API's authentication (bearer token
or session; 401 JSON for anonymous callers) and its scope rule (404 outside the caller's
scope).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from training.api.views import handle_unauthorized, require_login
from training.core.dates import day_arg
from training.core.timefmt import local_day
from training.extensions import db
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Program
from training.readiness.kept import readiness as kept_readiness
from training.readiness.rollup import current_program, readiness_dict

bp = Blueprint("readiness_api", __name__, url_prefix="/api/v1")
bp.before_request(require_login)
bp.register_error_handler(401, handle_unauthorized)


def _error(status: int, message: str):
    response = jsonify(error=message)
    response.status_code = status
    return response


@bp.get("/units/<code>/readiness")
def unit_readiness(code):
    """?program=<id> (default: the current programme), ?on=YYYY-MM-DD (default: today)."""
    scope = scope_of(current_user)
    unit = unit_or_404(scope, code)
    try:
        on = day_arg("on", local_day(tz=unit.timezone))
    except ValueError:
        return _error(400, _("Tanggal 'on' tidak valid. Gunakan format TTTT-BB-HH."))
    raw_program = request.args.get("program", "").strip()
    if raw_program:
        if not raw_program.isascii() or not raw_program.isdigit() or len(raw_program) > 9:
            return _error(400, _("Parameter 'program' harus berupa id program (angka)."))
        program = db.session.get(Program, int(raw_program))
        if program is None:
            return _error(404, _("Program tidak ditemukan."))
    else:
        program = current_program(on)
        if program is None:
            return _error(404, _("Belum ada program pelatihan."))
    readiness = kept_readiness(program, scope, root=unit, on=on)
    return jsonify(readiness_dict(readiness, unit.id))

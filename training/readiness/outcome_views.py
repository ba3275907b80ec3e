"""The outcome chart: per unit of one level of the viewer's command, certified share against
aduan response time (readiness.scatter), with the same figures in a table."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from training.core.timefmt import local_day
from training.readiness.kept import readiness as kept_readiness
from training.readiness.scatter import LEVELS, points, scatter_svg
from training.readiness.views import program_choice, viewer_root, viewer_scope

bp = Blueprint("readiness_outcome", __name__, url_prefix="/readiness/outcome")


def _level(unit) -> str:
    """?level= when valid; else the level just below the viewer's unit (or its own)."""
    asked = request.args.get("level", "")
    if asked in LEVELS:
        return asked
    below = LEVELS.index(unit.level) + 1 if unit.level in LEVELS else 0
    return LEVELS[min(below, len(LEVELS) - 1)]


@bp.get("/")
@login_required
def chart():
    scope = viewer_scope()
    unit = viewer_root(scope)
    today = local_day(tz=unit.timezone)
    program, programs = program_choice(today)
    level = _level(unit)
    if program is None:
        return render_template("readiness/empty.html", unit=unit, crumbs=[])
    readiness = kept_readiness(program, scope, root=unit, on=today)
    found = points(readiness, level)
    target = readiness.response_rules().target_minutes
    title = _("Sertifikasi dibanding waktu tanggap aduan per satuan")
    return render_template(
        "readiness/outcome.html",
        unit=unit,
        program=program,
        programs=programs,
        level=level,
        levels=LEVELS,
        points=found,
        target=target,
        chart=scatter_svg(found, target, title),
        window_days=readiness.response_rules().window_days,
    )

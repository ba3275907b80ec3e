"""GET /api/v1/courses/<id>/learning-gain: a course's learning gain (post-test minus
pre-test) overall and per trainer, child unit and competency, within the caller's scope.

``?unit=code`` narrows to that unit's subtree (404 outside the scope); without it the
figures start at the caller's own command (the root for national viewers). Callers who see
no units (participants) get 404, as for the readiness endpoint.
"""

from flask import abort, request
from flask_login import current_user

from training.api.views import bp
from training.extensions import db
from training.learning.gain import course_gain, viewer_root
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Course

RULE = "first closed pre-test attempt, latest closed post-test attempt, per person and cycle"


@bp.get("/courses/<int:course_id>/learning-gain")
def course_learning_gain(course_id):
    scope = scope_of(current_user)
    if not scope.sees_units:
        abort(404)
    course = db.get_or_404(Course, course_id)
    code = request.args.get("unit", "").strip()
    root = unit_or_404(scope, code) if code else viewer_root(scope, current_user)
    if root is None:
        abort(404)
    found = course_gain(course, scope, root)
    return {
        "course": {"id": course.id, "title": course.title},
        "unit": {"code": root.code, "name": root.name, "level": root.level},
        "rule": RULE,
        "overall": found.overall.as_dict(),
        "trainers": [{"name": name, **g.as_dict()} for name, g in found.trainers],
        "units": [
            {"code": u.code, "name": u.name, "level": u.level, **g.as_dict()}
            for u, g in found.units
        ],
        "competencies": [
            {"code": c.code, "name": c.name, **g.as_dict()} for c, g in found.competencies
        ],
    }

"""The learning gain page of a course: post-test minus pre-test, overall and per trainer,
unit and competency, within the viewer's scope (``?unit=code`` narrows to a subtree; a
unit outside the scope answers 404). Staff only (``READ_PROGRAMME``)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from training.extensions import db
from training.learning.gain import course_gain, viewer_root
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of, unit_or_404
from training.programs.models import Course

bp = Blueprint("gain", __name__, url_prefix="/learning-gain")


@bp.get("/courses/<int:course_id>")
@role_required(rules.READ_PROGRAMME)
def course(course_id):
    course = db.get_or_404(Course, course_id)
    scope = scope_of(current_user)
    code = request.args.get("unit", "").strip()[:32]
    root = unit_or_404(scope, code) if code else viewer_root(scope, current_user)
    if root is None:
        abort(404)
    return render_template(
        "learning/gain.html", course=course, unit=root, found=course_gain(course, scope, root)
    )

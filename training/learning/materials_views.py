"""Course materials for readers: my courses, a course's modules, a module, its files, progress.

Staff (trainers, commanders, admins) read every course's materials; a participant only
those of the courses they take part in (anything else answers 404). Opening a module or
one of its files records the participant's first opening; "Tandai selesai" is a POST.
The editing routes of the same blueprint are in ``materials_edit_views``.
"""

from __future__ import annotations

import os
from collections import Counter

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.extensions import db
from training.learning import materials_progress as progress
from training.learning import materials_storage as storage
from training.learning import online
from training.learning.materials_forms import ActionForm
from training.learning.materials_models import MaterialItem, MaterialModule
from training.learning.materials_services import settings_of
from training.learning.quiz_admin import quizzes_of
from training.learning.quiz_pages import quiz_states
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.materials import may_manage_materials, may_see_materials, takes_part_in
from training.policy.scope import scope_of
from training.programs.models import Course

bp = Blueprint("materials", __name__, url_prefix="/materials")


def course_to_see_or_404(course_id: int) -> Course:
    course = db.session.get(Course, course_id)
    if course is None or not may_see_materials(current_user, course):
        abort(404)
    return course


def module_to_see_or_404(module_id: int) -> MaterialModule:
    module = db.session.get(MaterialModule, module_id)
    if module is None or not may_see_materials(current_user, module.course):
        abort(404)
    return module


def _learner_id(course: Course) -> int | None:
    """The signed-in person's id when they take part in the course (progress is theirs)."""
    person_id = current_user.person_id
    return person_id if takes_part_in(person_id, course) else None


@bp.get("/")
@login_required
def mine():
    summaries = progress.my_courses(current_user.person_id)
    return render_template("learning/materials/mine.html", summaries=summaries)


@bp.get("/courses/<int:course_id>")
@login_required
def course(course_id):
    course = course_to_see_or_404(course_id)
    modules = _modules(course)
    learner = _learner_id(course)
    return render_template(
        "learning/materials/course.html",
        course=course,
        modules=modules,
        states=progress.progress_of(learner, modules),
        learner=learner,
        settings=settings_of(course),
        may_manage=may_manage_materials(current_user),
        action_form=ActionForm(),
        quizzes=quiz_states(learner, course_id=course.id),
        staff_quizzes=quizzes_of(course.id) if rules.READ_QUIZ_RESULTS(current_user) else [],
    )


@bp.get("/modules/<int:module_id>")
@login_required
def module(module_id):
    module = module_to_see_or_404(module_id)
    learner = _learner_id(module.course)
    if learner is not None:
        progress.record_opened(learner, module)
        db.session.commit()
    return render_template(
        "learning/materials/module.html",
        module=module,
        course=module.course,
        learner=learner,
        state=progress.progress_of(learner, [module]).get(module.id),
        may_manage=may_manage_materials(current_user),
        action_form=ActionForm(),
        format_size=storage.format_size,
        types={t.content_type: t for t in storage.TYPES.values()},
    )


@bp.post("/modules/<int:module_id>/done")
@login_required
def done(module_id):
    module = module_to_see_or_404(module_id)
    if _learner_id(module.course) is None:
        abort(403)
    if ActionForm().validate_on_submit():
        if online.module_done(current_user.person, module, current_user):
            flash(_("Modul %(title)s ditandai selesai.", title=module.title), "success")
        db.session.commit()
    return redirect(url_for(".module", module_id=module.id))


@bp.get("/items/<int:item_id>/file")
@login_required
def file(item_id):
    item = db.session.get(MaterialItem, item_id)
    if item is None or not item.is_file or not may_see_materials(current_user, item.module.course):
        abort(404)
    path = storage.path_of(item.sha256)
    if not os.path.exists(path):
        current_app.logger.warning("material file missing: item %s", item.id)
        abort(404)
    learner = _learner_id(item.module.course)
    if learner is not None:
        progress.record_opened(learner, item.module)
        db.session.commit()
    return _send(item, path)


def _send(item: MaterialItem, path: str):
    file_type = storage.type_of(item.content_type)
    response = send_file(
        path,
        mimetype=item.content_type,
        as_attachment=file_type is None or not file_type.inline,
        download_name=item.filename,
        conditional=True,
        etag=item.sha256,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/courses/<int:course_id>/progress")
@role_required(rules.READ_PROGRAMME)
def progress_table(course_id):
    course = db.get_or_404(Course, course_id)
    modules = _modules(course)
    stmt = progress.course_people_query(course, scope_of(current_user))
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    grid = progress.progress_grid(course, [p.id for p in page.items])
    return render_template(
        "learning/materials/progress.html",
        course=course,
        modules=modules,
        page=page,
        grid=grid,
        done_counts=Counter(p for (p, _m), state in grid.items() if state == progress.DONE),
    )


def _modules(course: Course) -> list[MaterialModule]:
    return list(
        db.session.scalars(
            db.select(MaterialModule)
            .where(MaterialModule.course_id == course.id)
            .order_by(MaterialModule.position, MaterialModule.id)
        )
    )

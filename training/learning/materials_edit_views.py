"""Editing a course's materials (admins and national trainers): modules, files, links, order.

Routes of the ``materials`` blueprint (``materials_views``). Every change is a POST, checked
by ``policy.materials.may_manage_materials`` (403 for others), audited by the services.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.errors import RuleViolation
from training.extensions import db
from training.learning import materials_services as services
from training.learning import materials_storage as storage
from training.learning.materials_forms import (
    ActionForm,
    DeleteModuleForm,
    FileItemForm,
    LinkItemForm,
    ModuleForm,
    MoveForm,
    SettingsForm,
)
from training.learning.materials_models import MaterialItem, MaterialModule
from training.learning.materials_views import bp
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.materials import may_manage_materials
from training.programs.models import Course

#: Room for the multipart envelope, the title and the CSRF field around one file.
FORM_MARGIN = 256 * 1024


@bp.url_value_preprocessor
def _upload_request_limit(endpoint, _values):
    """Let a file up to twice the largest allowed size through the request limit, so that
    a file somewhat too large gets the materials' own message instead of the 413 page."""
    if endpoint == "materials.upload":
        request.max_content_length = max(
            current_app.config.get("MAX_CONTENT_LENGTH") or 0,
            2 * storage.read_limit() + FORM_MARGIN,
        )


def _managed(model, object_id: int):
    """The row ``object_id`` of ``model``: 404 when unknown, 403 for non-managers."""
    found = db.get_or_404(model, object_id)
    if not may_manage_materials(current_user):
        abort(403)
    return found


@bp.route("/courses/<int:course_id>/modules/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_MATERIALS)
def module_new(course_id):
    course = _managed(Course, course_id)
    form = ModuleForm()
    if form.validate_on_submit():
        module = services.add_module(
            course, current_user, form.title.data, form.description.data or ""
        )
        db.session.commit()
        flash(_("Modul %(title)s ditambahkan.", title=module.title), "success")
        return redirect(url_for(".module_edit", module_id=module.id))
    return render_template("learning/materials/module_form.html", form=form, course=course)


@bp.route("/modules/<int:module_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_MATERIALS)
def module_edit(module_id):
    module = _managed(MaterialModule, module_id)
    form = ModuleForm(obj=module)
    if form.validate_on_submit():
        services.edit_module(module, current_user, form.title.data, form.description.data or "")
        db.session.commit()
        flash(_("Modul %(title)s disimpan.", title=module.title), "success")
        return redirect(url_for(".module_edit", module_id=module.id))
    return _render_edit(module, form=form)


def _render_edit(module: MaterialModule, **forms):
    return render_template(
        "learning/materials/module_edit.html",
        module=module,
        course=module.course,
        form=forms.get("form") or ModuleForm(obj=module),
        file_form=forms.get("file_form") or FileItemForm(),
        link_form=forms.get("link_form") or LinkItemForm(),
        action_form=ActionForm(),
        delete_form=DeleteModuleForm(),
        max_size=storage.format_size(storage.max_bytes()),
        max_video=storage.format_size(storage.max_bytes(video=True)),
        format_size=storage.format_size,
    )


@bp.post("/modules/<int:module_id>/delete")
@role_required(rules.MANAGE_MATERIALS)
def module_delete(module_id):
    module = _managed(MaterialModule, module_id)
    course_id, title = module.course_id, module.title
    form = DeleteModuleForm()
    if not form.validate_on_submit():
        flash(_("Centang konfirmasi untuk menghapus modul."), "warning")
        return redirect(url_for(".module_edit", module_id=module_id))
    hashes = services.delete_module(module, current_user)
    db.session.commit()
    services.prune(hashes)
    flash(_("Modul %(title)s dihapus.", title=title), "success")
    return redirect(url_for(".course", course_id=course_id))


@bp.post("/modules/<int:module_id>/move")
@role_required(rules.MANAGE_MATERIALS)
def module_move(module_id):
    module = _managed(MaterialModule, module_id)
    form = MoveForm()
    if form.validate_on_submit() and services.move_module(
        module, current_user, form.direction.data
    ):
        db.session.commit()
    return redirect(url_for(".course", course_id=module.course_id))


@bp.post("/modules/<int:module_id>/files")
@role_required(rules.MANAGE_MATERIALS)
def upload(module_id):
    module = _managed(MaterialModule, module_id)
    form = FileItemForm()
    if not form.validate_on_submit():
        return _render_edit(module, file_form=form)
    upload_file = form.file.data
    try:
        item = services.add_file(
            module,
            current_user,
            form.file_title.data or "",
            upload_file.filename or "",
            upload_file.stream,
        )
    except RuleViolation as exc:
        db.session.rollback()
        form.file.errors = [str(exc)]
        return _render_edit(db.session.get(MaterialModule, module_id), file_form=form)
    db.session.commit()
    flash(_("Berkas %(name)s diunggah.", name=item.filename), "success")
    return redirect(url_for(".module_edit", module_id=module_id))


@bp.post("/modules/<int:module_id>/links")
@role_required(rules.MANAGE_MATERIALS)
def link_add(module_id):
    module = _managed(MaterialModule, module_id)
    form = LinkItemForm()
    if form.validate_on_submit():
        try:
            services.add_link(module, current_user, form.link_title.data or "", form.url.data)
        except RuleViolation as exc:
            db.session.rollback()
            form.url.errors = [str(exc)]
        else:
            db.session.commit()
            flash(_("Tautan ditambahkan."), "success")
            return redirect(url_for(".module_edit", module_id=module_id))
    return _render_edit(db.session.get(MaterialModule, module_id), link_form=form)


@bp.post("/items/<int:item_id>/delete")
@role_required(rules.MANAGE_MATERIALS)
def item_delete(item_id):
    item = _managed(MaterialItem, item_id)
    module_id, title = item.module_id, item.title
    if ActionForm().validate_on_submit():
        hashes = services.delete_item(item, current_user)
        db.session.commit()
        services.prune(hashes)
        flash(_("%(title)s dihapus dari modul.", title=title), "success")
    return redirect(url_for(".module_edit", module_id=module_id))


@bp.post("/items/<int:item_id>/move")
@role_required(rules.MANAGE_MATERIALS)
def item_move(item_id):
    item = _managed(MaterialItem, item_id)
    form = MoveForm()
    if form.validate_on_submit() and services.move_item(item, current_user, form.direction.data):
        db.session.commit()
    return redirect(url_for(".module_edit", module_id=item.module_id))


@bp.post("/courses/<int:course_id>/settings")
@role_required(rules.MANAGE_MATERIALS)
def settings(course_id):
    course = _managed(Course, course_id)
    form = SettingsForm()
    if form.validate_on_submit():
        services.set_required(course, current_user, form.required_before_post_test.data)
        db.session.commit()
        flash(_("Pengaturan materi disimpan."), "success")
    return redirect(url_for(".course", course_id=course_id))

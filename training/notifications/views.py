"""The user's notifications: the list (mark all read, open one) and the preferences."""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from training.core.forms import Form
from training.core.redirects import safe_next
from training.extensions import db
from training.notifications import queries, services
from training.notifications.kinds import KINDS

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    return render_template(
        "notifications/index.html",
        items=queries.latest(current_user.id),
        kinds=KINDS,
        form=Form(),
    )


@bp.post("/read-all")
@login_required
def read_all():
    if not Form().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user.id, datetime.now(UTC))
    db.session.commit()
    flash(_("%(n)d pemberitahuan ditandai sudah dibaca.", n=count), "success")
    return redirect(url_for("notifications.index"))


@bp.post("/<int:notification_id>/open")
@login_required
def open_(notification_id):
    """Mark one notification read and go to what it is about."""
    if not Form().validate_on_submit():
        abort(400)
    row = queries.own_or_none(current_user.id, notification_id)
    if row is None:
        abort(404)
    services.mark_read(row, datetime.now(UTC))
    db.session.commit()
    return redirect(safe_next(row.link, url_for("notifications.index")))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = Form()
    if form.validate_on_submit():
        in_app, email = set(request.form.getlist("in_app")), set(request.form.getlist("email"))
        choices = {kind: (kind in in_app, kind in email) for kind in KINDS}
        services.save_preferences(current_user.id, choices)
        db.session.commit()
        flash(_("Pengaturan pemberitahuan sudah disimpan."), "success")
        return redirect(url_for("notifications.preferences"))
    return render_template(
        "notifications/preferences.html",
        form=form,
        kinds=KINDS,
        chosen=services.preferences(current_user.id),
        has_email=bool(current_user.person and current_user.person.email),
    )

"""Account management for administrators: list, create, edit, reset password, unlock, and
grant a mention-feed API token (the write scope only an admin grants)."""

from datetime import UTC, datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from training.auth.forms import AccountEditForm, AccountNewForm, ResetPasswordForm, TokenForm
from training.auth.lockout import is_locked
from training.auth.models import User, UserRole
from training.auth.services import (
    AccountError,
    create_account,
    reset_password,
    unlock_account,
    update_account,
)
from training.auth.tokens import WRITE_MENTIONS, issue_token
from training.auth.views import blame, bp
from training.extensions import db
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.roles import Role
from training.security.sessions import bind_session


def _user_query(q: str, role: str):
    query = select(User).options(selectinload(User.unit), selectinload(User.person))
    if q:
        query = query.where(func.lower(User.username).contains(q.lower(), autoescape=True))
    if role in {r.value for r in Role}:
        query = query.where(User.id.in_(select(UserRole.user_id).where(UserRole.role == role)))
    return query.order_by(func.lower(User.username))


@bp.route("/admin/users")
@role_required(rules.MANAGE_USERS)
def users():
    q = request.args.get("q", "").strip()[:64]
    role = request.args.get("role", "")
    page = db.paginate(
        _user_query(q, role),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "auth/users.html", page=page, q=q, role=role, roles=list(Role), now=datetime.now(UTC)
    )


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required(rules.MANAGE_USERS)
def user_new():
    form = AccountNewForm()
    if form.validate_on_submit():
        try:
            user = create_account(
                form.username.data,
                form.roles.data,
                form.password.data,
                unit_code=form.unit_code.data,
                person_nrp=form.person_nrp.data,
                actor=current_user,
            )
        except AccountError as exc:
            blame(form, exc)
        else:
            db.session.commit()
            flash(_("Akun %(name)s sudah dibuat.", name=user.username), "success")
            return redirect(url_for("auth.users", q=user.username))
    return render_template("auth/user_form.html", form=form, user=None)


def _edit_page(user: User, form=None, reset_form=None, status=200, token_form=None, new_token=None):
    form = form or AccountEditForm(
        formdata=None,
        roles=sorted(user.roles),
        unit_code=user.unit.code if user.unit else "",
        person_nrp=user.person.nrp if user.person else "",
        is_active=user.is_active,
        locale=user.locale,
    )
    reset_form = reset_form or ResetPasswordForm(formdata=None)
    token_form = token_form or TokenForm(formdata=None, days=current_app.config["API_TOKEN_DAYS"])
    page = render_template(
        "auth/user_form.html",
        form=form,
        reset_form=reset_form,
        token_form=token_form,
        new_token=new_token,
        may_write=rules.RECORD_MENTIONS(user),
        user=user,
        locked=is_locked(user, datetime.now(UTC)),
    )
    return page, status


@bp.route("/admin/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(rules.MANAGE_USERS)
def user_edit(user_id):
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _edit_page(user)
    form = AccountEditForm()
    if form.validate_on_submit():
        try:
            update_account(
                user,
                actor=current_user,
                roles=form.roles.data,
                unit_code=form.unit_code.data,
                person_nrp=form.person_nrp.data,
                is_active=form.is_active.data,
                locale=form.locale.data,
            )
        except AccountError as exc:
            db.session.rollback()
            blame(form, exc)
        else:
            db.session.commit()
            flash(_("Akun %(name)s sudah diperbarui.", name=user.username), "success")
            return redirect(url_for("auth.users", q=user.username))
    return _edit_page(user, form=form)


@bp.post("/admin/users/<int:user_id>/password")
@role_required(rules.MANAGE_USERS)
def user_reset_password(user_id):
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(user, form.new_password.data, actor=current_user)
        except AccountError as exc:
            exc.field = "new_password"
            blame(form, exc)
        else:
            db.session.commit()
            if user.id == current_user.id:
                bind_session(user)  # an admin resetting their own: keep this session
            flash(_("Kata sandi %(name)s sudah diatur ulang.", name=user.username), "success")
            return redirect(url_for("auth.user_edit", user_id=user.id))
    return _edit_page(user, reset_form=form)


@bp.post("/admin/users/<int:user_id>/unlock")
@role_required(rules.MANAGE_USERS)
def user_unlock(user_id):
    user = db.get_or_404(User, user_id)
    unlock_account(user, actor=current_user)
    db.session.commit()
    flash(_("Akun %(name)s sudah dibuka kuncinya.", name=user.username), "success")
    return redirect(url_for("auth.user_edit", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/write-token")
@role_required(rules.MANAGE_USERS)
def user_write_token(user_id):
    """Issue the user a token that may only send mentions (shown once, audited)."""
    user = db.get_or_404(User, user_id)
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, secret = issue_token(
                user, form.name.data, form.days.data, scopes=(WRITE_MENTIONS,), actor=current_user
            )
        except AccountError as exc:
            blame(form, exc)
        else:
            db.session.commit()
            flash(_("Token %(name)s sudah dibuat.", name=token.name), "success")
            return _edit_page(user, new_token=secret)
    return _edit_page(user, token_form=form, status=422)

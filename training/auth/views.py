"""Login, logout, password change and the user's own profile with API tokens."""

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from training.auth.forms import LanguageForm, LoginForm, PasswordForm, TokenForm
from training.auth.lockout import LockoutPolicy
from training.auth.models import ApiToken
from training.auth.services import AccountError, authenticate, change_password, set_locale
from training.auth.tokens import SCOPES, issue_token, revoke_token, user_tokens
from training.core.redirects import safe_next
from training.errors import RuleViolation
from training.extensions import db, limiter
from training.security.sessions import SESSION_KEY, bind_session, end_sessions

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def blame(form, exc: AccountError) -> None:
    """Show a rule violation next to the field it concerns, else as a flash message."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is None:
        flash(str(exc), "danger")
    else:
        field.errors = [*field.errors, str(exc)]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.username.data,
                form.password.data,
                ip=request.remote_addr or "",
                policy=LockoutPolicy.from_config(current_app.config),
            )
        except RuleViolation as exc:
            db.session.commit()  # the failed attempt: counted and audited
            flash(str(exc), "danger")
        else:
            db.session.commit()
            session.clear()  # nothing from before the sign-in carries over
            login_user(user)
            bind_session(user)
            session["lang"] = user.locale
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    end_sessions(current_user)  # a copy of this session's cookie must not outlive it
    db.session.commit()
    logout_user()
    session.pop(SESSION_KEY, None)
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except AccountError as exc:
            blame(form, exc)
        else:
            db.session.commit()
            bind_session(current_user)  # this session stays; the others end
            flash(_("Kata sandi sudah diganti."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/password.html", form=form)


def _profile_page(language_form=None, token_form=None, new_token=None):
    language_form = language_form or LanguageForm(formdata=None, locale=current_user.locale)
    token_form = token_form or TokenForm(formdata=None, days=current_app.config["API_TOKEN_DAYS"])
    return render_template(
        "auth/profile.html",
        language_form=language_form,
        token_form=token_form,
        tokens=user_tokens(current_user),
        new_token=new_token,
        scope_labels=SCOPES,
        now=datetime.now(UTC),
    )


@bp.route("/profile")
@login_required
def profile():
    return _profile_page()


@bp.post("/profile/language")
@login_required
def profile_language():
    form = LanguageForm()
    if form.validate_on_submit():
        try:
            set_locale(current_user, form.locale.data)
        except AccountError as exc:
            blame(form, exc)
        else:
            db.session.commit()
            session["lang"] = current_user.locale
            flash(_("Bahasa sudah disimpan."), "success")
            return redirect(url_for("auth.profile"))
    return _profile_page(language_form=form)


@bp.post("/profile/tokens")
@login_required
def token_create():
    form = TokenForm()
    if form.validate_on_submit():
        try:
            token, secret = issue_token(
                current_user, form.name.data, form.days.data, actor=current_user
            )
        except AccountError as exc:
            blame(form, exc)
        else:
            db.session.commit()
            flash(_("Token %(name)s sudah dibuat.", name=token.name), "success")
            return _profile_page(new_token=secret)
    return _profile_page(token_form=form)


@bp.post("/profile/tokens/<int:token_id>/revoke")
@login_required
def token_revoke(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    revoke_token(token, actor=current_user)
    db.session.commit()
    flash(_("Token %(name)s sudah dicabut.", name=token.name), "success")
    return redirect(url_for("auth.profile"))

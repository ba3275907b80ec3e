"""Login, logout and password change."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from training.auth.forms import LoginForm, PasswordForm
from training.auth.services import authenticate, change_password
from training.errors import RuleViolation
from training.extensions import db, limiter

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("core.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except RuleViolation as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("Anda sudah keluar."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except RuleViolation as exc:
            form.current.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Kata sandi sudah diganti."), "success")
            return redirect(url_for("core.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/profile")
@login_required
def profile():
    return "profile"


@bp.route("/admin/users")
@login_required
def users():
    return "users"

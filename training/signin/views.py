"""Public sign-in pages: activate an account with a code, forgotten password, new password."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from training.auth.activation import activate as activate_account
from training.auth.activation import issue_reset_token, reset_with_token
from training.auth.codes import digest, new_reset_token
from training.auth.services import AccountError, find_user
from training.extensions import db, limiter
from training.signin.forms import ActivateForm, ForgotForm, ResetForm
from training.signin.letters import queue_reset

bp = Blueprint("signin", __name__)


def _activation_limit() -> str:
    return current_app.config["ACTIVATION_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def _blame(form, exc: AccountError) -> None:
    field = getattr(form, exc.field or "", None)
    if field is None:
        field = form.password
    field.errors = [*field.errors, str(exc)]


@bp.route("/aktivasi", methods=["GET", "POST"])
@limiter.limit(_activation_limit, methods=["POST"])
def activate():
    form = ActivateForm(code=request.args.get("kode", ""))
    if form.validate_on_submit():
        try:
            activate_account(form.username.data, form.code.data, form.password.data)
        except AccountError as exc:
            db.session.rollback()
            _blame(form, exc)
        else:
            db.session.commit()
            flash(_("Akun Anda sudah aktif. Silakan masuk dengan kata sandi baru."), "success")
            return redirect(url_for("auth.login"))
    return render_template("signin/activate.html", form=form)


def request_reset(username: str) -> None:
    """Queue a reset link when the account exists, is active and has an e-mail; the same
    work (a token and its hash) is done either way, and the answer never differs."""
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    user = find_user(username)
    email = user.person.email if user is not None and user.person is not None else ""
    if user is None or not user.is_active or not email:
        digest(new_reset_token())  # as much work as issuing one
        return
    token = issue_reset_token(user, lifetime=timedelta(minutes=minutes))
    queue_reset(user, email, token, minutes)


@bp.route("/lupa-sandi", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot():
    if current_user.is_authenticated:
        return redirect(url_for("auth.password"))
    form = ForgotForm()
    if form.validate_on_submit():
        request_reset(form.username.data)
        db.session.commit()
        return render_template("signin/forgot_sent.html")
    return render_template("signin/forgot.html", form=form)


@bp.route("/lupa-sandi/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset(token):
    form = ResetForm()
    if form.validate_on_submit():
        try:
            reset_with_token(token, form.password.data)
        except AccountError as exc:
            db.session.rollback()
            _blame(form, exc)
        else:
            db.session.commit()
            flash(_("Kata sandi sudah diganti. Silakan masuk."), "success")
            return redirect(url_for("auth.login"))
    return render_template("signin/reset.html", form=form)

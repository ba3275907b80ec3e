"""Recording mentions on the web: one mention at a time, "mark answered", "resolve", and the
CSV/XLSX import (preview, confirm, errors, template file). Commanders of the account's unit
or a unit above it, and admins (``rules.RECORD_MENTIONS`` and the unit scope)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from training.core.importflow import confirm_import, errors_csv, import_page
from training.core.webio import table_download
from training.extensions import db
from training.people.models import Person
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of
from training.responses.forms import AnswerForm, MentionForm, MentionImportForm, ResolveForm
from training.responses.importer import EXAMPLE, HEADER, scoped_importer
from training.responses.models import Mention
from training.responses.services import MentionInvalid, mark_answered, record_mention, resolve
from training.responses.views import account_or_404, account_page, bp

#: Where a service error on a field shows in the forms that lack that field.
FORM_FIELD = {
    "first_response_at": ("first_response_at", "answered_at"),
    "resolved_at": ("resolved_at",),
    "status": ("answered_at", "resolved_at", "first_response_at"),
}


def _aware(value: datetime | None, tz: str) -> datetime | None:
    """A wall-clock time typed in the unit's zone as an aware instant."""
    return value.replace(tzinfo=ZoneInfo(tz)) if value is not None else None


def _person(form, field: str = "responded_by"):
    """The person named by NRP/NIP in the form (None when empty); a field error if unknown."""
    number = (form[field].data or "").strip()
    if not number:
        return None, True
    person = db.session.scalar(select(Person).where(Person.nrp == number))
    if person is None:
        form[field].errors = [*form[field].errors, _("NRP/NIP %(n)s tidak ditemukan.", n=number)]
    return person, person is not None


def _blame(form, exc: MentionInvalid) -> None:
    for name, message in exc.errors.items():
        names = (name, *FORM_FIELD.get(name, ()))
        field = next((form[n] for n in names if n in form), None) or _first_visible(form)
        field.errors = [*field.errors, message]


def _first_visible(form):
    return next(f for f in form if f.widget.input_type != "hidden")


def _mention_values(form: MentionForm, tz: str, person) -> dict:
    return {
        "mention_key": form.mention_key.data,
        "received_at": _aware(form.received_at.data, tz),
        "category": form.category.data,
        "first_response_at": _aware(form.first_response_at.data, tz),
        "responded_by": person,
        "reply_url": form.reply_url.data,
    }


def _save(form, write) -> bool:
    """Validate ``form`` and run ``write(person)``; False (with field errors) when refused."""
    if not form.validate_on_submit():
        return False
    person, known = _person(form) if "responded_by" in form else (None, True)
    if not known:
        return False
    try:
        write(person)
    except MentionInvalid as exc:
        db.session.rollback()
        _blame(form, exc)
        return False
    db.session.commit()
    return True


@bp.route("/accounts/<int:account_id>/mentions/new", methods=["GET", "POST"])
@role_required(rules.RECORD_MENTIONS)
def mention_new(account_id):
    account = account_or_404(scope_of(current_user), account_id)
    form = MentionForm()

    def write(person):
        values = _mention_values(form, account.unit.timezone, person)
        record_mention(account, values, user=current_user._get_current_object())

    if _save(form, write):
        flash(_("Mention %(key)s dicatat.", key=form.mention_key.data), "success")
        return redirect(url_for(".account", account_id=account.id))
    return render_template("responses/mention_form.html", form=form, account=account)


def _mention_or_404(mention_id: int) -> Mention:
    mention = db.get_or_404(Mention, mention_id)
    account_or_404(scope_of(current_user), mention.account_id)
    return mention


@bp.post("/mentions/<int:mention_id>/answer")
@role_required(rules.RECORD_MENTIONS)
def mention_answer(mention_id):
    mention = _mention_or_404(mention_id)
    form = AnswerForm()

    def write(person):
        at = _aware(form.answered_at.data, mention.account.unit.timezone)
        user = current_user._get_current_object()
        mark_answered(mention, at, person=person, reply_url=form.reply_url.data, user=user)

    if _save(form, write):
        flash(_("Mention %(key)s ditandai dijawab.", key=mention.mention_key), "success")
        return redirect(url_for(".account", account_id=mention.account_id))
    return account_page(mention.account, {("answer", mention.id): form}, 422)


@bp.post("/mentions/<int:mention_id>/resolve")
@role_required(rules.RECORD_MENTIONS)
def mention_resolve(mention_id):
    mention = _mention_or_404(mention_id)
    form = ResolveForm()

    def write(_person):
        at = _aware(form.resolved_at.data, mention.account.unit.timezone)
        resolve(mention, at, user=current_user._get_current_object())

    if _save(form, write):
        flash(_("Mention %(key)s ditandai selesai.", key=mention.mention_key), "success")
        return redirect(url_for(".account", account_id=mention.account_id))
    return account_page(mention.account, {("resolve", mention.id): form}, 422)


@bp.route("/import", methods=["GET", "POST"])
@role_required(rules.RECORD_MENTIONS)
def import_():
    importer = scoped_importer(scope_of(current_user))
    return import_page(importer, MentionImportForm(), "responses/import.html")


@bp.post("/import/confirm")
@role_required(rules.RECORD_MENTIONS)
def import_confirm():
    importer = scoped_importer(scope_of(current_user))
    form = MentionImportForm(formdata=None)
    return confirm_import(importer, form, "responses/import.html", url_for(".index"))


@bp.get("/import/errors/<token>.csv")
@role_required(rules.RECORD_MENTIONS)
def import_errors(token):
    return errors_csv(scoped_importer(scope_of(current_user)), token)


@bp.get("/import/template.csv", endpoint="import_template_csv", defaults={"fmt": "csv"})
@bp.get("/import/template.xlsx", endpoint="import_template_xlsx", defaults={"fmt": "xlsx"})
@role_required(rules.RECORD_MENTIONS)
def import_template(fmt):
    return table_download(fmt, HEADER, EXAMPLE, "templat-mention", "Mention")

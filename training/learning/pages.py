"""What the question bank pages show and the steps of an import, shaped for the views."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from training.core.importflow import ConfirmForm
from training.core.importstash import load, stash
from training.core.tabular import ImportFailed
from training.learning import queries
from training.learning.aiken import can_write
from training.learning.bankio import (
    MAX_BYTES,
    ImportPlan,
    apply_import,
    plan_import,
    read_bank_file,
)
from training.learning.services import bank_for, to_data


def purpose(competency) -> str:
    """The name an upload of this bank is kept under (one pending upload per user and bank)."""
    return f"bank-{competency.id}"


def bank_context(competency, tag: str) -> dict:
    """The bank page: its questions (tagged ``tag`` when given), tags, what Aiken holds."""
    page = queries.bank_page(competency.id, tag=tag)
    return {
        "competency": competency,
        "page": page,
        "questions": page.items,
        "tags": queries.bank_tags(queries.bank_of(competency.id)),
        "tag": tag,
        "aiken_count": sum(can_write(to_data(q)) for q in page.items),
    }


def check_upload(competency, form, user) -> dict:
    """Read an uploaded bank file: its errors, or its preview with the confirmation form."""
    data, fmt = form.file.data.read(MAX_BYTES + 1), form.fmt.data  # more is refused anyway
    try:
        plan = _plan(competency, data, fmt)
    except ImportFailed as exc:
        limit = current_app.config["IMPORT_ERRORS_SHOWN"]
        return {"errors": exc.errors[:limit], "error_total": len(exc.errors)}
    token = stash(user.id, purpose(competency), data, fmt=fmt, digest=plan.digest())
    return {"plan": plan, "confirm_form": ConfirmForm(formdata=None, token=token)}


def _plan(competency, data: bytes, fmt: str) -> ImportPlan:
    questions = read_bank_file(data, fmt)
    return plan_import(queries.bank_questions(queries.bank_of(competency.id)), questions, fmt)


def confirm_upload(competency, form, user) -> tuple[int | None, str]:
    """Write the previewed upload: (questions added, message), or (None, why not)."""
    kept = load(form.token.data or "", user.id, purpose(competency))
    if not form.validate_on_submit() or kept is None:
        return None, _("Pratinjau impor tidak ditemukan atau sudah kedaluwarsa; unggah ulang.")
    data, note = kept
    try:
        plan = _plan(competency, data, note.get("fmt", ""))
    except ImportFailed:
        plan = None
    if plan is None or plan.digest() != note.get("digest"):
        return None, _("Bank soal berubah sejak pratinjau dibuat: unggah ulang berkasnya.")
    added = apply_import(bank_for(competency), plan, actor=user)
    message = _(
        "Impor selesai: %(added)d soal ditambahkan, %(known)d sudah ada.",
        added=added,
        known=len(plan.known),
    )
    return added, message


__all__ = ["ConfirmForm", "bank_context", "check_upload", "confirm_upload", "purpose"]

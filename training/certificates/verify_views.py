"""Public verification of certificates (no login): /verify, /verify/<code>, .json.

Rate limited per client address (config ``VERIFY_RATE_LIMIT``). An unknown code gets the
same page shape with "tidak ditemukan" and nothing else; the NRP is always masked.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from training.certificates import codes, services
from training.extensions import limiter
from training.people.ranks import rank_label

bp = Blueprint("verify", __name__, url_prefix="/verify")


def _limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute")


def _facts(cert) -> dict:
    """What the public may know about a certificate."""
    status = cert.status_on(services.holder_today(cert))
    course = cert.course
    return {
        "status": status,
        "serial": cert.serial,
        "holder": {
            "name": cert.holder_name,
            "rank": cert.holder_rank,
            "nrp": codes.mask_nrp(cert.holder_nrp),
            "unit": cert.holder_unit,
        },
        "course": {"title": course.title, "tier": course.tier},
        "programme": course.program.title,
        "issued_on": cert.issued_on.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "revoked_on": (
            cert.revoked_on.isoformat() if status == "revoked" and cert.revoked_on else None
        ),
        # The internal reason (revoke_reason) never leaves the staff pages.
        "revoke_note": (cert.revoke_public_note or None) if status == "revoked" else None,
    }


@bp.route("")
@limiter.limit(_limit)
def index():
    typed = request.args.get("code")
    if typed is None:
        return render_template("certificates/verify.html", facts=None, code="", searched=False)
    code = codes.normalize_code(typed)
    if code:
        return redirect(url_for(".show", code=code))
    return render_template("certificates/verify.html", facts=None, code=typed, searched=True), 404


@bp.route("/<code>")
@limiter.limit(_limit)
def show(code):
    cert = codes.by_code(code)
    facts = _facts(cert) if cert is not None else None
    return (
        render_template(
            "certificates/verify.html",
            facts=facts,
            cert=cert,  # its dates, written out in the reader's language
            code=codes.format_code(codes.normalize_code(code)),
            searched=True,
            rank_label=rank_label,
        ),
        200 if facts else 404,
    )


@bp.route("/<code>.json")
@limiter.limit(_limit)
def show_json(code):
    cert = codes.by_code(code)
    normal = codes.normalize_code(code)
    if cert is None:
        return jsonify(code=normal, status="not_found", certificate=None), 404
    return jsonify(
        code=normal, status=cert.status_on(services.holder_today(cert)), certificate=_facts(cert)
    )

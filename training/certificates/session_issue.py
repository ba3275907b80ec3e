"""Issuing certificates from a session's page: the confirmation step.

The session page links here; the page lists the session's eligible people (the existing
``services.eligible_people``) and posts to ``certificates.issue`` with the confirmation box
"Saya yakin" (issuing for everyone cannot be undone, only each certificate revoked).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from training.certificates import services
from training.certificates.forms import IssueAllForm
from training.certificates.waiting import waiting_people
from training.policy import rules
from training.policy.decorators import role_required
from training.policy.scope import scope_of
from training.policy.sessions import session_or_404


@role_required(rules.ISSUE_CERTIFICATE)
def page(session_id: int):
    scope = scope_of(current_user)
    session = session_or_404(scope, session_id)
    eligible = services.eligible_people(session.course, scope=scope, session=session)
    now = datetime.now(UTC)
    running = session.ends_at > now
    return render_template(
        "certificates/session_issue.html",
        s=session,
        eligible=eligible,
        waiting=[] if running else waiting_people(session, scope=scope, now=now),
        running=running,
        now=now,
        form=IssueAllForm(),
    )


def refuse_unconfirmed(back: str):
    """A redirect to ``back`` with the reason when issuing for everyone was posted without
    the confirmation box, else None."""
    if IssueAllForm().confirm.data:
        return None
    flash(_("Centang konfirmasi untuk menerbitkan sertifikat untuk semua."), "danger")
    return redirect(back)


def flash_errors(field) -> None:
    for error in field.errors:
        flash(str(error), "danger")

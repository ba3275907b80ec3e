"""The API's one write endpoint: a monitoring tool sends an account's mentions in batches.

``POST /api/v1/accounts/<id>/mentions`` takes ``{"items": [...]}`` and answers with what
it created, updated and left unchanged: sending the same batch again changes nothing. Only
a bearer token with the ``write_mentions`` scope reaches it (an admin grants that scope; a
browser session is refused, the API being exempt from CSRF), for an account inside the
token owner's scope, while the owner may still record mentions.
"""

from flask import jsonify
from flask import request as http_request
from flask_babel import gettext as _
from flask_login import current_user

from training.api.views import bp
from training.auth.tokens import WRITE_MENTIONS, has_scope, request_token
from training.extensions import db
from training.policy import rules
from training.policy.scope import scope_of
from training.responses.batch import BatchRefused, save_batch
from training.responses.views import account_or_404


def _refused(status: int, message: str):
    response = jsonify(error=message)
    response.status_code = status
    return response


@bp.post("/accounts/<int:account_id>/mentions")
def account_mentions(account_id):
    """Create or update mentions of one account (all or nothing, idempotent by id)."""
    token = request_token()
    if token is None or not has_scope(token, WRITE_MENTIONS):
        return _refused(403, _("Hanya token API dengan cakupan tulis mention yang dapat mengirim."))
    if not rules.RECORD_MENTIONS(current_user):
        return _refused(403, _("Akun pemilik token tidak boleh mencatat mention."))
    account = account_or_404(scope_of(current_user), account_id)
    try:
        written = save_batch(
            account, http_request.get_json(silent=True), user=current_user._get_current_object()
        )
    except BatchRefused as exc:
        db.session.rollback()
        response = jsonify(error=str(exc), errors=exc.errors)
        response.status_code = 422
        return response
    db.session.commit()
    return jsonify(
        account=account.id,
        created=written.new,
        updated=written.changed,
        unchanged=written.unchanged,
    )

"""Language switch and the health check (the home page is training/home)."""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    request,
    session,
)
from flask_login import current_user

from training.core.health import database_status
from training.core.redirects import safe_next
from training.extensions import db

bp = Blueprint("core", __name__)


@bp.post("/lang")
def set_language():
    lang = request.form.get("lang", "id")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.route("/health")
def health():
    status = database_status()
    code = 200 if status["database"] == "ok" else 503
    return jsonify(status=status["database"], **status), code

"""Home page (per role), language switch and the health check."""

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required

from training.core.health import database_status
from training.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    return render_template("core/home.html")


@bp.post("/lang")
def set_language():
    lang = request.form.get("lang", "id")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    target = request.form.get("next") or ""
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("core.home")
    return redirect(target)


@bp.route("/health")
def health():
    status = database_status()
    code = 200 if status["database"] == "ok" else 503
    return jsonify(status=status["database"], **status), code

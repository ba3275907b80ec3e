"""Views of the units feature."""

from flask import Blueprint

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.route("/")
def index():
    return "units"


@bp.route("/<code>")
def detail(code):
    return code

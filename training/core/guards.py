"""Request guards shared by every route."""

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

#: Largest id an integer column holds (PostgreSQL INTEGER: larger values raise DataError).
MAX_ID = 2**31 - 1
#: Pages past this are refused: page x per_page must stay a valid SQL OFFSET.
MAX_PAGE = 10**9


def db_id(text: str) -> int:
    """A positive integer an id column can hold, else ValueError: for ``type=`` of
    ``request.args.get`` / ``request.form.get`` (which then answer the default)."""
    number = int(text)
    if not 0 < number <= MAX_ID:
        raise ValueError(text)
    return number


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that does not match ids past ``MAX_ID``: a 404, not an OverflowError."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def init_app(app: Flask) -> None:
    """Install the guards; call before the blueprints register their routes."""
    app.url_map.converters["int"] = BoundedIntConverter

    @app.before_request
    def refuse_nul_characters():
        """NUL cannot be stored in PostgreSQL text: refuse it up front with a 400."""
        if "\x00" in request.path or _has_nul(request.args.values()):
            abort(400, _("Permintaan berisi karakter yang tidak sah."))
        if request.method == "POST" and _has_nul(request.form.values()):
            abort(400, _("Formulir berisi karakter yang tidak sah."))

    @app.before_request
    def refuse_absurd_pages():
        """db.paginate reads ?page= and ?per_page= itself; a huge one overflows OFFSET."""
        for name in ("page", "per_page"):
            text = request.args.get(name, "").strip()
            if text.isascii() and text.isdigit() and int(text) > MAX_PAGE:
                abort(400, _("Nomor halaman terlalu besar."))

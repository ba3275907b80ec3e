"""Request guards shared by every route, and the parsers for integers from URLs and query
strings: ASCII digits only (``int()`` would take "٣٤٠٣", " +1_0 "), bounded to what the
database columns hold."""

import re

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

#: Largest id an integer column holds (PostgreSQL INTEGER: larger values raise DataError).
MAX_ID = 2**31 - 1
#: Pages past this are refused: page x per_page must stay a valid SQL OFFSET.
MAX_PAGE = 10**9
#: The API's page size limit (training/api/views.py pages with max_per_page=200).
API_MAX_PER_PAGE = 200
#: The API refuses paging outside these bounds (the OpenAPI document declares them).
API_PAGING = {"page": (1, MAX_PAGE), "per_page": (1, API_MAX_PER_PAGE)}
_DIGITS = re.compile(r"[0-9]{1,18}")


def ascii_int(text: str, low: int = 0, high: int = MAX_ID) -> int:
    """``text`` as an integer within ``low..high``, ASCII digits only, else ValueError."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text.strip()):
        raise ValueError(text)
    number = int(text)
    if not low <= number <= high:
        raise ValueError(text)
    return number


def db_id(text: str) -> int:
    """A positive integer an id column can hold, else ValueError: for ``type=`` of
    ``request.args.get`` / ``request.form.get`` (which then answer the default)."""
    return ascii_int(text, 1, MAX_ID)


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` matching ASCII digits only and no id past ``MAX_ID``: a 404, not an
    OverflowError (and ``/people/٣٤٠٣`` is not person 3403)."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


def _page_problem(text: str) -> str | None:
    """Why a page value db.paginate would read (``int()`` takes it) is refused: past
    ``MAX_PAGE``, or not plain ASCII digits (Unicode digits, signs, underscores)."""
    try:
        number = int(text)
    except ValueError:
        return None  # db.paginate falls back to its default
    if number > MAX_PAGE:
        return _("Nomor halaman terlalu besar.")
    if number > 0 and not _DIGITS.fullmatch(text.strip()):
        return _("Nomor halaman harus ditulis dengan angka 0-9.")
    return None


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
            problem = _page_problem(request.args.get(name, ""))
            if problem:
                abort(400, problem)

    @app.before_request
    def refuse_api_paging_out_of_bounds():
        """The API says what is wrong instead of quietly serving another page size."""
        if not request.path.startswith("/api/"):
            return
        for name, (low, high) in API_PAGING.items():
            text = request.args.get(name)
            if text is None:
                continue
            try:
                ascii_int(text, low, high)
            except ValueError:
                message = _(
                    "Parameter '%(name)s' harus bilangan bulat %(low)d sampai %(high)d.",
                    name=name,
                    low=low,
                    high=high,
                )
                abort(400, message)

"""Jinja globals and filters shared by every template (features add their own, e.g.
``scope`` by ``training.auth.init_app``)."""

from flask import Flask, request
from flask_babel import get_locale
from flask_login import current_user

from training.core.docfmt import SHARE
from training.core.labels import level_label, position_label, role_label
from training.core.numfmt import number
from training.core.timefmt import (
    format_local,
    format_local_time,
    long_day,
    short_day,
    viewer_timezone,
)
from training.core.urlbuild import fast_url_for


def query_args(*drop: str) -> dict[str, str]:
    """The request's query string as url_for values to pass on (exports, pagination, the way
    back), without the names url_for keeps for itself (``endpoint``, ``_external``,
    ``_anchor``...) and those in ``drop`` (the target's own path values or defaults, e.g.
    ``fmt``): ``?_external=x`` or ``?fmt=x`` must not make a page build a foreign link or
    fail."""
    kept = {k: v for k, v in request.args.items() if k != "endpoint" and not k.startswith("_")}
    for name in drop:
        kept.pop(name, None)
    return kept


def template_url_for(endpoint: str, /, **values) -> str:
    """url_for for templates. Plain links (the menu, one id per row) come from a cache:
    ``training.core.urlbuild``; a query string passed on goes through ``query_args``."""
    return fast_url_for(endpoint, values)


def decimal(value, places: int = 2) -> str:
    """A decimal the one way pages write it: "4,00" in Indonesian ("4.00" in English)."""
    return "—" if value is None else number(value, "0." + "0" * places)


def percent(value) -> str:
    """A share in percent with at most one decimal: "87,5%"."""
    return "—" if value is None else f"{number(value, SHARE)}%"


def init_app(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.globals["query_args"] = query_args
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "id")
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["position_label"] = position_label
    app.jinja_env.globals["level_label"] = level_label
    app.jinja_env.globals["viewer_tz"] = lambda: viewer_timezone(current_user)
    app.jinja_env.filters["local_dt"] = format_local
    app.jinja_env.filters["local_time"] = format_local_time
    # One short and one long form for days, one form for moments (in the viewer's zone).
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.filters["percent"] = percent
    app.jinja_env.filters["short_day"] = short_day
    app.jinja_env.filters["long_day"] = long_day
    app.jinja_env.filters["moment"] = lambda instant: format_local(
        instant, viewer_timezone(current_user)
    )

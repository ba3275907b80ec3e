"""Jinja globals and filters shared by every template."""

from flask import Flask
from flask_babel import get_locale
from flask_login import current_user

from training.auth.scope import scope_of
from training.core.labels import level_label, position_label, role_label
from training.core.timefmt import format_local, format_local_time, viewer_timezone


def init_app(app: Flask) -> None:
    app.jinja_env.globals["scope"] = lambda: scope_of(current_user)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "id")
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.globals["position_label"] = position_label
    app.jinja_env.globals["level_label"] = level_label
    app.jinja_env.globals["viewer_tz"] = lambda: viewer_timezone(current_user)
    app.jinja_env.filters["local_dt"] = format_local
    app.jinja_env.filters["local_time"] = format_local_time

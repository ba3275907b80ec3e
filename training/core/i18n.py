"""Language choice: the user's saved language, else the session's, else Indonesian."""

from flask import Flask, has_request_context, session
from flask_babel import Babel
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak Indonesian
        return "id"
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return session.get("lang", "id")


def init_app(app: Flask, babel: Babel) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
    )

"""Language choice: the user's saved language, else the session's, else Indonesian.

Translations are looked up once per request and language (``request_translations``,
``memo_label``), not once per translated string: a list page translates the same few
labels in every row."""

from flask import Flask, g, has_app_context, has_request_context, session
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user


def select_locale() -> str:
    if not has_request_context():  # CLI commands speak Indonesian
        return "id"
    if current_user and current_user.is_authenticated and current_user.locale:
        return current_user.locale
    return session.get("lang", "id")


def _for_locale(key: str, make):
    """``g[key]`` made by ``make()`` for the current locale, remade when the locale changes
    (``force_locale``, or the next request in a test that keeps one app context)."""
    locale = get_locale()
    cached = g.get(key)
    if cached is None or cached[0] is not locale:
        cached = (locale, make())
        setattr(g, key, cached)
    return cached[1]


def request_translations():
    """The gettext catalogue of the current locale, looked up once per request."""
    if not has_app_context():
        return get_translations()
    return _for_locale("_presisi_translations", get_translations)


def memo_label(kind: str, code, make) -> str:
    """``make()`` (a translated label of ``code``) computed once per request and locale."""
    if not has_app_context():
        return make()
    memo = _for_locale("_presisi_labels", dict)
    key = (kind, code)
    try:
        return memo[key]
    except KeyError:
        memo[key] = value = make()
        return value


def translated(labels: dict) -> dict:
    """``labels`` (code -> lazy string) as plain text in the request's language: each label
    translated once per page instead of once per row that shows it (a lazy string looks
    its catalogue up again every time it is rendered)."""
    return {code: str(label) for code, label in labels.items()}


def init_app(app: Flask, babel: Babel) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories="translations",
    )
    # Templates' _() and ngettext: the same catalogue as Flask-Babel's, fetched once per
    # request instead of once per string (each fetch resolves the domain and the locale).
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        newstyle=True,
    )

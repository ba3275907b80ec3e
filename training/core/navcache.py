"""The main menu (``_nav.html``) rendered once per kind of signed-in account, not per page.

The menu was about a third of a signed-in page's work: some thirty links, labels and
policy questions that give the same answer on every page of one account. What it depends
on: the account (id, user name, roles, whether it has a unit and a person: the scope and
the ``may`` rules follow from these), the language, the script root and the bell's unread
count. Those make the key; the one value that changes per request, the CSRF token of the
sign-out form, is rendered as a marker and put in afterwards. A template that adds to the
menu something else that varies per request (the current page, a query value) must add
it to ``_key``; ``tests/test_page_request_work.py`` compares the cached menu with a fresh
one for every kind of account.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

#: Rendered in place of the CSRF token, then replaced by the request's own token.
_CSRF_MARK = "zqxcsrfmarkxqz"
#: Menus kept per process (a few kB each), least recently used dropped first.
MAX_ENTRIES = 1024
_lock = threading.Lock()  # the development server answers in threads


def _key(user, unread_notifications) -> tuple:
    locale = str(get_locale() or "")
    if not user.is_authenticated:
        return ("anonymous", locale, request.script_root)
    return (
        user.id,
        user.username,
        frozenset(user.roles),
        user.unit_id,
        user.person_id,
        locale,
        request.script_root,
        unread_notifications() if unread_notifications else 0,
    )


def main_menu() -> Markup:
    """``_nav.html`` for the signed-in account, from the cache when already rendered."""
    app = current_app._get_current_object()
    cache: OrderedDict = app.extensions["presisi_nav_cache"]
    user = current_user._get_current_object()
    key = _key(user, app.jinja_env.globals.get("unread_notifications"))
    with _lock:
        html = cache.get(key)
        if html is not None:
            cache.move_to_end(key)
    if html is None:
        html = render_template("_nav.html", csrf_token=lambda: _CSRF_MARK)
        with _lock:
            cache[key] = html
            while len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
    if _CSRF_MARK not in html:
        return Markup(html)
    return Markup(html.replace(_CSRF_MARK, app.jinja_env.globals["csrf_token"]()))


def init_app(app: Flask) -> None:
    app.extensions["presisi_nav_cache"] = OrderedDict()
    app.jinja_env.globals["main_menu"] = main_menu

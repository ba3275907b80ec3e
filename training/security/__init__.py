"""Security hardening shared by every route: proxy trust, cookie flags, response headers,
sessions that end when the password changes, the password policy. It knows no feature:
the account model, the user loader, login lockout, the sign-in audit trail and the API
token scopes live in ``training.auth``, which registers its own hooks (``auth.init_app``).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    # the hooks load when the app is built, not with the package
    from training.security import cookies, headers, proxy, sessions

    proxy.init_app(app)
    cookies.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)

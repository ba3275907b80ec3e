"""Security hardening shared by every route: proxy trust, cookie flags, response headers,
sessions that end when the password changes, API token scopes. Password policy, login
lockout and the sign-in audit trail live here too (used by training.auth).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from training.auth.tokens import refuse_tokens_without_read_scope
    from training.security import cookies, headers, proxy, sessions

    proxy.init_app(app)
    cookies.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)
    app.before_request(refuse_tokens_without_read_scope)

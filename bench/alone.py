"""A test client whose every request runs in an app context of its own, as on a server.

The bench runs its cases inside one app context (``bench/__main__.py``). Flask reuses an
app context that is already pushed for the requests of the test client, so ``g`` would be
shared by every request and every client: Flask-Login keeps the signed-in user there
(``g._login_user``), and each client after the first would be served as the first one.
This client sets the bench's context aside during a request (as tests/conftest.py's
``RequestClient`` does), so each request loads its own user, locale and database session.
"""

from __future__ import annotations

from flask import Flask
from flask.globals import _cv_app
from flask.testing import FlaskClient


class AloneClient(FlaskClient):
    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **{**kwargs, "buffered": True})
        finally:
            _cv_app.reset(token)


def alone_client(app: Flask) -> FlaskClient:
    """A client of ``app`` whose requests do not share the caller's app context."""
    return AloneClient(app, app.response_class, use_cookies=True)

"""Session and remember-me cookie flags: HttpOnly, SameSite=Lax, Secure outside dev/tests.

``SESSION_COOKIE_SECURE`` left at None (the default) means automatic: Secure unless the app
runs in debug mode (``flask run --debug``) or under tests. Set it to True or False in
instance/config.py, or SESSION_COOKIE_SECURE=1/0 in the environment, to decide explicitly
(False is needed only to serve plain HTTP to other machines; browsers accept Secure cookies
from http://localhost and http://127.0.0.1). The remember-me cookie follows unless
REMEMBER_COOKIE_SECURE is set.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    config = app.config
    if config.get("SESSION_COOKIE_SECURE") is None:
        config["SESSION_COOKIE_SECURE"] = not (app.debug or app.testing)
    config.setdefault("REMEMBER_COOKIE_SECURE", config["SESSION_COOKIE_SECURE"])
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")

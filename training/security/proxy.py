"""Trust X-Forwarded-* headers only from the number of proxies the operator declares.

``TRUSTED_PROXIES`` (a setting, default 0) is how many reverse proxies sit in
front of the app: 1 behind one nginx/Caddy. With 0 the headers are ignored, so a client
talking to the app directly cannot fake its address (per-IP rate limits, audit trail) or
pretend to use HTTPS.
"""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_proxies(app: Flask) -> int:
    value = app.config.get("TRUSTED_PROXIES", 0)
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError) as exc:
        raise RuntimeError(f"TRUSTED_PROXIES must be a whole number, not {value!r}") from exc


def init_app(app: Flask) -> None:
    count = trusted_proxies(app)
    if count and not isinstance(app.wsgi_app, ProxyFix):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

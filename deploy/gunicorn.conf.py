"""gunicorn settings for production: ``gunicorn -c deploy/gunicorn.conf.py`` (or ``make
serve-prod``) from the project directory.

The environment supplies the settings that several processes must share (the app refuses
to start without them, see training/core/settings.py):

    DATABASE_URL=postgresql://presisi:...@127.0.0.1:5432/presisi
    SECRET_KEY=<64 hex characters, the same on every server>
    RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/0

Optional: BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers, default 2 x cores + 1,
at most 8), GUNICORN_TIMEOUT (default 120 s: a bulk certificate ZIP of a large Polda takes
a while), TRUSTED_PROXIES=1 behind one reverse proxy, PRESISI_DB_POOL_SIZE and
PRESISI_DB_MAX_OVERFLOW (per worker; defaults 2 and 3).

This file reads only gunicorn's own settings (BIND, WEB_CONCURRENCY, GUNICORN_*); the app's
settings are read by the one loader, training/core/settings.py, in every process.
"""

import os
import sys

# Every worker builds the app with PRODUCTION on (unless the environment says otherwise).
os.environ.setdefault("PRESISI_PRODUCTION", "1")

wsgi_app = "app:app"
bind = [address.strip() for address in os.environ.get("BIND", "127.0.0.1:8000").split(",")]
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8)))
worker_class = "sync"  # one request per worker at a time: one pooled DB connection each
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5  # behind a proxy that reuses connections
# Recycle workers now and then (jitter: not all at once) to bound slow memory growth.
max_requests = 5000
max_requests_jitter = 500
# The app logs its own JSON request lines; gunicorn keeps only its error log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket lives at one path per user by default; two instances on one
# machine would fight over it. Off unless a path is given.
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]


def on_starting(server):
    """Check the production settings once in the master, with a readable message, before
    any worker starts (otherwise each worker would fail to boot with a traceback)."""
    sys.path.insert(0, os.getcwd())
    from training import create_app
    from training.core.settings import ProductionConfigError

    try:
        create_app()
    except ProductionConfigError as exc:
        server.log.error("%s", exc)
        sys.exit(1)

"""The one settings loader, and the checks that several app processes agree.

Settings, later ones winning (``load()``, called by create_app()):

1. defaults: ``training/config.py``;
2. ``<instance_path>/config.py`` (not in git; the repository's ``instance/`` unless given);
3. the environment: ``PRESISI_<NAME>`` sets ``NAME`` (values parsed as JSON when they can
   be: ``PRESISI_PRODUCTION=1``, ``PRESISI_LOGIN_RATE_LIMIT="5 per minute"``). The
   well-known names in ``ALIASES`` (``DATABASE_URL``, ``SECRET_KEY``, ``TRUSTED_PROXIES``...)
   are read too, as text; ``PRESISI_<NAME>`` wins over them;
4. the test config given to create_app().

Nothing else under ``training/`` reads the environment: modules ask ``app.config``
(tests/test_settings_loader.py checks it).

Several app processes (gunicorn workers, or servers behind one proxy) must behave as one:
they share the database, the rate-limit store (Redis) and SECRET_KEY, which signs the
session cookies, CSRF tokens and the check-in codes. Nothing else is kept in process memory.
"""

import contextlib
import os
import secrets
from collections.abc import Callable, Mapping

from flask import Flask

DEFAULTS = "training.config.Config"
ENV_PREFIX = "PRESISI"
MIN_SECRET_LENGTH = 32
MAIL_SETTINGS = (
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_SENDER",
    "MAIL_TIMEOUT",
)


class ProductionConfigError(RuntimeError):
    """The settings would make several processes disagree, or are unsafe in production."""


def sqlalchemy_url(url: str) -> str:
    """DATABASE_URL as SQLAlchemy takes it: postgres:// and postgresql:// use psycopg 3."""
    url = url.strip()
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


#: Unprefixed environment names that operators, the README and deploy/ use: the settings
#: each one sets and how its text is read. Empty values are ignored.
ALIASES: dict[str, tuple[tuple[str, ...], Callable[[str], object]]] = {
    "DATABASE_URL": (("SQLALCHEMY_DATABASE_URI",), sqlalchemy_url),
    "SECRET_KEY": (("SECRET_KEY",), str),
    "RATELIMIT_STORAGE_URI": (("RATELIMIT_STORAGE_URI",), str),
    "SESSION_COOKIE_SECURE": (("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"), flag),
    "TRUSTED_PROXIES": (("TRUSTED_PROXIES",), str),  # security/proxy.py checks the number
    "LOG_FORMAT": (("LOG_FORMAT",), str),
    "LOG_LEVEL": (("LOG_LEVEL",), str),
    "REQUEST_LOG": (("REQUEST_LOG",), flag),
    "PG_BIN": (("PG_BIN",), str),
    "CELERY_BROKER_URL": (("JOBS_BROKER_URL",), str),
    **{name: ((name,), str) for name in MAIL_SETTINGS},
}


def load(app: Flask, overrides: Mapping | None = None) -> None:
    """Fill ``app.config`` from the four sources above, add the engine options and, when
    PRODUCTION is set, refuse settings under which several processes would not agree."""
    config = app.config
    config.from_object(DEFAULTS)
    config.from_pyfile(os.path.join(app.instance_path, "config.py"), silent=True)
    config.update(alias_settings(os.environ))
    config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "presisi.sqlite")
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + path
    _engine_options(app)
    _check_production(app)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = ensure_secret_key(app.instance_path)


def alias_settings(environ: Mapping[str, str]) -> dict:
    """The settings that the unprefixed ``ALIASES`` in ``environ`` set."""
    found = {}
    for name, (keys, parse) in ALIASES.items():
        value = environ.get(name) or ""
        if value.strip():
            found.update(dict.fromkeys(keys, parse(value)))
    return found


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child process (pg_dump, pg_restore) with ``extra`` added."""
    return {**os.environ, **extra}


def ensure_secret_key(instance_path: str) -> str:
    """Read instance/secret_key, creating it with a random key on first run.

    Several workers may start at once: the key is written to a private temporary file and
    linked into place, so a reader never sees a half-written file and every process ends up
    with the same key.
    """
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        part = f"{path}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process won the race
                os.link(part, path)  # atomic: the file appears complete or not at all
        finally:
            os.unlink(part)
    with open(path) as handle:
        return handle.read().strip()


def _check_production(app: Flask) -> None:
    if not app.config.get("PRODUCTION"):
        return
    problems = production_problems(app.config)
    if problems:
        raise ProductionConfigError(
            "Konfigurasi produksi belum lengkap / production settings incomplete:\n- "
            + "\n- ".join(problems)
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.logger.warning(
            "PRODUCTION on SQLite: fine for one machine, but several servers need "
            "PostgreSQL (DATABASE_URL)."
        )


def production_problems(config: Mapping) -> list[str]:
    """What keeps these settings from running as several processes in production."""
    problems = []
    key = str(config.get("SECRET_KEY") or "")
    if not key:
        problems.append(
            "SECRET_KEY tidak ada: setiap proses/server harus memakai kunci yang sama "
            "(export SECRET_KEY=...). / SECRET_KEY is missing: every process and server "
            "must share one key (sessions, CSRF tokens and check-in codes depend on it)."
        )
    elif len(key) < MIN_SECRET_LENGTH:
        problems.append(
            f"SECRET_KEY terlalu pendek (minimal {MIN_SECRET_LENGTH} karakter). / "
            f"SECRET_KEY is shorter than {MIN_SECRET_LENGTH} characters."
        )
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("RATELIMIT_ENABLED", True) and storage.startswith("memory"):
        problems.append(
            "RATELIMIT_STORAGE_URI masih memory://: batas percobaan masuk tidak terbagi "
            "antarproses (pakai redis://127.0.0.1:6379/0). / RATELIMIT_STORAGE_URI is "
            "memory://, so each process would count login attempts on its own; use Redis."
        )
    return problems


def _engine_options(app: Flask) -> None:
    """PostgreSQL: check connections before use (the server may have restarted); in
    production, small pools sized for sync workers (DB_POOL_SIZE, DB_MAX_OVERFLOW)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options.setdefault("pool_pre_ping", True)
    # An unreachable host that drops packets fails in seconds, not the TCP timeout.
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("connect_timeout", 5)
    options["connect_args"] = connect_args
    if app.config.get("PRODUCTION"):
        options.setdefault("pool_size", int(app.config.get("DB_POOL_SIZE", 2)))
        options.setdefault("max_overflow", int(app.config.get("DB_MAX_OVERFLOW", 3)))
        options.setdefault("pool_timeout", 10)
        options.setdefault("pool_recycle", 1800)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options

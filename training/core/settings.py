"""Database URL, secret key and production settings for create_app().

Several app processes (gunicorn workers, or servers behind one proxy) must behave as one:
they share the database, the rate-limit store (Redis) and SECRET_KEY, which signs the
session cookies, CSRF tokens and the check-in codes. Nothing else is kept in process memory.
"""

import contextlib
import os
import secrets
from collections.abc import Mapping

from flask import Flask

#: Environment variables PRESISI_<NAME> set config NAME (values parsed as JSON when they
#: can be: PRESISI_PRODUCTION=1, PRESISI_LOGIN_RATE_LIMIT="5 per minute").
ENV_PREFIX = "PRESISI"
MIN_SECRET_LENGTH = 32


class ProductionConfigError(RuntimeError):
    """The settings would make several processes disagree, or are unsafe in production."""


def database_uri(instance_path: str) -> str:
    """Return the SQLAlchemy URL: DATABASE_URL (PostgreSQL) or SQLite in instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        os.makedirs(instance_path, exist_ok=True)
        return "sqlite:///" + os.path.join(instance_path, "presisi.sqlite")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


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


def configure(app: Flask, overrides: Mapping | None = None) -> None:
    """Apply PRESISI_* environment settings and engine options and, when PRODUCTION is
    set, refuse settings under which several processes would not agree.

    Called by create_app() after the config files and before the secret key and the
    extensions; ``overrides`` (the test config) win over the environment.
    """
    app.config.from_prefixed_env(ENV_PREFIX)
    if overrides:
        app.config.update(overrides)
    _engine_options(app)
    if app.config.get("PRODUCTION"):
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

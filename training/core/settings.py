"""Database URL and secret-key resolution for create_app()."""

import os
import secrets


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
    """Read instance/secret_key, creating it with a random key on first run."""
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    with open(path) as handle:
        return handle.read().strip()

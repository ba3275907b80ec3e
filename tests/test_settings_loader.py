"""One settings loader: defaults < instance/config.py < environment < test config.

training/core/settings.py is the only module under training/ that reads the environment;
the well-known unprefixed names (DATABASE_URL, SECRET_KEY...) are aliases it reads too.
"""

import ast
import os
from pathlib import Path

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from training import create_app
from training.certificates.mail import MailSettings
from training.core.settings import ALIASES, ENV_PREFIX, alias_settings
from training.extensions import db
from training.ops import pg_backup
from training.ops.files import BackupError

ROOT = Path(__file__).resolve().parents[1]
LOADER = "training/core/settings.py"
KEY = "k" * 64
READERS = {"environ", "environb", "getenv", "getenvb"}


def environment_readers(root: Path) -> list[str]:
    """``path:line`` of every read of the environment in training/ and app.py."""
    found = []
    for path in sorted([*root.glob("training/**/*.py"), root / "app.py"]):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            read = (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "os"
                and node.attr in READERS
            ) or (
                isinstance(node, ast.ImportFrom)
                and node.module == "os"
                and any(alias.name in READERS for alias in node.names)
            )
            if read:
                found.append((str(path.relative_to(root)), node.lineno))
    return [f"{path}:{line}" for path, line in sorted(found)]


@pytest.fixture
def env(monkeypatch):
    """No setting from the environment of whoever runs the tests."""
    for name in [*ALIASES, *(n for n in os.environ if n.startswith(f"{ENV_PREFIX}_"))]:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _app(instance: Path, instance_config: str = "", **test_config):
    (instance / "config.py").write_text(instance_config)
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **test_config}, str(instance))


def _dispose(app):
    with app.app_context():
        db.engine.dispose()


def test_only_the_settings_loader_reads_the_environment():
    readers = environment_readers(ROOT)

    assert [where for where in readers if not where.startswith(LOADER + ":")] == []
    assert readers  # the loader itself does


def test_the_reader_check_finds_every_way_of_reading_the_environment(tmp_path):
    (tmp_path / "training").mkdir()
    (tmp_path / "app.py").write_text("import os\nos.getenv('A')\n")
    (tmp_path / "training" / "x.py").write_text(
        "import os\nfrom os import environ\nos.environ.get('B')\nos.environb\n"
    )

    assert environment_readers(tmp_path) == [
        "app.py:2",
        "training/x.py:2",
        "training/x.py:3",
        "training/x.py:4",
    ]


def test_each_source_wins_over_the_one_before(env, tmp_path):
    env.setenv("PRESISI_PAGE_SIZE", "30")
    env.setenv("PRESISI_LOGIN_RATE_LIMIT", "2 per minute")
    env.setenv("TRUSTED_PROXIES", "2")

    app = _app(
        tmp_path,
        "LOGIN_LOCKOUT_ATTEMPTS = 3\n"
        "PAGE_SIZE = 20\n"
        'LOGIN_RATE_LIMIT = "1 per minute"\n'
        "TRUSTED_PROXIES = 1\n",
        LOGIN_RATE_LIMIT="3 per minute",
    )

    assert app.config["LOGIN_LOCKOUT_MINUTES"] == 15  # training/config.py
    assert app.config["LOGIN_LOCKOUT_ATTEMPTS"] == 3  # instance/config.py
    assert app.config["PAGE_SIZE"] == 30  # environment, JSON parsed
    assert app.config["LOGIN_RATE_LIMIT"] == "3 per minute"  # test config
    assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_for == 2  # alias over instance


def test_aliases_are_read_as_text_and_empty_ones_are_ignored():
    environ = {
        "DATABASE_URL": " postgres://op:pw@db.local/presisi ",
        "SECRET_KEY": "0123456789",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "SESSION_COOKIE_SECURE": "0",
        "TRUSTED_PROXIES": "",
        "REQUEST_LOG": "on",
        "LOG_LEVEL": "WARNING",
        "MAIL_PORT": "2525",
        "PG_BIN": "/usr/lib/postgresql/16/bin",
        "HOME": "/root",
    }

    assert alias_settings(environ) == {
        "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://op:pw@db.local/presisi",
        "SECRET_KEY": "0123456789",
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        "REQUEST_LOG": True,
        "LOG_LEVEL": "WARNING",
        "MAIL_PORT": "2525",
        "PG_BIN": "/usr/lib/postgresql/16/bin",
    }


def test_aliases_reach_the_modules_that_use_them(env, tmp_path):
    database = tmp_path / "from-env.sqlite"
    env.setenv("DATABASE_URL", f"sqlite:///{database}")
    env.setenv("SECRET_KEY", KEY)
    env.setenv("LOG_FORMAT", "TEXT")
    env.setenv("REQUEST_LOG", "0")
    env.setenv("MAIL_SERVER", "smtp.polri.example")
    env.setenv("MAIL_USE_SSL", "1")
    env.setenv("PG_BIN", str(tmp_path))  # a folder without the client tools

    (tmp_path / "config.py").write_text(
        'SQLALCHEMY_DATABASE_URI = "sqlite://"\nMAIL_SERVER = "x"\n'
    )

    app = create_app(None, str(tmp_path))

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert app.config["SECRET_KEY"] == KEY
    assert (app.config["LOG_FORMAT"], app.config["REQUEST_LOG"]) == ("text", False)
    mail = MailSettings.from_config(app.config)
    assert (mail.server, mail.use_ssl, mail.port) == ("smtp.polri.example", True, 465)
    with app.app_context(), pytest.raises(BackupError, match="pg_dump tidak ditemukan"):
        pg_backup.find_tool("pg_dump", 1600)
    assert not (tmp_path / "secret_key").exists()
    _dispose(app)


def test_prefixed_name_wins_over_its_alias_and_empty_aliases_change_nothing(env, tmp_path):
    env.setenv("SECRET_KEY", "a" * 40)
    env.setenv("PRESISI_SECRET_KEY", "b" * 40)
    env.setenv("RATELIMIT_STORAGE_URI", "  ")

    app = _app(tmp_path, 'RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/3"\n')

    assert app.config["SECRET_KEY"] == "b" * 40
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"


def test_without_any_setting_the_database_is_sqlite_in_the_instance_folder(env, tmp_path):
    instance = tmp_path / "instance"

    app = create_app({"SECRET_KEY": KEY}, str(instance))

    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance}/presisi.sqlite"
    assert app.config["REQUEST_LOG"] is True and app.config["TRUSTED_PROXIES"] == 0
    _dispose(app)

"""Production settings: what several app processes must share, checked at start-up."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_INSTANCE, make_app
from training import create_app
from training.core.settings import ProductionConfigError

ROOT = Path(__file__).resolve().parents[1]
KEY = "k" * 64


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("SECRET_KEY", "RATELIMIT_STORAGE_URI", "DATABASE_URL", "PRESISI_PRODUCTION"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _app(**config):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", **config}, TEST_INSTANCE)
    with app.app_context():
        from training.extensions import db

        db.engine.dispose()
    return app


def test_production_refuses_to_start_without_a_shared_key_and_limit_store(clean_env):
    clean_env.setenv("PRESISI_PRODUCTION", "1")

    with pytest.raises(ProductionConfigError) as error:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": None})

    message = str(error.value)
    assert "SECRET_KEY tidak ada" in message
    assert "RATELIMIT_STORAGE_URI masih memory://" in message


def test_production_refuses_a_short_secret_key(clean_env):
    with pytest.raises(ProductionConfigError, match="SECRET_KEY terlalu pendek"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "PRODUCTION": True,
                "SECRET_KEY": "pendek",
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
            }
        )


def test_production_on_postgresql_gets_pre_ping_and_small_pools(clean_env):
    clean_env.setenv("SECRET_KEY", KEY)
    clean_env.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    clean_env.setenv("PRESISI_PRODUCTION", "1")
    clean_env.setenv("PRESISI_DB_POOL_SIZE", "3")

    app = _app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u@127.0.0.1:1/none")

    assert app.config["SECRET_KEY"] == KEY
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True,
        "pool_size": 3,
        "max_overflow": 3,
        "pool_timeout": 10,
        "pool_recycle": 1800,
        "connect_args": {"connect_timeout": 5},
    }


def test_development_keeps_default_pools_and_pings_only_postgresql(clean_env):
    postgres = _app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://u@127.0.0.1:1/none")
    sqlite = _app()

    assert postgres.config["SQLALCHEMY_ENGINE_OPTIONS"] == {
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": 5},
    }
    assert sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"] == {}
    assert postgres.config["PRODUCTION"] is False


def test_presisi_environment_variables_set_config_and_test_config_wins(clean_env):
    clean_env.setenv("PRESISI_LOGIN_RATE_LIMIT", "3 per minute")
    clean_env.setenv("PRESISI_PAGE_SIZE", "25")

    from_env = _app()
    overridden = _app(PAGE_SIZE=10)

    assert from_env.config["LOGIN_RATE_LIMIT"] == "3 per minute"
    assert from_env.config["PAGE_SIZE"] == 25
    assert overridden.config["PAGE_SIZE"] == 10


def test_workers_starting_at_once_create_one_secret_key(tmp_path):
    # settings.py alone (not the whole app package): the processes start in a burst.
    script = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('settings', sys.argv[1])\n"
        "settings = importlib.util.module_from_spec(spec); spec.loader.exec_module(settings)\n"
        "print(settings.ensure_secret_key(sys.argv[2]))\n"
    )
    path = str(ROOT / "training" / "core" / "settings.py")
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, path, str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    keys = {process.communicate(timeout=60)[0].strip() for process in processes}

    assert len(keys) == 1 and len(keys.pop()) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no leftovers
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_gunicorn_config_refuses_to_start_without_production_settings(clean_env, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SECRET_KEY", "RATELIMIT_STORAGE_URI", "PRESISI_PRODUCTION")
    }
    env["DATABASE_URL"] = "sqlite:///" + str(tmp_path / "never.sqlite")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            "127.0.0.1:0",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "SECRET_KEY tidak ada" in result.stderr
    assert "Booting worker" not in result.stderr
    assert not (tmp_path / "never.sqlite").exists()


def test_login_limit_keeps_counting_in_memory_when_redis_is_down():
    app = make_app(
        RATELIMIT_ENABLED=True,
        LOGIN_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0",  # nothing listens on the discard port
    )
    client = app.test_client()
    attempt = {"username": "tidak-ada", "password": "salah-salah-salah"}
    with app.app_context():
        from training.extensions import db

        db.create_all()
        statuses = [client.post("/login", data=attempt).status_code for _ in range(3)]
        db.session.remove()
        db.drop_all()
        db.engine.dispose()

    assert statuses == [200, 200, 429]

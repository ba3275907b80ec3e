"""Application factory, configuration, health check and static assets."""

from training import create_app


def test_health_reports_database_ok(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json["database"] == "ok"


def test_bootstrap_is_served_locally(client, login):
    login("admin")

    html = client.get("/").text

    assert 'href="/bootstrap/static/css/bootstrap.min.css"' in html
    assert "cdn" not in html.lower()
    with client.get("/bootstrap/static/css/bootstrap.min.css") as response:
        assert response.status_code == 200


def test_secret_key_is_generated_into_the_instance_path(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PRESISI_SECRET_KEY", raising=False)

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))
    again = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))

    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) == 64
    assert app.config["SECRET_KEY"] == again.config["SECRET_KEY"] == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_instance_config_py_is_read(tmp_path, monkeypatch):
    for name in ("SECRET_KEY", "PRESISI_LOGIN_LOCKOUT_ATTEMPTS", "PRESISI_MAIL_SERVER"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "config.py").write_text(
        'SECRET_KEY = "from-instance-config-" + "x" * 40\n'
        'MAIL_SERVER = "smtp.polri.example"\n'
        "LOGIN_LOCKOUT_ATTEMPTS = 3\n"
        "TRUSTED_PROXIES = 1\n"
    )

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}, instance_path=str(tmp_path))

    assert app.instance_path == str(tmp_path)
    assert app.config["SECRET_KEY"] == "from-instance-config-" + "x" * 40
    assert app.config["MAIL_SERVER"] == "smtp.polri.example"
    assert app.config["LOGIN_LOCKOUT_ATTEMPTS"] == 3
    assert app.config["TRUSTED_PROXIES"] == 1
    assert app.config["LOGIN_LOCKOUT_MINUTES"] == 15  # defaults still from training/config.py
    assert not (tmp_path / "secret_key").exists()  # the configured key is used


def test_environment_wins_over_instance_config(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text("LOGIN_LOCKOUT_ATTEMPTS = 3\n")
    monkeypatch.setenv("PRESISI_LOGIN_LOCKOUT_ATTEMPTS", "7")

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "k"}, instance_path=str(tmp_path)
    )

    assert app.config["LOGIN_LOCKOUT_ATTEMPTS"] == 7


def test_every_page_names_the_app_icon_and_the_icon_is_served(client):
    page = client.get("/login").text
    icon = client.get("/static/favicon.svg")

    assert '<link rel="icon" type="image/svg+xml" href="/static/favicon.svg">' in page
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert b"<svg" in icon.data

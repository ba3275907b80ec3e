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


def test_secret_key_is_generated_into_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.instance_path = str(tmp_path)

    from training.core.settings import ensure_secret_key

    first = ensure_secret_key(str(tmp_path))

    assert len(first) == 64
    assert ensure_secret_key(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600

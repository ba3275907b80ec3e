"""The minimal-page reference of ../shared/docs/PERFORMANCE.md: a tiny Flask app rendering a
20-row query through a Jinja template. The load test serves it with gunicorn, the same
workers and connections as the app, on the same database, and measures both in one run.

    gunicorn "bench.refapp:create_app('postgresql+psycopg://...')"
"""

from __future__ import annotations

from flask import Flask, render_template
from jinja2 import DictLoader
from sqlalchemy import create_engine, text

PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Satuan</title></head>
<body><h1>Satuan</h1>
<table>
<thead><tr><th>Kode</th><th>Nama</th><th>Tingkat</th></tr></thead>
<tbody>
{% for row in rows %}<tr><td>{{ row.code }}</td><td>{{ row.name }}</td><td>{{ row.level }}</td></tr>
{% endfor %}</tbody>
</table></body></html>
"""
QUERY = text("SELECT code, name, level FROM unit ORDER BY code LIMIT 20")


def create_app(url: str) -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"units.html": PAGE})  # compiled once, cached
    engine = create_engine(url, pool_pre_ping=True)

    @app.route("/")
    def units():
        with engine.connect() as conn:
            rows = conn.execute(QUERY).all()
        return render_template("units.html", rows=rows)

    @app.route("/login")
    def ready():  # answered by wait_until_serving
        return "ok"

    return app

"""A full disk on SQLite: SQLite's real "database or disk is full" error (the file may not
grow past PRAGMA max_page_count, set on every connection by the test), during an import
and during a form save. The user gets a clear Indonesian page, never a 500, and nothing is
half-written: every table keeps its row count."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import event, func, select

from tests import factories
from tests.conftest import make_app
from tests.import_steps import token_of
from training.extensions import db as _db

MESSAGE = "Penyimpanan basis data penuh"


@pytest.fixture
def app(tmp_path):
    """A file SQLite database (WAL, as in production), whatever TEST_DATABASE_URL says."""
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'full.sqlite'}")
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.engine.dispose()


class DiskLimit:
    """While armed, every new connection may not grow the file beyond its current size."""

    def __init__(self, engine) -> None:
        self.engine, self.pages = engine, None

    def _limit(self, dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {self.pages}")

    def __enter__(self) -> DiskLimit:
        _db.session.remove()  # give the session's connection back before the pool goes
        with self.engine.connect() as conn:
            self.pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        event.listen(self.engine, "connect", self._limit)
        self.engine.dispose()  # pooled connections reconnect with the limit
        return self

    def __exit__(self, *_exc) -> None:
        _db.session.remove()
        event.remove(self.engine, "connect", self._limit)
        self.engine.dispose()


def row_counts() -> dict[str, int]:
    _db.session.remove()
    return {
        table.name: _db.session.scalar(select(func.count()).select_from(table))
        for table in _db.metadata.sorted_tables
    }


def _assert_clear_page(response) -> None:
    assert response.status_code == 507, response.text[:1000]
    assert MESSAGE in response.text and "tidak disimpan" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text


def _people_csv(code: str, count: int) -> bytes:
    lines = ["nrp,nama,pangkat,jabatan,kode_satuan"]
    lines += [
        f"{88020000 + n},Personel Impor {n},Brigadir,Operator media sosial,{code}"
        for n in range(count)
    ]
    return "\n".join(lines).encode()


def _import(client, body: bytes):
    """Upload for the preview (nothing written), then confirm: the confirmation writes."""
    preview = client.post(
        "/people/import",
        data={"file": (io.BytesIO(body), "personel.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200, preview.text[:1000]
    return client.post("/people/import/confirm", data={"token": token_of(preview.text)})


def test_an_import_on_a_full_disk_shows_a_clear_error_and_writes_nothing(app, client, login):
    tree = factories.make_tree()
    login("admin")
    body = _people_csv(tree["polres_a"].code, 400)
    before = row_counts()
    with DiskLimit(_db.engine):
        _assert_clear_page(_import(client, body))
        assert row_counts() == before
    # with room again the same file imports completely
    response = _import(client, body)
    assert response.status_code == 302
    after = row_counts()
    assert after["person"] == before["person"] + 400


def test_a_roll_call_saved_on_a_full_disk_shows_a_clear_error_and_writes_nothing(
    app, client, login
):
    tree = factories.make_tree()
    session = factories.make_session(venue_unit=tree["polres_a"])
    people = [factories.make_person(tree["polsek_a"]) for _ in range(40)]
    for person in people:
        factories.enrol(session, person)
    login("admin")
    marks = {f"status-{p.id}": "hadir" for p in people}
    url = f"/attendance/sessions/{session.id}"
    before = row_counts()
    with DiskLimit(_db.engine):
        _assert_clear_page(client.post(url, data={**marks, "reason": ""}))
        assert row_counts() == before
    response = client.post(url, data={**marks, "reason": ""})
    assert response.status_code == 302
    assert row_counts()["attendance"] == before["attendance"] + 40

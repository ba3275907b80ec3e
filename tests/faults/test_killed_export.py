"""A gunicorn worker killed (SIGKILL) during a bulk certificate download: the client must see
a broken transfer, never a response that looks complete. The ZIP is streamed in chunks, so
the cut stream lacks its last chunk (and the truncated ZIP does not open); the PDF is sent
with its Content-Length, so a cut can be told from the end even over HTTP/1.0."""

from __future__ import annotations

import http.client
import io
import os
import signal
import time
import zipfile

import pytest

from bench.load_client import Browser, children_of
from tests import factories
from tests.conftest import make_app
from tests.faults.servers import serve
from training.certificates.services import issue_all
from training.extensions import db

MANY = 600  # ~1.5 s of drawing at ~400 certificates per second


@pytest.fixture
def served(tmp_path):
    """Gunicorn with ONE worker on a SQLite file holding MANY + 3 certificates of a course."""
    url = f"sqlite:///{tmp_path / 'certs.sqlite'}"
    app = make_app(SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        tree = factories.make_tree()
        course = factories.make_course(title="Pengelolaan Akun Medsos Polsek", tier=3)
        for n in range(MANY + 3):
            unit = tree["polsek_a"] if n < MANY else tree["polsek_b"]
            person = factories.make_person(unit, full_name=f"Pemegang Sertifikat {n}")
            factories.make_course_status(person, course)
        assert len(issue_all(course, actor=None)) == MANY + 3
        admin = factories.make_user(roles=("admin",))
        db.session.commit()
        facts = {"course": course.id, "small_unit": tree["polres_b"].code, "user": admin.username}
        db.session.remove()
        db.engine.dispose()
    with serve(url, tmp_path / "gunicorn.log", workers=1) as server:
        browser = Browser("127.0.0.1", server.port)
        browser.login(facts["user"], factories.PASSWORD)
        yield server, browser, facts


def _open(server, browser, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    conn.request("GET", path, headers={"Cookie": cookie})
    return conn


def _kill_the_worker(server) -> int:
    workers = children_of(server.pid)
    assert len(workers) == 1, workers
    os.kill(workers[0], signal.SIGKILL)
    return workers[0]


def _wait_for_a_new_worker(server, killed: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if [pid for pid in children_of(server.pid) if pid != killed]:
            return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not replace the killed worker")


def test_a_zip_cut_by_a_killed_worker_ends_without_its_last_chunk_and_does_not_open(served):
    server, browser, facts = served
    conn = _open(server, browser, f"/certificates/bulk.zip?course={facts['course']}")
    response = conn.getresponse()
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    received = response.read(4096)  # the first certificate(s) arrived: the stream is going
    assert received.startswith(b"PK\x03\x04")
    killed = _kill_the_worker(server)
    with pytest.raises((http.client.IncompleteRead, ConnectionError)) as broken:
        response.read()
    conn.close()
    if isinstance(broken.value, http.client.IncompleteRead):
        received += broken.value.partial
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(received))
    # the master replaced the worker: a complete download works and opens
    _wait_for_a_new_worker(server, killed)
    conn = _open(server, browser, f"/certificates/bulk.zip?unit={facts['small_unit']}")
    whole = conn.getresponse().read()  # raises IncompleteRead if cut
    conn.close()
    assert len(zipfile.ZipFile(io.BytesIO(whole)).namelist()) == 3


def test_a_pdf_cut_by_a_killed_worker_never_looks_complete(served):
    server, browser, facts = served
    conn = _open(server, browser, f"/certificates/bulk.pdf?course={facts['course']}")
    time.sleep(0.3)  # the worker is drawing MANY pages (well over a second)
    killed = _kill_the_worker(server)
    with pytest.raises((http.client.RemoteDisconnected, http.client.IncompleteRead)):
        conn.getresponse().read()
    conn.close()
    _wait_for_a_new_worker(server, killed)
    conn = _open(server, browser, f"/certificates/bulk.pdf?unit={facts['small_unit']}")
    response = conn.getresponse()
    body = response.read()
    conn.close()
    assert response.status == 200
    assert int(response.getheader("Content-Length")) == len(body)
    assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")

"""200 participants check in to one session at the same moment, over a live HTTP server.

The real app (CSRF on) runs on its own migrated database (a SQLite file, or a fresh
PostgreSQL database when TEST_DATABASE_URL is set), served by werkzeug with a thread per
request. Each participant logs in with their own cookie jar; then all 200 confirm the QR
check-in at once. Exactly one Attendance row per person and no server errors are expected.
"""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.serving import make_server

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.factories import (
    PASSWORD,
    enrol,
    make_course,
    make_person,
    make_session,
    make_tree,
    make_user,
)
from tests.scratch import scratch_database
from training.attendance import checkin
from training.attendance.models import Attendance
from training.extensions import db

PEOPLE = 200
#: These people press the button twice at once: the unique constraint must absorb it.
DOUBLE = 50
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # report the 302 itself


class Browser:
    """One participant's HTTP client: its own cookie jar, redirects not followed."""

    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode(errors="replace")

    def csrf(self, path: str) -> str:
        status, html = self.request(path)
        assert status == 200, (path, status)
        return CSRF.search(html).group(1)

    def log_in(self, username: str) -> None:
        token = self.csrf("/login")
        status, _body = self.request(
            "/login", {"username": username, "password": PASSWORD, "csrf_token": token}
        )
        assert status == 302, status


def _seed(now: datetime) -> tuple[int, str, list[str]]:
    tree = make_tree()
    session = make_session(
        make_course(tier=3), tree["polres_a"], starts_at=now - timedelta(minutes=5)
    )
    usernames = []
    for n in range(PEOPLE):
        person = make_person(tree["polsek_a"], nrp=f"{90000000 + n}")
        enrol(session, person)
        usernames.append(make_user(person=person, username=f"peserta{n:03d}").username)
    db.session.commit()
    return session.id, session.uid, usernames


@pytest.fixture
def live(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=True)
        app.config["TESTING"] = False
        with app.app_context():
            upgrade()
            seeded = _seed(datetime.now(UTC))
            db.session.remove()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        server.socket.listen(512)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield app, f"http://127.0.0.1:{server.server_port}", seeded
        finally:
            server.shutdown()
            thread.join()
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def _fresh_code(secret: str, uid: str) -> str:
    """The current window's URL code, waiting for a new window when this one ends soon."""
    codes = checkin.codes_at(secret, uid, datetime.now(UTC))
    if codes.seconds_left < 12:
        time.sleep(codes.seconds_left + 0.2)
        codes = checkin.codes_at(secret, uid, datetime.now(UTC))
    return codes.url_code


def test_200_simultaneous_check_ins_give_one_row_per_person_and_no_errors(live):
    app, base, (session_id, uid, usernames) = live
    browsers = [Browser(base) for _ in usernames]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(Browser.log_in, browsers, usernames))
        tokens = list(pool.map(lambda b: b.csrf("/attendance/checkin"), browsers))
    path = f"/attendance/c/{session_id}/{_fresh_code(app.config['SECRET_KEY'], uid)}"
    pairs = list(zip(browsers, tokens, strict=True))
    shots = pairs + pairs[:DOUBLE]
    barrier = threading.Barrier(len(shots))

    def fire(shot):
        browser, token = shot
        barrier.wait(timeout=30)
        return browser.request(path, {"csrf_token": token})[0]

    with ThreadPoolExecutor(max_workers=len(shots)) as pool:
        statuses = list(pool.map(fire, shots))

    assert sorted(set(statuses)) == [302]
    with app.app_context():
        rows = db.session.execute(
            select(Attendance.person_id, func.count())
            .where(Attendance.session_id == session_id)
            .group_by(Attendance.person_id)
        ).all()
        statuses_saved = set(db.session.scalars(select(Attendance.status)))
        db.session.remove()
    assert len(rows) == PEOPLE and {count for _pid, count in rows} == {1}
    assert statuses_saved == {"hadir"}

"""Sending the outbox in small committed batches: no transaction is open while SMTP talks
(other connections write meanwhile), and a sender dying mid-batch sends nothing twice."""

import sqlite3
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import make_app
from tests.test_reminders_mail import _SMTPServer
from training.certificates import outbox
from training.certificates.models import OutboxMessage
from training.extensions import db

NOW = datetime(2026, 11, 29, 2, 30, tzinfo=UTC)


class _DuringData(list):
    """The server's list of received mails; ``hook`` runs when a mail's DATA has arrived,
    before the server answers, so while the sender waits in the middle of its send."""

    def __init__(self, hook):
        super().__init__()
        self.hook = hook

    def append(self, item) -> None:
        self.hook()
        super().append(item)


@pytest.fixture
def smtp_server():
    server = _SMTPServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def file_app(tmp_path, smtp_server):
    """A file SQLite database (WAL, as in production), whatever TEST_DATABASE_URL says."""
    path = tmp_path / "outbox.sqlite"
    app = make_app(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.server_address[1],
        MAIL_SENDER="presisi-training@polri.go.id",
    )
    with app.app_context():
        db.create_all()
        yield app, str(path)
        db.session.remove()
        db.engine.dispose()


def _queue(count: int) -> None:
    for n in range(count):
        db.session.add(
            OutboxMessage(
                kind="uji",
                recipient=f"penerima{n}@polri.go.id",
                subject=f"Pesan {n}",
                body="Isi pesan.",
                created_at=NOW,
                attempts=0,
                last_error="",
            )
        )
    db.session.commit()


def _other_connection(path: str):
    """A second connection, as another worker's check-in would use: no waiting for locks."""
    return sqlite3.connect(path, timeout=0.2, isolation_level=None)


def test_another_connection_writes_while_a_mail_is_being_sent(file_app, smtp_server):
    _app, path = file_app
    _queue(3)
    seen = []

    def write_meanwhile():
        other = _other_connection(path)
        try:
            other.execute("UPDATE outbox_message SET body = body || '.' WHERE id = 3")
            sent = other.execute("SELECT count(*) FROM outbox_message WHERE sent_at IS NOT NULL")
            seen.append(("written", sent.fetchone()[0]))
        except sqlite3.OperationalError as exc:
            seen.append((str(exc), None))
        finally:
            other.close()

    smtp_server.received = _DuringData(write_meanwhile)

    assert outbox.send_outbox(now=NOW) == (3, 0)
    # each send was written and committed before the next mail went out
    assert seen == [("written", 0), ("written", 1), ("written", 2)]


def test_messages_are_claimed_a_small_batch_at_a_time(file_app, smtp_server):
    _app, path = file_app
    _queue(5)
    claimed = []

    def count_claims():
        other = _other_connection(path)
        try:
            row = other.execute(
                "SELECT count(*) FROM outbox_message WHERE claim_token IS NOT NULL"
            ).fetchone()
            claimed.append(row[0])
        finally:
            other.close()

    smtp_server.received = _DuringData(count_claims)

    assert outbox.send_outbox(now=NOW, batch_size=2) == (5, 0)
    assert claimed == [2, 1, 2, 1, 1]
    assert (
        db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.claim_token.is_not(None)))
        is None
    )


class _Killed(BaseException):
    """The worker dies (SIGKILL, OOM): nothing after this point runs."""


def test_a_sender_dying_mid_batch_sends_nothing_twice(file_app, smtp_server):
    _app, path = file_app
    _queue(4)
    progress = Counter()

    def die_after_two(_n):
        progress["sent"] += 1
        if progress["sent"] == 2:
            raise _Killed

    with pytest.raises(_Killed):
        outbox.send_outbox(now=NOW, progress=die_after_two)
    db.session.rollback()  # what the dead worker's connection gives back

    assert outbox.send_outbox(now=NOW + timedelta(minutes=1)) == (0, 0)  # still claimed
    later = NOW + outbox.CLAIM_STALE + timedelta(minutes=1)
    assert outbox.send_outbox(now=later) == (2, 0)

    delivered = Counter(r for _s, recipients, _d in smtp_server.received for r in recipients)
    assert delivered == {f"penerima{n}@polri.go.id": 1 for n in range(4)}
    rows = db.session.execute(
        select(OutboxMessage.sent_at, OutboxMessage.attempts, OutboxMessage.claim_token).order_by(
            OutboxMessage.id
        )
    ).all()
    assert [tuple(r) for r in rows] == [(NOW, 1, None)] * 2 + [(later, 1, None)] * 2


def test_an_unreachable_server_fails_the_batch_and_stops(file_app, smtp_server, monkeypatch):
    app, _path = file_app
    app.config["MAIL_PORT"] = 1  # nothing listens
    _queue(5)

    assert outbox.send_outbox(now=NOW, batch_size=2) == (0, 2)
    rows = db.session.execute(
        select(OutboxMessage.attempts, OutboxMessage.claim_token).order_by(OutboxMessage.id)
    ).all()
    assert [tuple(r) for r in rows] == [(1, None)] * 2 + [(0, None)] * 3

"""Sending the outbox through a real (tiny, local) SMTP server, and the outbox page and CLI."""

import base64
import socketserver
import threading
from datetime import UTC, date, datetime
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from tests.factories import make_course, make_person, make_tree
from tests.test_reminders import NOW, TODAY, make_certificate
from training.certificates.models import OutboxMessage
from training.certificates.outbox import send_outbox
from training.certificates.reminders import queue_reminders
from training.core.timefmt import local_day
from training.extensions import db

SENT_AT = datetime(2026, 11, 29, 2, 30, tzinfo=UTC)


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for smtplib: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        server = self.server
        self.reply("220 uji.polri.go.id ESMTP")
        sender, recipients = None, []
        while line := self.rfile.readline():
            command = line.decode().rstrip("\r\n")
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-uji.polri.go.id")
                self.reply("250 AUTH PLAIN" if server.password else "250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 uji.polri.go.id")
            elif verb == "AUTH":
                _plain, token = command.split(" ", 2)[1:]
                _zid, user, password = base64.b64decode(token).decode().split("\0")
                if (user, password) == (server.username, server.password):
                    server.logins.append(user)
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip("<> "), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip("<> ")
                if address.startswith("tolak"):
                    self.reply("550 5.1.1 Mailbox unavailable")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                server.received.append((sender, recipients, b"".join(data)))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, username="", password=""):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.username, self.password = username, password
        self.received, self.logins = [], []


@pytest.fixture
def smtp_server():
    server = _SMTPServer(username="presisi", password="rahasia-smtp")
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def mail_app(app, smtp_server):
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.server_address[1],
        MAIL_USERNAME="presisi",
        MAIL_PASSWORD="rahasia-smtp",
        MAIL_SENDER="presisi-training@polri.go.id",
    )
    return app


def _queue_two():
    tree = make_tree()
    course = make_course(title="Tingkat 3 Polsek")
    make_person(tree["polsek_a"], position="kapolsek", email="kapolsek@polri.go.id")
    holder = make_person(tree["polsek_a"], full_name="Siti Aminah", email="siti@polri.go.id")
    make_certificate(holder, course, date(2026, 12, 20))
    assert queue_reminders(today=TODAY, now=NOW) == 2
    return tree


def _messages():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.recipient)).all()


def test_send_outbox_delivers_every_queued_message_and_records_the_time(mail_app, smtp_server):
    _queue_two()

    result = send_outbox(now=SENT_AT)

    assert result == (2, 0)
    assert smtp_server.logins == ["presisi"]
    delivered = sorted(smtp_server.received, key=lambda item: item[1])
    assert [(s, r) for s, r, _data in delivered] == [
        ("presisi-training@polri.go.id", ["kapolsek@polri.go.id"]),
        ("presisi-training@polri.go.id", ["siti@polri.go.id"]),
    ]
    email = message_from_bytes(delivered[1][2], policy=policy.default)
    assert email["Subject"] == "Sertifikat Tingkat 3 Polsek berakhir 20 Desember 2026"
    assert email["To"] == "siti@polri.go.id"
    assert "Siti Aminah" in email.get_content()
    assert [(m.sent_at, m.attempts, m.last_error) for m in _messages()] == [(SENT_AT, 1, "")] * 2


def test_send_outbox_does_not_send_twice(mail_app, smtp_server):
    _queue_two()
    send_outbox(now=SENT_AT)

    again = send_outbox(now=SENT_AT)

    assert again == (0, 0)
    assert len(smtp_server.received) == 2


def test_a_refused_recipient_fails_alone_and_keeps_its_error(mail_app, smtp_server):
    tree = _queue_two()
    refused = make_person(tree["polres_a"], email="tolak@polri.go.id")
    make_certificate(refused, make_course(), date(2026, 12, 5))
    queue_reminders(today=TODAY, now=NOW)

    result = send_outbox(now=SENT_AT)

    assert result == (2, 1)
    failed = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "tolak@polri.go.id")
    )
    assert (failed.sent_at, failed.attempts) == (None, 1)
    assert "550" in failed.last_error and "Mailbox unavailable" in failed.last_error


def test_a_wrong_password_fails_every_message_and_keeps_them_queued(mail_app, smtp_server):
    mail_app.config["MAIL_PASSWORD"] = "salah"
    _queue_two()

    result = send_outbox(now=SENT_AT)

    assert result == (0, 2)
    assert smtp_server.received == []
    assert all(m.sent_at is None and "535" in m.last_error for m in _messages())


def test_without_a_mail_server_messages_stay_queued(app, monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    _queue_two()

    assert send_outbox(now=SENT_AT) == (0, 0)
    assert [(m.sent_at, m.attempts) for m in _messages()] == [(None, 0), (None, 0)]


def test_outbox_page_filters_and_sends_now(mail_app, smtp_server, client, login):
    _queue_two()
    login("admin")

    before = client.get("/outbox?state=unsent&kind=expiry_30")
    sent = client.post("/outbox/send", follow_redirects=True)
    unsent_after = client.get("/outbox?state=unsent")

    assert before.status_code == 200
    assert "siti@polri.go.id" in before.text and "kapolsek@polri.go.id" in before.text
    assert "2 pesan terkirim, 0 gagal." in sent.text
    assert "siti@polri.go.id" not in unsent_after.text
    assert len(smtp_server.received) == 2


def test_outbox_send_without_server_warns_and_keeps_messages(app, client, login, monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    _queue_two()
    login("admin")

    page = client.post("/outbox/send", follow_redirects=True)

    assert "Server email belum dikonfigurasi" in page.text
    assert all(m.sent_at is None for m in _messages())


def test_outbox_queue_button_queues_todays_reminders(app, client, login):
    tree = make_tree()
    holder = make_person(tree["polsek_a"], email="andi@polri.go.id")
    make_certificate(holder, make_course(), local_day())  # today in WIB, as the queue reads it
    login("admin")

    page = client.post("/outbox/queue", follow_redirects=True)

    assert "1 pengingat masuk antrean." in page.text
    assert [m.recipient for m in _messages()] == ["andi@polri.go.id"]


def test_send_reminders_command_queues_and_sends(mail_app, smtp_server):
    tree = make_tree()
    holder = make_person(tree["polsek_a"], email="andi@polri.go.id")
    make_certificate(holder, make_course(), local_day())  # today in WIB, as the queue reads it
    db.session.commit()

    result = mail_app.test_cli_runner().invoke(
        args=["send-reminders", "--days", "30", "--days", "7"]
    )

    assert result.exit_code == 0, result.output
    assert "1 pengingat masuk antrean." in result.output
    assert "1 pesan terkirim, 0 gagal." in result.output
    assert [r for _s, r, _d in smtp_server.received] == [["andi@polri.go.id"]]
    assert [m.kind for m in _messages()] == ["expiry_7"]

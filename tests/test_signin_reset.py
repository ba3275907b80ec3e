"""Forgotten password: a reset link by e-mail through a real SMTP server; the page never
tells whether an account exists."""

import re
import time
from email import message_from_bytes, policy

from sqlalchemy import select

from tests.factories import make_person, make_tree, make_user
from tests.test_reminders_mail import mail_app, smtp_server  # noqa: F401  (fixtures)
from training.auth.models import User
from training.auth.services import authenticate
from training.certificates.models import OutboxMessage
from training.certificates.outbox import send_outbox
from training.extensions import db

NEW = "Sandi-Pulih-2026!"


def _setup():
    tree = make_tree()
    person = make_person(tree["polsek_a"], full_name="Siti Aminah", email="siti@polri.go.id")
    make_user(username="siti.a", person=person)
    db.session.commit()


def test_reset_link_arrives_by_smtp_and_sets_a_new_password_once(mail_app, smtp_server):  # noqa: F811
    _setup()
    client = mail_app.test_client()

    answer = client.post("/lupa-sandi", data={"username": "SITI.A"})
    assert send_outbox() == (1, 0)
    email = message_from_bytes(smtp_server.received[0][2], policy=policy.default)
    link = re.search(r"http\S+/lupa-sandi/(\S+)", email.get_content())
    page = client.post(f"/lupa-sandi/{link.group(1)}", data={"password": NEW, "confirm": NEW})
    again = client.post(f"/lupa-sandi/{link.group(1)}", data={"password": NEW, "confirm": NEW})

    assert answer.status_code == 200 and email["To"] == "siti@polri.go.id"
    assert page.status_code == 302
    assert authenticate("siti.a", NEW).username == "siti.a"
    assert "tidak berlaku lagi" in again.text


def _timed(client, username):
    start = time.perf_counter()
    response = client.post("/lupa-sandi", data={"username": username})
    return response, time.perf_counter() - start


def _page(response) -> str:
    """The answer's HTML without the language form's CSRF token, which is signed with the
    current second (two answers a second apart differ there and nowhere else)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', response.text)


def test_reset_answer_is_the_same_whether_or_not_the_account_exists(app):
    _setup()
    client = app.test_client()
    _timed(client, "pemanasan")  # first request warms templates

    known = [_timed(client, "siti.a") for _ in range(5)]
    unknown = [_timed(client, "tidak.ada") for _ in range(5)]

    assert len({_page(r) for r, _t in known + unknown}) == 1
    assert db.session.scalar(select(OutboxMessage.recipient)) == "siti@polri.go.id"
    median = sorted(t for _r, t in known)[2], sorted(t for _r, t in unknown)[2]
    assert abs(median[0] - median[1]) < 0.05  # similar timing (no hashing on either path)


def test_reset_refused_for_an_inactive_account_with_the_same_answer(app):
    _setup()
    db.session.scalar(select(User).where(User.username == "siti.a")).is_active = False
    db.session.commit()

    response = app.test_client().post("/lupa-sandi", data={"username": "siti.a"})

    assert response.status_code == 200 and "Jika nama pengguna itu terdaftar" in response.text
    assert db.session.scalar(select(OutboxMessage.id)) is None

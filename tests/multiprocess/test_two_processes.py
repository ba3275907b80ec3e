"""Two app processes behind one (simulated) proxy behave as one application.

Login throttling is shared through Redis, a check-in code shown by one process is accepted
by the other and concurrent check-ins make one row, and issuing a certificate through both
processes at once gives exactly one certificate. See conftest.py for the servers.
"""

import json
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from tests.multiprocess.conftest import LOGIN_LIMIT, Client
from tests.multiprocess.seed import BULK_ISSUES, OUTBOX
from training.attendance.models import Attendance
from training.certificates.models import Certificate, OutboxMessage
from training.extensions import db

SERIAL = re.compile(r"^SERT/\d{4}/\d{2}/\d{6}$")
SHORT_CODE = re.compile(r'id="short-code"[^>]*>\s*([A-Z0-9]{6})\s*<')


def _at_once(*calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def _post_to_both(client: Client, bases, path: str, form: dict) -> list[int]:
    """POST the same form through every process at the same moment; the statuses."""
    return _at_once(*(lambda base=base: client.request(base + path, form)[0] for base in bases))


def _code(client: Client, base: str, session_id: int) -> dict:
    """The projector's current codes, read from ``base``; waits for a fresh window when
    this one rotates within 5 s (plus the 5 s grace after a rotation, the code stays good
    for the few seconds a test needs)."""
    while True:
        status, body, _headers = client.request(
            f"{base}/attendance/sessions/{session_id}/code.json"
        )
        assert status == 200, body[:300]
        codes = json.loads(body)
        if codes["seconds_left"] >= 5:
            return codes
        time.sleep(codes["seconds_left"] + 0.2)


def test_failed_logins_through_both_processes_share_one_limit(cluster):
    one, two = (server.base for server in cluster.servers)
    attacker = Client("198.51.100.7")
    token = attacker.csrf(one + "/login")
    attempt = {"username": "tidak-ada", "password": "salah-salah-salah", "csrf_token": token}

    statuses = [
        attacker.request((one, two)[n % 2] + "/login", attempt)[0] for n in range(LOGIN_LIMIT)
    ]
    over_on_one = attacker.request(one + "/login", attempt)
    over_on_two = attacker.request(two + "/login", attempt)

    assert statuses == [200] * LOGIN_LIMIT
    assert over_on_one[0] == 429 and over_on_two[0] == 429
    # The limit is per client address (X-Forwarded-For through the trusted proxy).
    other = Client("198.51.100.8")
    other_token = other.csrf(two + "/login")
    assert other.request(two + "/login", {**attempt, "csrf_token": other_token})[0] == 200
    assert list(cluster.redis.scan_iter(match=f"*/{cluster.key_prefix}/*"))


def test_check_in_code_from_one_process_is_accepted_by_the_other(cluster):
    one, two = (server.base for server in cluster.servers)
    data = cluster.data
    session_id = data["session"]
    trainer = Client("198.51.100.20")
    trainer.log_in(one, data["admin"])
    typed, scanned = (Client(f"198.51.100.{21 + n}") for n in range(2))
    typed.log_in(two, data["participants"][0]["username"])
    scanned.log_in(two, data["participants"][1]["username"])

    codes = _code(trainer, one, session_id)  # waits for a window with time left
    status, projector, _headers = trainer.request(
        f"{one}/attendance/sessions/{session_id}/projector"
    )
    assert status == 200
    shown = SHORT_CODE.search(projector).group(1)  # as the participant reads it on the wall
    token = typed.csrf(two + "/attendance/checkin")
    typed_status = typed.request(
        two + "/attendance/checkin",
        {"session_id": session_id, "code": shown.lower(), "csrf_token": token},
    )[0]
    qr_path = codes["url"].split(one, 1)[1]  # the QR points at the process that drew it
    token = scanned.csrf(two + qr_path)
    scanned_status = scanned.request(two + qr_path, {"csrf_token": token})[0]

    assert (typed_status, scanned_status) == (302, 302)
    with cluster.app.app_context():
        rows = db.session.execute(
            select(Attendance.person_id, Attendance.method, Attendance.status).where(
                Attendance.session_id == session_id
            )
        ).all()
        db.session.remove()
    assert sorted(rows) == sorted(
        [
            (data["participants"][0]["person"], "code", "hadir"),
            (data["participants"][1]["person"], "qr", "hadir"),
        ]
    )


def test_simultaneous_check_ins_of_one_person_through_both_processes_make_one_row(cluster):
    one, two = (server.base for server in cluster.servers)
    data = cluster.data
    session_id = data["session"]
    trainer = Client("198.51.100.30")
    trainer.log_in(two, data["admin"])
    people = data["participants"][2:]
    clients = [Client(f"198.51.100.{40 + n}") for n in range(len(people))]
    for client, participant in zip(clients, people, strict=True):
        client.log_in(one, participant["username"])  # the session cookie works on both
    tokens = [client.csrf(two + "/attendance/checkin") for client in clients]

    statuses = []
    for client, token in zip(clients, tokens, strict=True):
        path = _code(trainer, two, session_id)["url"].split(two, 1)[1]
        statuses += _post_to_both(client, (one, two), path, {"csrf_token": token})

    assert set(statuses) == {302}
    with cluster.app.app_context():
        counts = Counter(
            db.session.scalars(
                select(Attendance.person_id).where(
                    Attendance.session_id == session_id,
                    Attendance.person_id.in_([p["person"] for p in people]),
                )
            )
        )
        db.session.remove()
    assert counts == {p["person"]: 1 for p in people}


def test_issuing_one_certificate_through_both_processes_at_once_gives_one(cluster):
    one, two = (server.base for server in cluster.servers)
    data = cluster.data
    admin = Client("198.51.100.60")
    admin.log_in(one, data["admin"])
    course = data["single_course"]
    token = admin.csrf(f"{two}/certificates/?course={course}")

    statuses = []
    for person in data["single_people"]:
        form = {"course": course, "person": person, "csrf_token": token}
        statuses += _post_to_both(admin, (one, two), "/certificates/issue", form)

    assert set(statuses) == {302}
    rows = _certificates(cluster, course)
    assert Counter(person for person, _serial, _state in rows) == {
        person: 1 for person in data["single_people"]
    }
    assert {state for _person, _serial, state in rows} == {"valid"}
    _assert_unique_serials(cluster)


def test_issuing_all_of_a_course_through_both_processes_at_once_gives_one_each(cluster):
    one, two = (server.base for server in cluster.servers)
    admin = Client("198.51.100.61")
    admin.log_in(two, cluster.data["admin"])
    course = cluster.data["bulk_course"]
    token = admin.csrf(f"{one}/certificates/?course={course}")
    form = {"course": course, "confirm": "y", "csrf_token": token}

    statuses = _post_to_both(admin, (one, two), "/certificates/issue", form)

    assert statuses == [302, 302]
    rows = _certificates(cluster, course)
    people = Counter(person for person, _serial, _state in rows)
    assert len(people) == BULK_ISSUES and set(people.values()) == {1}
    assert {state for _person, _serial, state in rows} == {"valid"}
    _assert_unique_serials(cluster)


def test_sending_the_outbox_through_both_processes_at_once_sends_each_message_once(cluster):
    one, two = (server.base for server in cluster.servers)
    admin = Client("198.51.100.62")
    admin.log_in(one, cluster.data["admin"])
    token = admin.csrf(two + "/outbox")

    statuses = _post_to_both(admin, (one, two), "/outbox/send", {"csrf_token": token})

    assert statuses == [302, 302]
    delivered = Counter(
        recipient
        for _sender, recipients, _data in cluster.smtp.received
        for recipient in recipients
        if recipient.startswith("penerima")
    )
    assert delivered == {f"penerima{n:02d}@polri.go.id": 1 for n in range(OUTBOX)}
    with cluster.app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.attempts, OutboxMessage.sent_at).where(
                OutboxMessage.recipient.startswith("penerima")
            )
        ).all()
        db.session.remove()
    assert len(rows) == OUTBOX
    assert {attempts for attempts, _sent in rows} == {1}
    assert all(sent is not None for _attempts, sent in rows)


def test_queueing_reminders_through_both_processes_at_once_queues_each_once(cluster):
    one, two = (server.base for server in cluster.servers)
    admin = Client("198.51.100.63")
    admin.log_in(two, cluster.data["admin"])
    token = admin.csrf(one + "/outbox")

    statuses = _post_to_both(admin, (one, two), "/outbox/queue", {"csrf_token": token})

    assert statuses == [302, 302]
    with cluster.app.app_context():
        queued = db.session.execute(
            select(OutboxMessage.certificate_id, OutboxMessage.recipient).where(
                OutboxMessage.certificate_id.in_(cluster.data["expiring"])
            )
        ).all()
        db.session.remove()
    assert sorted(queued) == [
        (cert, f"pemegang{n}@polri.go.id") for n, cert in enumerate(cluster.data["expiring"])
    ]


def _certificates(cluster, course_id: int) -> list[tuple[int, str, str]]:
    with cluster.app.app_context():
        rows = db.session.execute(
            select(Certificate.person_id, Certificate.serial, Certificate.state).where(
                Certificate.course_id == course_id
            )
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


def _assert_unique_serials(cluster) -> None:
    with cluster.app.app_context():
        serials = list(db.session.scalars(select(Certificate.serial)))
        db.session.remove()
    assert len(serials) == len(set(serials))
    assert all(SERIAL.match(serial) for serial in serials), serials

"""Waitlist promotion under concurrent cancellations, on a real shared database.

Each thread runs in its own app context, hence its own database session and connection:
the seat lock must serialise them so that exactly the first waiting people are promoted.
"""

import threading
from datetime import UTC, datetime

from flask_migrate import upgrade
from sqlalchemy import select

from tests.conftest import TEST_DATABASE_URL, make_app
from tests.factories import enrol, make_course, make_person, make_session, make_tree, make_user
from tests.scratch import scratch_database
from training.auth.models import User
from training.enrolment import services
from training.extensions import db
from training.sessions.enrollments import Enrollment

NOW = datetime(2026, 10, 1, tzinfo=UTC)


def _seed():
    tree = make_tree()
    session = make_session(make_course(tier=3), tree["polres_a"], capacity=5)
    seated = [enrol(session, make_person(tree["polsek_a"])) for _ in range(5)]
    waiting = []
    for rank in range(1, 11):
        row = enrol(session, make_person(tree["polsek_a"]), status="waitlisted")
        row.waitlist_rank = rank
        waiting.append(row)
    admin = make_user(roles=("admin",))
    db.session.commit()
    return session.id, [e.id for e in seated], [e.person_id for e in waiting], admin.id


def _cancel_all_at_once(app, enrollment_ids, admin_id):
    barrier = threading.Barrier(len(enrollment_ids))
    errors = []

    def cancel(enrollment_id):
        try:
            with app.app_context():
                row = db.session.get(Enrollment, enrollment_id)
                actor = db.session.get(User, admin_id)
                barrier.wait(timeout=10)
                services.remove_person(row, actor=actor, now=NOW)
                db.session.commit()
                db.session.remove()
        except Exception as exc:  # noqa: BLE001  (collected and asserted below)
            errors.append(repr(exc))

    threads = [threading.Thread(target=cancel, args=(i,)) for i in enrollment_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_waitlist_promotion_under_concurrent_cancellations(tmp_path):
    with scratch_database(TEST_DATABASE_URL, str(tmp_path)) as url:
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            upgrade()
            session_id, seated, waiting, admin_id = _seed()
            db.session.remove()

        errors = _cancel_all_at_once(app, seated, admin_id)

        with app.app_context():
            rows = db.session.scalars(
                select(Enrollment).where(Enrollment.session_id == session_id)
            ).all()
            by_status = {}
            for row in rows:
                by_status.setdefault(row.status, []).append(row)
            enrolled = sorted(e.person_id for e in by_status["enrolled"])
            still_waiting = sorted((e.waitlist_rank, e.person_id) for e in by_status["waitlisted"])
            cancelled = sorted(e.id for e in by_status["cancelled"])
            db.session.remove()
            db.engine.dispose()

    assert errors == []
    assert enrolled == sorted(waiting[:5])
    assert still_waiting == list(zip(range(6, 11), waiting[5:], strict=True))
    assert cancelled == sorted(seated)

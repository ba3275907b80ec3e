"""Builders of the feedback tests: sessions over with people marked present, answers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.factories import enrol, make_session
from training.attendance.models import Attendance
from training.extensions import db
from training.learning import feedback_answering as answering
from training.learning.feedback_services import ensure_template

#: The tests' clock: a session ending at END is answered at NOW (a day later).
END = datetime(2026, 11, 3, 4, 0, tzinfo=UTC)
NOW = END + timedelta(days=1)
WINDOW = 14


def mark(session, person, status: str = "hadir") -> Attendance:
    """Enrol ``person`` and mark them in ``session``'s roll call."""
    enrol(session, person)
    row = Attendance(
        session_id=session.id,
        person_id=person.id,
        status=status,
        method="roll_call",
        updated_at=session.ends_at,
    )
    db.session.add(row)
    db.session.flush()
    return row


def ended_session(course, venue, *, end=END, **kw):
    """A two-hour session that ended at ``end``."""
    return make_session(course, venue, starts_at=end - timedelta(hours=2), **kw)


def answer_all(session, people, scores, *, texts=(), now=NOW):
    """Each person (marked present first) answers: the Likert questions with the score of
    ``scores`` at their index, the free-text question with the text at their index."""
    template = ensure_template(now=now)
    for i, person in enumerate(people):
        mark(session, person)
        values = {}
        for q in template.questions:
            if q.is_likert:
                values[q.id] = str(scores[i % len(scores)])
            elif i < len(texts):
                values[q.id] = texts[i]
        answering.submit(session, person.id, template, values, window_days=WINDOW, now=now)
    db.session.flush()
    return template

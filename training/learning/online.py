"""Online refreshers: offer a course online over a window of days to its target people in a
unit's subtree (a preview first, like a session's audience), enrol them, and find who has
completed it: every module of the course's materials marked done and a post-test of the
course passed (a closed attempt scoring at least ``ONLINE_PASS_SCORE``) inside the window.

Services never commit; the views do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select

from training.audit.services import plain, record
from training.errors import RuleViolation
from training.extensions import db
from training.learning.materials_progress import materials_complete
from training.learning.models import Quiz, QuizAttempt
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.people.models import Person
from training.units.models import Unit, in_subtree

#: The audit log's names of the fields this module records.
FIELD_LABELS = {
    "opens_on": _l("Dibuka"),
    "closes_on": _l("Batas akhir"),
    "enrolled": _l("Didaftarkan"),
    "unit": _l("Satuan"),
}
#: The longest window an offering may have.
MAX_WINDOW_DAYS = 180


def create_offering(course, unit, title, opens_on: date, closes_on: date, *, actor, now=None):
    """A new online offering of ``course`` for its targets under ``unit``. The caller
    commits."""
    now = now or datetime.now(UTC)
    if closes_on < opens_on:
        raise RuleViolation(_("Batas akhir tidak boleh sebelum tanggal mulai."))
    if (closes_on - opens_on).days > MAX_WINDOW_DAYS:
        raise RuleViolation(
            _("Jendela penyegaran daring paling lama %(n)d hari.", n=MAX_WINDOW_DAYS)
        )
    offering = OnlineOffering(
        course=course,
        unit=unit,
        title=title.strip() or course.title,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by_id=getattr(actor, "id", None),
        created_at=now,
    )
    db.session.add(offering)
    db.session.flush()
    record(
        "online_offering",
        "create",
        user=actor,
        entity_id=offering.id,
        course_id=course.id,
        after={"unit": unit.code, "opens_on": plain(opens_on), "closes_on": plain(closes_on)},
        now=now,
    )
    return offering


def targets(offering: OnlineOffering):
    """Select of the course's target people (active, one of its target positions, in a unit
    of one of its target levels) under the offering's unit, not enrolled yet."""
    course = offering.course
    enrolled = select(OnlineEnrolment.person_id).where(OnlineEnrolment.offering_id == offering.id)
    stmt = (
        select(Person)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            in_subtree(offering.unit.path),
            Person.is_active.is_(True),
            Person.id.not_in(enrolled),
        )
    )
    if course.target_positions:
        stmt = stmt.where(Person.position.in_(list(course.target_positions)))
    if course.target_levels:
        stmt = stmt.where(Unit.level.in_(list(course.target_levels)))
    return stmt


@dataclass
class Preview:
    count: int
    #: The first people (by unit code and name).
    first: list[Person]


def preview(offering: OnlineOffering, limit: int = 20) -> Preview:
    """How many target people an enrolment would add, and the first of them."""
    stmt = targets(offering)
    count = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    first = db.session.scalars(stmt.order_by(Unit.code, Person.full_name).limit(limit)).all()
    return Preview(count, list(first))


def enrol_targets(offering: OnlineOffering, *, actor, now=None, only=None) -> int:
    """Enrol every target person not enrolled yet (one statement), or those of them among
    ``only`` (a SELECT of person ids); how many. The caller commits."""
    now = now or datetime.now(UTC)
    stmt = targets(offering).with_only_columns(Person.id)
    if only is not None:
        stmt = stmt.where(Person.id.in_(only))
    ids = list(db.session.scalars(stmt))
    if ids:
        rows = [{"offering_id": offering.id, "person_id": i, "enrolled_at": now} for i in ids]
        db.session.execute(insert(OnlineEnrolment), rows)
        record(
            "online_offering",
            "enrol",
            user=actor,
            entity_id=offering.id,
            course_id=offering.course_id,
            after={"enrolled": len(ids)},
            now=now,
        )
    return len(ids)


def enrolled_count(offering: OnlineOffering) -> tuple[int, int]:
    """(enrolled, completed) of the offering."""
    row = db.session.execute(
        select(func.count(), func.count(OnlineEnrolment.completed_at)).where(
            OnlineEnrolment.offering_id == offering.id
        )
    ).one()
    return row[0], row[1]


def enrolment_of(offering: OnlineOffering, person_id: int | None) -> OnlineEnrolment | None:
    if person_id is None:
        return None
    return db.session.scalar(
        select(OnlineEnrolment).where(
            OnlineEnrolment.offering_id == offering.id, OnlineEnrolment.person_id == person_id
        )
    )


def post_test_passed(offering: OnlineOffering, person_id: int) -> bool:
    """A closed post-test attempt of the course, inside the window, at the pass score."""
    passed = db.session.scalar(
        select(func.count())
        .select_from(QuizAttempt)
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .where(
            Quiz.course_id == offering.course_id,
            Quiz.kind == "post",
            QuizAttempt.person_id == person_id,
            QuizAttempt.closed_at.is_not(None),
            QuizAttempt.score >= current_app.config["ONLINE_PASS_SCORE"],
        )
        .where(*_inside(offering, QuizAttempt.closed_at))
    )
    return bool(passed)


def steps_done(offering: OnlineOffering, person: Person) -> dict[str, bool]:
    """What the person has done of the two steps: materials, post-test."""
    return {
        "materials": materials_complete(person, offering.course),
        "post_test": post_test_passed(offering, person.id),
    }


def _inside(offering, column):
    """The window's days as instants (UTC day bounds: a day's grace either side is not
    given; the deadline is the end of ``closes_on``)."""
    start = datetime.combine(offering.opens_on, datetime.min.time(), UTC)
    end = datetime.combine(offering.closes_on, datetime.max.time(), UTC)
    return column >= start, column <= end


def complete(enrolment: OnlineEnrolment, person: Person, *, actor, now=None) -> bool:
    """Record the completion when the materials are done and the post-test passed inside
    the window; refused (with the reason) otherwise. True when newly recorded. The caller
    commits."""
    now = now or datetime.now(UTC)
    offering = enrolment.offering
    if enrolment.completed_at is not None:
        return False
    if now.date() > offering.closes_on:
        raise RuleViolation(_("Batas waktu penyegaran daring ini sudah lewat."))
    if not materials_complete(person, offering.course):
        raise RuleViolation(_("Tandai selesai semua modul materi terlebih dahulu."))
    if not post_test_passed(offering, person.id):
        raise RuleViolation(_("Post-test belum lulus dalam jendela penyegaran ini."))
    enrolment.completed_at = now
    record(
        "online_enrolment",
        "finish",
        user=actor,
        entity_id=enrolment.id,
        person_id=person.id,
        course_id=offering.course_id,
        now=now,
    )
    return True


def my_offerings(
    person_id: int | None, today: date
) -> list[tuple[OnlineOffering, OnlineEnrolment]]:
    """The person's open offerings (window not over), the nearest deadline first."""
    if person_id is None:
        return []
    rows = db.session.execute(
        select(OnlineOffering, OnlineEnrolment)
        .join(OnlineEnrolment, OnlineEnrolment.offering_id == OnlineOffering.id)
        .where(OnlineEnrolment.person_id == person_id, OnlineOffering.closes_on >= today)
        .order_by(OnlineOffering.closes_on, OnlineOffering.id)
        .limit(10)
    ).all()
    return [tuple(r) for r in rows]


def offerings_of(course) -> list[OnlineOffering]:
    return list(
        db.session.scalars(
            select(OnlineOffering)
            .where(OnlineOffering.course_id == course.id)
            .order_by(OnlineOffering.opens_on.desc(), OnlineOffering.id.desc())
        )
    )

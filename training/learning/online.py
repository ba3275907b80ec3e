"""Online refreshers: offer a course online over a window of days to its target people in a
unit's subtree (a preview first, like a session's audience), enrol them, and find who has
completed it: every module of the course's materials marked done and a post-test of the
course passed (a closed attempt scoring at least ``ONLINE_PASS_SCORE``) inside the window.

The completion is recorded as soon as the last step is taken (the grading job closes the
passed post-test, the participant marks the last module done: ``finish_if_done``), or by the
participant's button; either way the course standing is refreshed in the same transaction
(``programs.standing_hook``), where a completion counts as the attendance requirement
(``training.standing.online``), so the same certificate rules follow.

Services never commit; the views and the jobs do.
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
from training.learning.materials_progress import mark_done, materials_complete
from training.learning.models import Quiz, QuizAttempt
from training.learning.online_models import OnlineEnrolment, OnlineOffering
from training.people.models import Person
from training.programs.standing_hook import people_changed
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
    _finish([enrolment], person, at=now, actor=actor, now=now)
    return True


def _finish(enrolments: list[OnlineEnrolment], person: Person, *, at, actor, now) -> None:
    for enrolment in enrolments:
        enrolment.completed_at = at
        record(
            "online_enrolment",
            "finish",
            user=actor,
            entity_id=enrolment.id,
            person_id=person.id,
            course_id=enrolment.offering.course_id,
            now=now,
        )
    db.session.flush()
    course = enrolments[0].offering.course
    people_changed(course, [person.id], actor=actor, now=now)


def finish_if_done(course, person: Person, *, at: datetime, actor=None, now=None) -> bool:
    """Record the completion of the person's open enrolments in the course's offerings
    whose window holds ``at`` (when the last step was taken: a post-test closed, a module
    marked done) once both steps are done, and refresh their standing; True when recorded.
    A fixed number of statements. The caller commits."""
    now = now or datetime.now(UTC)
    waiting = list(
        db.session.scalars(
            select(OnlineEnrolment)
            .join(OnlineOffering, OnlineOffering.id == OnlineEnrolment.offering_id)
            .where(
                OnlineOffering.course_id == course.id,
                OnlineEnrolment.person_id == person.id,
                OnlineEnrolment.completed_at.is_(None),
                OnlineOffering.opens_on <= at.astimezone(UTC).date(),
                OnlineOffering.closes_on >= at.astimezone(UTC).date(),
            )
        )
    )
    if not waiting or not materials_complete(person, course):
        return False
    done = [e for e in waiting if post_test_passed(e.offering, person.id)]
    if done:
        _finish(done, person, at=at, actor=actor, now=now)
    return bool(done)


def module_done(person: Person, module, user, *, now=None) -> bool:
    """Mark the module done (``materials_progress.mark_done``); when it was the last step of
    an online refresher, its completion is recorded. False when it already was done."""
    now = now or datetime.now(UTC)
    if not mark_done(person, module, user, now=now):
        return False
    finish_if_done(module.course, person, at=now, actor=user, now=now)
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

"""What the API's views read: the sessions window and a person's course standings."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select

from training.assessments.latest import latest_attempt_join
from training.assessments.models import AssessmentAttempt
from training.calendar.queries import enrolled_counts, sessions_between
from training.core.dates import day_arg
from training.core.timefmt import to_utc
from training.extensions import db
from training.programs.models import Course, CourseStatus

SESSIONS_DEFAULT_DAYS = 30
SESSIONS_MAX_DAYS = 366


class BadArgument(ValueError):
    """A query parameter the API refuses with 400; ``str(exc)`` is the message for the caller."""


def sessions_window(tz: str) -> tuple[date, date]:
    """The local days ``from``..``to`` of the request (default today .. +30 days in ``tz``);
    raises BadArgument when a day is malformed, reversed or the range is over 366 days."""
    today = datetime.now(UTC).astimezone(ZoneInfo(tz)).date()
    try:
        first = day_arg("from", today)
    except ValueError:
        raise BadArgument(_("Tanggal 'from' tidak valid. Gunakan format TTTT-BB-HH.")) from None
    try:
        last = day_arg("to", first + timedelta(days=SESSIONS_DEFAULT_DAYS))
    except ValueError:
        raise BadArgument(_("Tanggal 'to' tidak valid. Gunakan format TTTT-BB-HH.")) from None
    if last < first:
        raise BadArgument(_("Tanggal 'to' tidak boleh sebelum tanggal 'from'."))
    if (last - first).days > SESSIONS_MAX_DAYS:
        raise BadArgument(_("Rentang tanggal paling panjang %(n)d hari.", n=SESSIONS_MAX_DAYS))
    return first, last


def sessions_in_days(user, first: date, last: date, tz: str, unit=None):
    """The published sessions the user may see overlapping the local days ``first``..``last``
    in ``tz`` (of ``unit``'s subtree if given) and their enrolled counts by session id."""
    start, end = to_utc(first, time(0), tz), to_utc(last + timedelta(days=1), time(0), tz)
    rows = sessions_between(user, start, end, unit=unit)
    return rows, enrolled_counts(s.id for s in rows)


def course_standings(person) -> list[tuple]:
    """(standing, course, latest attempt or None) per course the person has a standing in,
    by programme and tier."""
    attempts = {
        a.course_id: a
        for a in db.session.scalars(
            select(AssessmentAttempt)
            .join(*latest_attempt_join(AssessmentAttempt.person_id == person.id))
            .where(AssessmentAttempt.person_id == person.id)
        )
    }
    rows = db.session.execute(
        select(CourseStatus, Course)
        .join(Course, Course.id == CourseStatus.course_id)
        .where(CourseStatus.person_id == person.id)
        .order_by(Course.program_id, Course.tier)
    ).all()
    return [(standing, course, attempts.get(course.id)) for standing, course in rows]

"""``flask refresh-standing``: recompute every course status (e.g. nightly, so that people
whose sessions ended without a mark are counted Alpa without waiting for the next change)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext as _
from sqlalchemy import select, union

from training.assessments.models import AssessmentAttempt
from training.extensions import db
from training.programs.models import Course, CourseStatus
from training.sessions.enrollments import Enrollment
from training.sessions.models import TrainingSession
from training.standing.checkins import refresh_checked_in
from training.standing.engine import refresh_standing


def people_of(course: Course) -> list[int]:
    """Everyone with an enrolment, an attempt or a status row in ``course``."""
    sessions = select(TrainingSession.id).where(TrainingSession.course_id == course.id)
    ids = union(
        select(Enrollment.person_id).where(Enrollment.session_id.in_(sessions)),
        select(AssessmentAttempt.person_id).where(AssessmentAttempt.course_id == course.id),
        select(CourseStatus.person_id).where(CourseStatus.course_id == course.id),
    )
    return sorted(db.session.scalars(select(ids.subquery().c[0])))


def register(app: Flask) -> None:
    app.cli.add_command(refresh_standing_command)


@click.command("refresh-standing")
@click.option("--course", "course_id", type=int, help="Only this course (id).")
@click.option(
    "--checked-in",
    is_flag=True,
    help="Only people who checked themselves in during the last minutes (what beat runs "
    "every minute; from cron when there is no job queue).",
)
@with_appcontext
def refresh_standing_command(course_id, checked_in):
    """Recompute course statuses and absence warnings from attendance and assessments."""
    if checked_in:
        refreshed = refresh_checked_in()
        db.session.commit()
        click.echo(_("%(n)d personel yang presensi mandiri diperbarui.", n=refreshed))
        return
    stmt = select(Course).order_by(Course.id)
    if course_id is not None:
        stmt = stmt.where(Course.id == course_id)
    courses = db.session.scalars(stmt).all()
    if not courses:
        raise click.ClickException(_("Kursus %(id)s tidak ditemukan.", id=course_id))
    for course in courses:
        people = people_of(course)
        rows = refresh_standing(course, people)
        db.session.commit()
        done = sum(1 for r in rows if r.status == "completed")
        click.echo(
            _(
                "Kursus %(id)d (%(title)s): %(n)d personel, %(done)d selesai.",
                id=course.id,
                title=course.title,
                n=len(rows),
                done=done,
            )
        )

"""The latest attempt: the highest ``attempt_no`` of a person in a course (one subquery)."""

from sqlalchemy import and_, func, select

from training.assessments.models import AssessmentAttempt


def latest_attempt_join(*where):
    """``(subquery, onclause)`` for ``.join(*latest_attempt_join(...))``: keeps the
    AssessmentAttempt rows that are their person's latest in their course, among the
    attempts matching the ``where`` conditions."""
    newest = (
        select(
            AssessmentAttempt.person_id,
            AssessmentAttempt.course_id,
            func.max(AssessmentAttempt.attempt_no).label("no"),
        )
        .where(*where)
        .group_by(AssessmentAttempt.person_id, AssessmentAttempt.course_id)
        .subquery()
    )
    return newest, and_(
        newest.c.person_id == AssessmentAttempt.person_id,
        newest.c.course_id == AssessmentAttempt.course_id,
        newest.c.no == AssessmentAttempt.attempt_no,
    )

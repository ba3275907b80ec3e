"""Learning gain: a course's post-test score minus its pre-test score, per person, then
averaged per course, per trainer, per unit and per competency.

Which attempts count (closed attempts only, open ones have no score):
- the pre-test: the person's FIRST closed attempt (the baseline before any learning; a
  second try at the pre-test would already carry what the first one taught);
- the post-test: the person's LATEST closed attempt (where the person stands at the end,
  not the luckiest of several tries).
A pre-test and a post-test pair up per person and quiz cycle (a course's own quizzes have no
cycle; an online refresher's are of one cycle), so a refresher years later does not pair with
the first course's pre-test. Only people with both count; a gain is post mean minus pre mean
over the same people.

Per trainer: the trainers of the person's latest enrolled session of the course (a person
counts for each trainer of that session). Per unit: the child units of the root asked for,
each with its whole subtree. Per competency: the share of the marks of that competency's
questions in the two attempts.

Everything is cut to the viewer's scope (``training.policy.scope.person_clause``) and a
unit's subtree. A fixed number of statements, whatever the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from training.assessments.models import Competency, CourseCompetency
from training.auth.models import User
from training.core.paths import in_subtree, path_ids
from training.core.sqlmemo import kept
from training.extensions import db
from training.learning.models import Quiz, QuizAttempt, QuizSlot
from training.people.models import Person
from training.policy.scope import Scope, person_clause
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import SessionTrainer, TrainingSession
from training.units.models import Unit


@dataclass
class Gain:
    """Mean pre- and post-test scores (percent) of the people counted."""

    people: int = 0
    pre_total: float = 0.0
    post_total: float = 0.0

    def add(self, pre: float, post: float) -> None:
        self.people += 1
        self.pre_total += pre
        self.post_total += post

    @property
    def pre(self) -> float | None:
        return round(self.pre_total / self.people, 1) if self.people else None

    @property
    def post(self) -> float | None:
        return round(self.post_total / self.people, 1) if self.people else None

    @property
    def gain(self) -> float | None:
        if not self.people:
            return None
        return round((self.post_total - self.pre_total) / self.people, 1)

    def as_dict(self) -> dict:
        return {"people": self.people, "pre": self.pre, "post": self.post, "gain": self.gain}


@dataclass
class Pair:
    person_id: int
    unit_path: str
    pre: tuple[int, float]  # (attempt id, score)
    post: tuple[int, float]


@dataclass
class CourseGain:
    overall: Gain
    #: (trainer's name, gain), by name.
    trainers: list[tuple[str, Gain]] = field(default_factory=list)
    #: (child unit, gain) of the root's children with people counted, by code.
    units: list[tuple[Unit, Gain]] = field(default_factory=list)
    #: (competency, gain) of the course's competencies with marks in both tests.
    competencies: list[tuple[Competency, Gain]] = field(default_factory=list)


def viewer_root(scope: Scope, user) -> Unit | None:
    """Where a viewer's figures start: the root for national viewers, else their command."""
    if scope.everything:
        return db.session.scalar(
            select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id).limit(1)
        )
    return user.unit


def _attempts(course_ids, scope: Scope, root: Unit):
    """Closed attempts at the courses' quizzes by people in scope under ``root``."""
    course_ids = tuple(course_ids)
    key = ("learning.gain", course_ids, scope, root.path)  # built once per inputs: core.sqlmemo
    return db.session.execute(kept(key, lambda: _attempts_statement(course_ids, scope, root))).all()


def _attempts_statement(course_ids, scope: Scope, root: Unit):
    return (
        select(
            Quiz.course_id,
            Quiz.cycle_id,
            Quiz.kind,
            QuizAttempt.id,
            QuizAttempt.person_id,
            QuizAttempt.closed_at,
            QuizAttempt.attempt_no,
            QuizAttempt.score,
            Unit.path,
        )
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .join(Person, Person.id == QuizAttempt.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Quiz.course_id.in_(list(course_ids)),
            QuizAttempt.closed_at.is_not(None),
            QuizAttempt.score.is_not(None),
            person_clause(scope),
            in_subtree(root.path, Unit.path),
        )
    )


def pairs(course_ids, scope: Scope, root: Unit) -> dict[int, list[Pair]]:
    """Per course: the (first pre-test, latest post-test) pairs (one statement)."""
    pre, post, paths = {}, {}, {}
    for course_id, cycle_id, kind, attempt_id, person_id, closed, no, score, path in _attempts(
        course_ids, scope, root
    ):
        key, order = (course_id, person_id, cycle_id), (closed, no)
        paths[key] = path
        if kind == "pre" and (key not in pre or order < pre[key][0]):
            pre[key] = (order, attempt_id, score)
        elif kind == "post" and (key not in post or order > post[key][0]):
            post[key] = (order, attempt_id, score)
    found = defaultdict(list)
    for key in sorted(pre.keys() & post.keys(), key=lambda k: (k[0], k[1], k[2] or 0)):
        (_o, pre_id, pre_score), (_p, post_id, post_score) = pre[key], post[key]
        found[key[0]].append(Pair(key[1], paths[key], (pre_id, pre_score), (post_id, post_score)))
    return found


def course_summaries(course_ids, scope: Scope, root: Unit) -> dict[int, Gain]:
    """The overall gain of each course (one statement): for the readiness page."""
    found = pairs(course_ids, scope, root)
    return {course_id: _sum(found.get(course_id, [])) for course_id in course_ids}


def _sum(course_pairs: list[Pair]) -> Gain:
    gain = Gain()
    for p in course_pairs:
        gain.add(p.pre[1], p.post[1])
    return gain


def course_gain(course, scope: Scope, root: Unit) -> CourseGain:
    """The course's gain with its breakdowns (five statements)."""
    course_pairs = pairs([course.id], scope, root).get(course.id, [])
    result = CourseGain(_sum(course_pairs))
    if course_pairs:
        result.trainers = _by_trainer(course, course_pairs, scope, root)
        result.units = _by_unit(course_pairs, root)
        result.competencies = _by_competency(course, course_pairs, scope, root)
    return result


def _by_unit(course_pairs: list[Pair], root: Unit) -> list[tuple[Unit, Gain]]:
    depth = len(path_ids(root.path))
    children = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.parent_id == root.id))}
    gains = defaultdict(Gain)
    for p in course_pairs:
        ids = path_ids(p.unit_path)
        if len(ids) > depth and ids[depth] in children:
            gains[ids[depth]].add(p.pre[1], p.post[1])
    return sorted(((children[i], g) for i, g in gains.items()), key=lambda x: x[0].code)


def _by_trainer(course, course_pairs, scope, root) -> list[tuple[str, Gain]]:
    """Each person's latest enrolled session of the course, and its trainers' names."""
    trainer_person = aliased(Person)
    name = func.coalesce(trainer_person.full_name, User.username)
    rows = db.session.execute(
        select(Enrollment.person_id, TrainingSession.id, TrainingSession.starts_at, name)
        .join(TrainingSession, TrainingSession.id == Enrollment.session_id)
        .join(SessionTrainer, SessionTrainer.session_id == TrainingSession.id)
        .outerjoin(User, User.id == SessionTrainer.user_id)
        .outerjoin(
            trainer_person,
            trainer_person.id == func.coalesce(SessionTrainer.person_id, User.person_id),
        )
        .join(Person, Person.id == Enrollment.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            TrainingSession.course_id == course.id,
            Enrollment.status == EnrollmentStatus.ENROLLED,
            person_clause(scope),
            in_subtree(root.path, Unit.path),
        )
    ).all()
    latest, names = {}, defaultdict(set)
    for person_id, session_id, starts_at, trainer in rows:
        names[session_id].add(trainer)
        if person_id not in latest or (starts_at, session_id) > latest[person_id]:
            latest[person_id] = (starts_at, session_id)
    gains = defaultdict(Gain)
    for p in course_pairs:
        if p.person_id in latest:
            for trainer in names[latest[p.person_id][1]]:
                gains[trainer].add(p.pre[1], p.post[1])
    return sorted(gains.items(), key=lambda x: x[0].casefold())


def _by_competency(course, course_pairs, scope, root) -> list[tuple[Competency, Gain]]:
    """Per competency, the share of the marks in each attempt (one grouped statement over
    the course's closed attempts in scope; the chosen ones are picked here)."""
    rows = db.session.execute(
        select(QuizSlot.attempt_id, QuizSlot.competency_id, func.avg(QuizSlot.mark))
        .join(QuizAttempt, QuizAttempt.id == QuizSlot.attempt_id)
        .join(Quiz, Quiz.id == QuizAttempt.quiz_id)
        .join(Person, Person.id == QuizAttempt.person_id)
        .join(Unit, Unit.id == Person.unit_id)
        .where(
            Quiz.course_id == course.id,
            QuizAttempt.closed_at.is_not(None),
            person_clause(scope),
            in_subtree(root.path, Unit.path),
        )
        .group_by(QuizSlot.attempt_id, QuizSlot.competency_id)
    ).all()
    share = {(a, c): 100.0 * float(m or 0.0) for a, c, m in rows}
    competencies = list(
        db.session.scalars(
            select(Competency)
            .join(
                CourseCompetency,
                and_(
                    CourseCompetency.competency_id == Competency.id,
                    CourseCompetency.course_id == course.id,
                ),
            )
            .order_by(Competency.position, Competency.code)
        )
    )
    found = []
    for competency in competencies:
        gain = Gain()
        for p in course_pairs:
            before, after = (
                share.get((p.pre[0], competency.id)),
                share.get((p.post[0], competency.id)),
            )
            if before is not None and after is not None:
                gain.add(before, after)
        if gain.people:
            found.append((competency, gain))
    return found

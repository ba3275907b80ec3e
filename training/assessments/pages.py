"""What the assessment pages show, shaped from the queries: a course's weight choices, the
grid's people, cells and stray errors, a person's judged history, the "Nilai saya" rows."""

from __future__ import annotations

from training.assessments import queries
from training.assessments.rules import evaluate


def weight_choices(current: dict[int, int]) -> list:
    """Competencies a course's weights page lists: the active ones and those it weighs now."""
    return [c for c in queries.competencies() if c.is_active or c.id in current]


def grid_context(course, user, *, session=None, unit=None, errors=None, typed=None) -> dict:
    """The grid's people (capped; ``total`` before the cap), their latest attempts and
    verdicts, and the cells to show: the ``typed`` rows after a refused save, else the latest."""
    errors = errors or {}
    comps = queries.course_competencies(course.id)
    people, total = queries.grid_people(course, user, session=session, unit=unit)
    latest = queries.latest_attempts(course.id, [p.id for p in people])
    weights = {cc.competency_id: cc.weight for cc in comps}
    pairs = [(r.person_id, r) for r in typed] if typed is not None else latest.items()
    return {
        "comps": comps,
        "people": people,
        "total": total,
        "latest": latest,
        "verdicts": queries.verdicts(course, weights, latest),
        "values": cell_values(pairs),
        "errors": errors,
        "stray_errors": stray_errors(errors, people),
    }


def stray_errors(errors, people) -> list[str]:
    """Errors about rows the grid does not show (people posted but not listed)."""
    shown = {p.id for p in people}
    return sorted({msg for key, msg in errors.items() if key[0] not in shown})


def cell_values(rows) -> dict:
    """Cell values to show, from ``(person id, row)`` pairs (typed rows or latest attempts):
    ``(pid, cid)`` → level text, ``("e", pid, cid)`` → evidence, ``("n", pid)`` → note."""
    values = {}
    for pid, row in rows:
        for cid, level in row.levels.items():
            values[(pid, cid)] = str(level).strip()
        for cid, text in row.evidence.items():
            values[("e", pid, cid)] = text
        values[("n", pid)] = row.note
    return values


def judged_history(course, person_id: int):
    """The person's attempts in the course, newest first, each with its verdict under the
    course's current weights; and the assessors and sessions by id."""
    attempts, users, sessions = queries.history(course, person_id)
    weights = queries.course_weights(course.id)
    judged = [
        (a, evaluate(course, weights, {s.competency_id: s.level for s in a.scores}))
        for a in attempts
    ]
    return judged, users, sessions


def my_results(person) -> list[tuple]:
    """(course, latest attempt, verdict, number of attempts) per course of the person."""
    if person is None:
        return []
    rows = []
    counts = queries.attempt_counts(person.id)
    for course in queries.my_courses(person.id):
        latest = queries.latest_attempts(course.id, [person.id]).get(person.id)
        verdict = None
        if latest is not None:
            verdict = evaluate(course, queries.course_weights(course.id), latest.levels)
        rows.append((course, latest, verdict, counts.get(course.id, 0)))
    return rows

"""The pass rule of a course: weighted average level and the "no Kurang" condition."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    average: float | None
    passed: bool | None
    #: Competencies of the course that have no score in the attempt.
    missing: tuple[int, ...] = ()


def evaluate(course, weights: dict[int, int], levels: dict[int, int]) -> Verdict:
    """Judge one attempt: ``weights`` and ``levels`` are keyed by competency id.

    Passed when every weighted competency is scored, the weighted average is at least the
    course's ``pass_min_average`` and, when ``pass_no_kurang`` is set, no level is 1 (Kurang).
    An attempt with no scores gives no verdict.
    """
    scored = {cid: level for cid, level in levels.items() if cid in weights}
    if not scored:
        return Verdict(None, None, tuple(sorted(weights)))
    total = sum(weights[cid] for cid in scored)
    average = sum(weights[cid] * level for cid, level in scored.items()) / total
    missing = tuple(sorted(set(weights) - set(scored)))
    passed = (
        not missing
        and average >= course.pass_min_average
        and not (course.pass_no_kurang and min(scored.values()) <= 1)
    )
    return Verdict(round(average, 2), passed, missing)

"""The pass rule: weighted average at least the minimum and no Kurang."""

from types import SimpleNamespace

from training.assessments.rules import evaluate

COURSE = SimpleNamespace(pass_min_average=3, pass_no_kurang=True)
WEIGHTS = {1: 2, 2: 1, 3: 1}


def test_weighted_average_at_baik_without_kurang_passes():
    verdict = evaluate(COURSE, WEIGHTS, {1: 3, 2: 4, 3: 2})

    assert (verdict.average, verdict.passed) == (3.0, True)


def test_one_kurang_fails_even_with_a_high_average():
    verdict = evaluate(COURSE, WEIGHTS, {1: 5, 2: 5, 3: 1})

    assert (verdict.average, verdict.passed) == (4.0, False)


def test_kurang_is_allowed_when_the_course_does_not_forbid_it():
    lenient = SimpleNamespace(pass_min_average=3, pass_no_kurang=False)

    assert evaluate(lenient, WEIGHTS, {1: 5, 2: 5, 3: 1}).passed is True


def test_average_below_the_minimum_fails():
    assert evaluate(COURSE, WEIGHTS, {1: 2, 2: 3, 3: 3}).passed is False  # 2.5


def test_a_missing_competency_means_not_passed_yet():
    verdict = evaluate(COURSE, WEIGHTS, {1: 5, 2: 5})

    assert verdict.passed is False and verdict.missing == (3,)


def test_no_scores_give_no_verdict():
    assert evaluate(COURSE, WEIGHTS, {}).passed is None

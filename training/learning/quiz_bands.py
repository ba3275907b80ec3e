"""A course's score bands: where a quiz score (percent of the marks) becomes a competency
level, Kurang (1) … Istimewa (5). Each course may set its own; the defaults hold until then.
Services never commit."""

from __future__ import annotations

from dataclasses import astuple, dataclass

from flask_babel import gettext as _

from training.audit.services import record_update
from training.errors import RuleViolation
from training.extensions import db
from training.learning.models import QuizBands

#: The bands' fields, lowest level first (level 2 Cukup … 5 Istimewa).
FIELDS = ("min_cukup", "min_baik", "min_baik_sekali", "min_istimewa")


@dataclass(frozen=True)
class Bands:
    """The lowest score of Cukup, Baik, Baik Sekali and Istimewa; below Cukup is Kurang."""

    min_cukup: int = 50
    min_baik: int = 65
    min_baik_sekali: int = 80
    min_istimewa: int = 90

    def level(self, score: float) -> int:
        """The level 1..5 a score earns (the bottom of each band belongs to it)."""
        return 1 + sum(score >= bound for bound in astuple(self))

    def ranges(self) -> list[tuple[int, int, int]]:
        """(level, lowest score, highest whole score) per level, Kurang first."""
        lows = (0, *astuple(self))
        highs = (*(bound - 1 for bound in astuple(self)), 100)
        return [(n, low, high) for n, (low, high) in enumerate(zip(lows, highs, strict=True), 1)]


DEFAULT = Bands()


def bands_of(course_id: int) -> Bands:
    row = db.session.get(QuizBands, course_id)
    return DEFAULT if row is None else Bands(*(getattr(row, f) for f in FIELDS))


def check(values: tuple[int, ...]) -> Bands:
    """The bands from four lowest scores; refused unless 0 < each < the next <= 100."""
    if len(values) != len(FIELDS) or not all(isinstance(v, int) for v in values):
        raise RuleViolation(_("Isi empat batas nilai berupa bilangan bulat."))
    bounds = (0, *values)
    if values[-1] > 100 or any(low >= high for low, high in zip(bounds[:-1], values, strict=True)):
        raise RuleViolation(
            _("Batas nilai harus naik: Cukup > 0, lalu Baik, Baik Sekali, Istimewa ≤ 100.")
        )
    return Bands(*values)


def save_bands(course, values: tuple[int, ...], *, actor=None, now=None) -> bool:
    """Set the course's bands (audited); True when they changed. The caller commits."""
    bands = check(values)
    before = dict(zip(FIELDS, astuple(bands_of(course.id)), strict=True))
    after = dict(zip(FIELDS, astuple(bands), strict=True))
    row = db.session.get(QuizBands, course.id) or QuizBands(course_id=course.id)
    for field, value in after.items():
        setattr(row, field, value)
    db.session.add(row)
    db.session.flush()
    return record_update(
        "quiz_bands", before, after, user=actor, entity_id=course.id, course_id=course.id, now=now
    )

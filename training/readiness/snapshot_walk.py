"""A national roll-up carried from one day to the next, for the snapshots of a range of days
(``snapshots.take_snapshots``): computed in full for the first day only, then patched where
a later day can differ.

A day's figures depend on the day only through the certificates in force and expiring
(``statements.current_certificates``) and the aduan inside the response window:
- training: between two days, only the units whose people hold a certificate of the
  programme that was issued, expired, was superseded or revoked, or entered the expiring
  window can change. Their own counters are read again (the own-people statement restricted
  to them); the difference of the counters that depend on the day (integers, so exact) is
  added to their subtree figures and every ancestor's, and the training status of those
  units and their ancestors decided again;
- response: on a day where a day of aduan entered or left the window (or the training
  changed), each unit's own aduan of the window (two statements) are merged up over the
  units that have some and their ancestors only, and the response criteria judged again on
  those units, on the day before's and on the retrained ones.
``advance`` returns the units judged again: every other unit's figures equal the day
before's. The rows are the same as ``take_snapshot`` day by day
(tests/test_readiness_snapshots.py).
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from training.certificates.models import Certificate
from training.extensions import db
from training.people.models import Person
from training.policy.scope import Scope
from training.programs.models import Course, Program
from training.readiness import rollup
from training.readiness.figures import COUNTERS, UnitReadiness, decide_values, rule_values
from training.readiness.outcome import (
    ADUAN,
    own_response_figures,
    response_rules,
    subtree_responses,
    window,
)
from training.readiness.statements import own_counters, own_people_statement
from training.responses.models import MentionCategory, MentionDay
from training.responses.targets import targets_for
from training.responses.window import unit_day_counts, unit_day_times
from training.units.models import Unit

#: The own counters that depend on the day (the certificates in force): the others count
#: people, course status rows and accounts, the same on every day.
DAY_COUNTERS = ("certified", "commanders_certified", "expiring", "failed", "untrained")


class DayWalk:
    """The roll-up of ``program`` on a day, moved forward with ``advance``."""

    def __init__(self, program: Program, day: date, last: date):
        self.program, self.day = program, day
        self.rules = rollup.thresholds_for(program)
        self.part = rollup.trained(program, Scope(everything=True), None, day, rules=self.rules)
        rollup.judged(program, self.part, day, self.rules)
        self.units: dict[int, UnitReadiness] = self.part.units
        self.index = {row[0]: n for n, row in enumerate(self.part.unit_rows)}
        self.outcome = response_rules(self.rules, targets_for(program))
        self.values = rule_values(self.rules)
        self.changes = change_units(program, self.rules.expiring_days)
        self.change_days = sorted(self.changes)
        self.response_days = sorted(response_days(self.outcome.window_days))
        #: The units with a response (own aduan in the window, or below them).
        self.responded = {uid for uid, node in self.units.items() if node.response is not None}
        self.aduan = AduanDays(self.part.where, day, last, self.outcome.window_days)

    def advance(self, day: date) -> set[int]:
        """Move the roll-up to ``day`` (after the current one); the units judged again."""
        touched: set[int] = set()
        changed = self._changes_between(self.day, day)
        if changed:
            touched = retrain(self, changed, day)
        if touched or changed_between(self.response_days, self.day, day):
            touched |= rejudge(self, day, touched)
        self.day = day
        return touched

    def _changes_between(self, after: date, upto: date) -> set[int]:
        """The holders' units of the certificates that changed on a day in (after, upto]."""
        days = self.change_days
        units: set[int] = set()
        for day in days[bisect_right(days, after) : bisect_right(days, upto)]:
            units |= self.changes[day]
        return units

    def ancestry(self, uids) -> set[int]:
        """``uids`` (in view) and every unit above them."""
        found: set[int] = set()
        for uid in uids:
            while uid is not None and uid not in found and uid in self.units:
                found.add(uid)
                uid = self.units[uid].parent_id
        return found


def retrain(walk: DayWalk, unit_ids: set[int], day: date) -> set[int]:
    """The training part on ``day`` for the units ``unit_ids`` (and their ancestors); the
    units whose figures changed, with their ancestors."""
    part, units = walk.part, walk.units
    where = and_(part.where, Unit.id.in_(sorted(unit_ids)))
    stmt = own_people_statement(part.courses, where, day, walk.rules.expiring_days)
    fresh = {row[0]: _day_counters(row) for row in db.session.connection().execute(stmt)}
    moved: set[int] = set()
    for uid in unit_ids & units.keys():
        node = units[uid]
        old = [getattr(node.own, name) for name in DAY_COUNTERS]
        delta = [n - o for n, o in zip(fresh.get(uid, (0,) * 5), old, strict=True)]
        if not any(delta):
            continue
        for name, value, change in zip(DAY_COUNTERS, old, delta, strict=True):
            setattr(node.own, name, value + change)
        for above in walk.ancestry([uid]):
            figures = units[above].subtree
            for name, change in zip(DAY_COUNTERS, delta, strict=True):
                setattr(figures, name, getattr(figures, name) + change)
        moved.add(uid)
    touched = walk.ancestry(moved)
    for uid in touched:
        node = units[uid]
        if node.level in part.head_levels:
            node.commander_certified = node.own.commanders_certified > 0
        sums = [getattr(node.subtree, name) for name in COUNTERS]
        part.base[uid] = decide_values(sums, node.commander_certified, walk.values)
    return touched


#: Where the ``DAY_COUNTERS`` stand in ``COUNTERS``.
_DAY_INDEXES = [COUNTERS.index(name) for name in DAY_COUNTERS]


def _day_counters(row) -> tuple:
    """The ``DAY_COUNTERS`` of a row of the own-people statement (as ``rollup.trained``)."""
    counters = own_counters(row)
    return tuple(counters[n] for n in _DAY_INDEXES)


def rejudge(walk: DayWalk, day: date, touched: set[int]) -> set[int]:
    """The response of ``day``'s window on the units that have one today or had one the day
    before and whose response moved, and on ``touched``; those units."""
    part = walk.part
    own = walk.aduan.own_responses(day)
    own_figures = own_response_figures(own)  # before the subtree merge extends the lists
    responded = walk.ancestry(own)
    rows = [part.unit_rows[n] for n in sorted(walk.index[uid] for uid in responded)]
    responses = subtree_responses(rows, own)
    units = walk.units
    ids = touched | {
        uid
        for uid in responded | walk.responded
        if responses.get(uid) != units[uid].response
        or own_figures.get(uid) != units[uid].own_response
    }
    rollup.rejudge(part, ids, responses, own_figures, walk.outcome, walk.values)
    walk.responded = responded
    return ids


class AduanDays:
    """Each unit's own aduan per day over the windows of a range of days (two statements),
    summed per window as ``outcome.own_responses`` does for one day."""

    def __init__(self, where, first: date, last: date, window_days: int):
        self.window_days = window_days
        start = window(first, window_days)[0]
        self.counts: dict[int, dict[date, tuple]] = {}
        self.times: dict[int, dict[date, list]] = {}
        for uid, day, mentions, answered in unit_day_counts(where, start, last, ADUAN):
            self.counts.setdefault(uid, {})[day] = (int(mentions or 0), int(answered or 0))
        for uid, day, times in unit_day_times(where, start, last, ADUAN):
            self.times.setdefault(uid, {})[day] = times

    def own_responses(self, on: date) -> dict[int, list]:
        """``outcome.own_responses`` of day ``on``: [aduan, answered, times] per unit."""
        first, last = window(on, self.window_days)
        own: dict[int, list] = {}
        for uid, days in self.counts.items():
            found = [value for day, value in days.items() if first <= day <= last]
            if found:
                own[uid] = [sum(m for m, _a in found), sum(a for _m, a in found), []]
        for uid, days in self.times.items():
            found = [times for day, times in days.items() if first <= day <= last]
            if found:
                own.setdefault(uid, [0, 0, []])[2] = [t for times in found for t in times]
        return own


def change_units(program: Program, expiring_days: int) -> dict[date, set[int]]:
    """The days on which a certificate of ``program`` starts or stops being in force, or
    enters the expiring window (see ``statements.current_certificates``), each with the
    units of those certificates' holders."""
    successor = aliased(Certificate)
    stmt = (
        select(
            Certificate.issued_on,
            Certificate.valid_until,
            Certificate.revoked_on,
            successor.issued_on,
            Person.unit_id,
        )
        .outerjoin(successor, successor.id == Certificate.superseded_by_id)
        .join(Course, Course.id == Certificate.course_id)
        .join(Person, Person.id == Certificate.person_id)
        .where(Course.program_id == program.id)
    )
    days: dict[date, set[int]] = {}
    for issued, until, revoked, succeeded, unit_id in db.session.execute(stmt):
        ends = (until + timedelta(days=1), until - timedelta(days=expiring_days))
        for day in (issued, *ends, revoked, succeeded):
            if day is not None:
                days.setdefault(day, set()).add(unit_id)
    return days


def response_days(window_days: int) -> set[date]:
    """The days on which a day of aduan enters (that day) or leaves (``window_days`` later)
    the response window [day - window + 1, day] of the roll-up."""
    stmt = (
        select(MentionDay.day)
        .where(MentionDay.category == MentionCategory.ADUAN.value, MentionDay.mentions > 0)
        .distinct()
    )
    days: set[date] = set()
    for (day,) in db.session.execute(stmt):
        days.update((day, day + timedelta(days=window_days)))
    return days


def changed_between(changes: list[date], after: date, upto: date) -> bool:
    """Whether a day of ``changes`` (sorted) lies in (after, upto]."""
    index = bisect_right(changes, after)
    return index < len(changes) and changes[index] <= upto

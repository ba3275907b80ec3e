"""Readiness of every unit in view, rolled up Polsek -> Polres -> Polda -> national.

Read from the per-person course status and certificate rows (never raw attendance), in a
fixed number of statements whatever the number of units:
1. the units in view;
2. each unit's own figures over its target people (people x courses, joined to their course
   status and their current certificate);
3. each unit's active official accounts;
4. each unit's aduan aggregates over the response window (readiness.outcome).
(plus the programme's courses and thresholds; the statements are in ``statements.py``). The
roll-up is one pass over the units, deepest first, adding each unit's subtree figures to its
parent's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from operator import add

from sqlalchemy import and_, select
from sqlalchemy.orm import joinedload

from training.core.gcpause import collector_paused
from training.core.timefmt import local_day
from training.extensions import db
from training.people.ranks import COMMANDER_OF_LEVEL
from training.policy.scope import Scope, unit_clause
from training.programs.models import Course, Program
from training.programs.services import current_cycle
from training.readiness.figures import (
    COUNTERS,
    Figures,
    UnitReadiness,
    decide_values,
    default_thresholds,
    rule_values,
)
from training.readiness.models import ReadinessThresholds
from training.readiness.outcome import (
    Response,
    ResponseRules,
    judge,
    needs_refresher,
    own_response_figures,
    own_responses,
    response_rules,
    subtree_responses,
)

# current_certificates and target_condition are re-exported: gaps.py and tests read them here.
from training.readiness.statements import current_certificates as current_certificates
from training.readiness.statements import (
    own_accounts_statement,
    own_counters,
    own_people_statement,
)
from training.readiness.statements import target_condition as target_condition
from training.responses.targets import targets_for
from training.units.models import Unit, in_subtree

ZERO = (0,) * len(COUNTERS)


@dataclass
class Readiness:
    program: Program
    rules: ReadinessThresholds
    on: date
    units: dict[int, UnitReadiness]
    #: Units in view whose parent is not in view (the viewer's top units).
    root_ids: list[int]

    def children(self, unit_id: int) -> list[UnitReadiness]:
        return [self.units[i] for i in self.units[unit_id].child_ids]

    def roots(self) -> list[UnitReadiness]:
        return [self.units[i] for i in self.root_ids]

    def response_rules(self) -> ResponseRules:
        """The response criteria and the programme's aduan target (one statement)."""
        return response_rules(self.rules, targets_for(self.program))


def current_program(today: date) -> Program | None:
    """The active programme with a cycle running today; else the latest active one (one
    statement: the programmes come with their cycles)."""
    programs = list(
        db.session.scalars(
            select(Program)
            .options(joinedload(Program.cycles))
            .where(Program.is_active.is_(True))
            .order_by(Program.starts_on.desc())
        ).unique()
    )
    for program in programs:
        cycle = current_cycle(program, today)
        if cycle is not None and cycle.starts_on <= today <= cycle.ends_on:
            return program
    return programs[0] if programs else None


def thresholds_for(program: Program) -> ReadinessThresholds:
    rules = db.session.scalar(
        select(ReadinessThresholds).where(ReadinessThresholds.program_id == program.id)
    )
    return rules or default_thresholds(program.id)


def compute(
    program: Program,
    scope: Scope,
    *,
    root: Unit | None = None,
    on: date | None = None,
    rules: ReadinessThresholds | None = None,
) -> Readiness:
    """Readiness of every unit in ``scope`` (below ``root`` when given) on day ``on``."""
    with collector_paused():  # ~20,000 acyclic objects at national scale
        return _compute(program, scope, root, on or local_day(), rules or thresholds_for(program))


def _compute(program, scope, root, on: date, rules) -> Readiness:
    return judged(program, trained(program, scope, root, on, rules), on, rules)


@dataclass
class Trained:
    """The training part of a roll-up: every unit's figures and status before the response
    criteria (``judged`` adds them for a day)."""

    where: object
    unit_rows: list
    units: dict[int, UnitReadiness]
    root_ids: list[int]
    #: Each unit's (status, unmet) on the training criteria alone, before any response.
    base: dict[int, tuple]
    courses: list
    #: The levels whose head a course targets (their commander_certified is not None).
    head_levels: set[str]


def trained(program, scope, root, on: date, rules) -> Trained:
    """Statements 1-3 and the roll-up of the training figures (see the module's docstring)."""
    where = unit_clause(scope)
    if root is not None:
        where = and_(where, in_subtree(root.path))
    connection = db.session.connection()
    unit_rows = connection.execute(
        select(Unit.id, Unit.parent_id, Unit.code, Unit.name, Unit.level, Unit.path)
        .where(where)
        .order_by(Unit.path)
    ).all()
    courses = list(db.session.scalars(select(Course).where(Course.program_id == program.id)))
    own: dict[int, list] = {}
    if courses:
        stmt = own_people_statement(courses, where, on, rules.expiring_days)
        own = {row[0]: own_counters(row) for row in connection.execute(stmt)}
    for uid, total, verified in connection.execute(own_accounts_statement(where)):
        counters = own.setdefault(uid, [0, 0, 0, 0, 0, 0, 0.0, 0, 0.0, 0, 0, 0, 0])
        counters[4], counters[5] = total, verified
    head_levels = {
        level
        for course in courses
        for level in course.target_levels or []
        if COMMANDER_OF_LEVEL.get(level) in (course.target_positions or [])
    }
    units, root_ids = _roll_up(unit_rows, own, head_levels, rule_values(rules))
    base = {uid: (node.status, node.unmet) for uid, node in units.items()}
    return Trained(where, unit_rows, units, root_ids, base, courses, head_levels)


def judged(program, part: Trained, on: date, rules) -> Readiness:
    """Statement 4: the response of ``on``'s window added to the training part. One part
    serves several days: each call sets the response of its day on the part's own units
    again (from the training status kept in ``base``), so read a day's Readiness before
    judging the next."""
    outcome = response_rules(rules, targets_for(program))
    own = own_responses(part.where, on, outcome.window_days)
    own_figures = own_response_figures(own)  # before the subtree merge extends the lists
    responses = subtree_responses(part.unit_rows, own)
    rejudge(part, part.units, responses, own_figures, outcome, rule_values(rules))
    return Readiness(program=program, rules=rules, on=on, units=part.units, root_ids=part.root_ids)


def rejudge(part: Trained, ids, responses: dict, own_figures: dict, outcome, values) -> None:
    """Set the responses on the units ``ids`` of the part, and their status and refresher
    flag from their training status (``base``) and those responses."""
    for uid in ids:
        node = part.units[uid]
        status, unmet = part.base[uid]
        node.response, node.own_response = responses.get(uid), own_figures.get(uid)
        node.status, node.unmet = judge(status, unmet, node.response, outcome)
        node.refresher = _needs_refresher(node, values, outcome)


def _needs_refresher(node: UnitReadiness, values: tuple, outcome: ResponseRules) -> bool:
    """ "Perlu penyegaran" on the unit's own people (who run its accounts) and its own
    accounts' aduan: the people criteria hold on its own figures, the response is slow."""
    response = node.own_response
    if response is None or not response.mentions:
        return False
    own = [getattr(node.own, name) for name in COUNTERS]
    status, unmet = decide_values(own, node.commander_certified, values)
    return needs_refresher(judge(status, unmet, response, outcome)[1], response, outcome)


def _roll_up(unit_rows, own: dict[int, list], head_levels: set[str], rules: tuple):
    """Subtree sums (children before parents: reverse path order), then one UnitReadiness
    per unit with its status; returns (units by id, root ids)."""
    subtree: dict[int, list] = {}
    for uid, pid, *_rest in reversed(unit_rows):
        sums, counters = subtree.get(uid), own.get(uid)
        if counters is not None:
            sums = counters[:] if sums is None else list(map(add, sums, counters))
            subtree[uid] = sums
        if sums is not None and pid is not None:
            above = subtree.get(pid)
            subtree[pid] = sums[:] if above is None else list(map(add, above, sums))
    units: dict[int, UnitReadiness] = {}
    roots = []
    for uid, pid, code, name, level, path in unit_rows:
        counters, sums = own.get(uid), subtree.get(uid)
        commander = (counters is not None and counters[3] > 0) if level in head_levels else None
        status, unmet = decide_values(sums or ZERO, commander, rules)
        node = UnitReadiness(
            uid,
            pid,
            code,
            name,
            level,
            path,
            Figures(*counters) if counters else Figures(),
            Figures(*sums) if sums else Figures(),
            commander,
            status,
            unmet,
        )
        units[uid] = node
        parent = units.get(pid)
        if parent is None:
            roots.append(uid)
        else:
            parent.child_ids.append(uid)
    return units, roots


def report_figures(unit: Unit, program: Program, on: date) -> dict:
    """One unit's figures and its children's, as plain data (API, frozen report figures)."""
    readiness = compute(program, Scope(everything=True), root=unit, on=on)
    return readiness_dict(readiness, unit.id)


def readiness_dict(readiness: Readiness, unit_id: int) -> dict:
    node = readiness.units[unit_id]
    return {
        "unit": _unit_dict(node),
        "program": {"id": readiness.program.id, "title": readiness.program.title},
        "on": readiness.on.isoformat(),
        "own": node.own.as_dict(),
        "subtree": node.subtree.as_dict(),
        "commander_certified": node.commander_certified,
        "status": str(node.status),
        "unmet": list(node.unmet),
        "response": _response_dict(node),
        "refresher": node.refresher,
        "response_rules": readiness.response_rules()._asdict(),
        "children": [
            {
                "unit": _unit_dict(child),
                "subtree": child.subtree.as_dict(),
                "status": child.status,
                "response": _response_dict(child),
                "refresher": child.refresher,
            }
            for child in readiness.children(unit_id)
        ],
    }


def _response_dict(node: UnitReadiness) -> dict:
    return (node.response or Response()).as_dict()


def _unit_dict(node: UnitReadiness) -> dict:
    return {"code": node.code, "name": node.name, "level": node.level}

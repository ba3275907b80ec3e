"""Read-only queries of the sign-off pages: reports in a viewer's scope, cycles to report on."""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from training.auth.models import User
from training.extensions import db
from training.policy.commanders import commanded_unit
from training.policy.rules import SIGN_OFF_FOR_ANY_UNIT
from training.policy.scope import Scope, can_see_unit, scope_of, unit_clause
from training.programs.models import Cycle, Program
from training.signoff.models import ReadinessReport, ReportState, ReportStep
from training.signoff.workflow import EDITABLE
from training.units.models import Unit, UnitLevel


def reports_query(
    scope: Scope,
    *,
    cycle_id: int | None = None,
    state: str | None = None,
    waiting_for: User | None = None,
) -> Select:
    """Reports of Polres inside ``scope``, newest change first, with unit and cycle loaded.

    ``waiting_for``: only the reports on which that user is the next to act.
    """
    stmt = (
        select(ReadinessReport)
        .join(ReadinessReport.unit)
        .options(
            contains_eager(ReadinessReport.unit).joinedload(Unit.parent),
            joinedload(ReadinessReport.cycle).joinedload(Cycle.program),
        )
        .where(unit_clause(scope))
        .order_by(ReadinessReport.updated_at.desc(), ReadinessReport.id.desc())
    )
    if cycle_id:
        stmt = stmt.where(ReadinessReport.cycle_id == cycle_id)
    if state:
        stmt = stmt.where(ReadinessReport.state == state)
    if waiting_for is not None:
        stmt = stmt.where(waiting_clause(waiting_for))
    return stmt


def waiting_clause(user: User):
    """SQL condition: reports on which ``user`` is the next to act (admins: the HQ step)."""
    if SIGN_OFF_FOR_ANY_UNIT(user):
        return ReadinessReport.state == ReportState.POLDA_VERIFIED
    unit = commanded_unit(user)
    if unit is None:
        return false()
    level = unit.level
    if level == UnitLevel.MABES:
        return ReadinessReport.state == ReportState.POLDA_VERIFIED
    if level == UnitLevel.POLDA:
        return and_(Unit.parent_id == user.unit_id, ReadinessReport.state == ReportState.SUBMITTED)
    if level == UnitLevel.POLRES:
        return and_(
            ReadinessReport.unit_id == user.unit_id,
            or_(*(ReadinessReport.state == s for s in EDITABLE)),
        )
    return false()


def open_cycles(limit: int = 20) -> list[Cycle]:
    """Cycles of active programmes, latest first (what a Polres reports on)."""
    return list(
        db.session.scalars(
            select(Cycle)
            .join(Cycle.program)
            .options(contains_eager(Cycle.program))
            .where(Program.is_active.is_(True))
            .order_by(Cycle.starts_on.desc(), Cycle.id.desc())
            .limit(limit)
        )
    )


def reports_of_unit(unit: Unit, cycle_ids: list[int]) -> dict[int, ReadinessReport]:
    """The unit's reports for these cycles, by cycle id."""
    if not cycle_ids:
        return {}
    rows = db.session.scalars(
        select(ReadinessReport).where(
            ReadinessReport.unit_id == unit.id, ReadinessReport.cycle_id.in_(cycle_ids)
        )
    )
    return {report.cycle_id: report for report in rows}


def polres_overview(polda: Unit, cycle: Cycle) -> list[tuple[Unit, ReadinessReport | None]]:
    """Every Polres under ``polda`` with its report for ``cycle`` (None when not written)."""
    rows = db.session.execute(
        select(Unit, ReadinessReport)
        .outerjoin(
            ReadinessReport,
            and_(ReadinessReport.unit_id == Unit.id, ReadinessReport.cycle_id == cycle.id),
        )
        .where(Unit.parent_id == polda.id, Unit.level == UnitLevel.POLRES)
        .order_by(Unit.code)
    )
    return [(unit, report) for unit, report in rows]


def report_or_404(user: User, report_id: int) -> ReadinessReport:
    """The report with its steps (and their users) and attachments; 404 outside the user's scope."""
    report = db.session.get(
        ReadinessReport,
        report_id,
        options=[
            selectinload(ReadinessReport.steps).joinedload(ReportStep.user),
            selectinload(ReadinessReport.attachments),
        ],
    )
    if report is None or not can_see_unit(scope_of(user), report.unit):
        abort(404)
    return report


def _own_unit(user: User, level: str) -> Unit | None:
    """The user's command when they are the commander of a unit of ``level``."""
    unit = commanded_unit(user)
    return unit if unit is not None and unit.level == level else None


def own_panels(user: User, cycles: list[Cycle], cycle_id: int | None) -> dict:
    """A kapolres's reports per cycle; a kapolda's Polres for the chosen (or latest) cycle."""
    own, polda = _own_unit(user, UnitLevel.POLRES), _own_unit(user, UnitLevel.POLDA)
    chosen = next((c for c in cycles if c.id == cycle_id), cycles[0] if cycles else None)
    return {
        "own": own,
        "own_reports": reports_of_unit(own, [c.id for c in cycles]) if own else {},
        "overview_cycle": chosen,
        "overview": polres_overview(polda, chosen) if polda and chosen else [],
    }

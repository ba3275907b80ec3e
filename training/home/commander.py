"""The commander's blocks: the status of their command from the kept readiness roll-up
(``readiness.kept``: never recomputed here), its gaps and expiring certificates (the
roll-up's own counters), the readiness reports waiting for them in the sign-off chain and
the absence warnings of their people, and how fast the command answers the public's aduan
(the roll-up's response of the window, against the programme's aduan target). A fixed
number of statements whatever the command: the programme and its thresholds, the roll-up's
version, the response targets, the reports, the warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from training.attendance.reports import warnings_for
from training.core.timefmt import local_day
from training.extensions import db
from training.home.listing import Listing, listing
from training.policy import rules
from training.policy.commanders import commanded_unit
from training.policy.scope import scope_of
from training.programs.models import Program
from training.readiness.figures import UnitReadiness, unmet_labels
from training.readiness.gaps import gap_total
from training.readiness.kept import readiness as kept_readiness
from training.readiness.outcome import ResponseRules, flagged, refresher_evidence
from training.readiness.rollup import current_program
from training.signoff.queries import reports_query
from training.units.models import Unit


@dataclass
class CommanderHome:
    unit: Unit
    program: Program | None = None
    node: UnitReadiness | None = None
    unmet: list[str] = field(default_factory=list)
    gaps: int = 0
    expiring: int = 0
    expiring_days: int = 0
    reports: Listing = field(default_factory=Listing)
    warnings: int = 0
    #: Units of the command flagged "perlu penyegaran" as (node, evidence), the unit first.
    refreshers: list[tuple[UnitReadiness, str]] = field(default_factory=list)
    #: The response window and the aduan target (None without a programme).
    outcome: ResponseRules | None = None


def commander_home(user) -> CommanderHome:
    unit = commanded_unit(user)
    scope = scope_of(user)
    found = CommanderHome(unit=unit)
    today = local_day(tz=unit.timezone)
    found.program = current_program(today)
    if found.program is not None:
        readiness = kept_readiness(found.program, scope, root=unit, on=today)
        node = found.node = readiness.units[unit.id]
        found.unmet = [str(label) for label in unmet_labels(node, readiness.rules)]
        found.gaps = gap_total(node.subtree, None)
        found.expiring = node.subtree.expiring
        found.expiring_days = readiness.rules.expiring_days
        found.outcome = readiness.response_rules()
        target = found.outcome.target_minutes
        found.refreshers = [(n, refresher_evidence(n, target)) for n in flagged(readiness, unit.id)]
    if rules.SIGN_OFF(user):
        found.reports = listing(reports_query(scope, waiting_for=user), limit=3)
    warnings = warnings_for(user).order_by(None).subquery()
    found.warnings = db.session.scalar(select(func.count()).select_from(warnings))
    return found

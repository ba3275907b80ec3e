"""Sign-off chain of a Polres's periodic readiness report: Polres submits, Polda, then HQ verify.

Services never commit. Every transition is one conditional UPDATE on the report's state, so two
people acting on the same report at once cannot both succeed: the second gets ``StaleReport``.
Each transition adds a ``ReportStep`` and an audit entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from training.audit.services import record
from training.auth.models import User
from training.core.events import emit
from training.errors import RuleViolation
from training.extensions import db
from training.policy.commanders import is_hq_actor, is_polda_actor, is_polres_actor
from training.programs.models import Cycle
from training.readiness.rollup import report_figures
from training.signoff.labels import state_label
from training.signoff.models import ReadinessReport, ReportState, ReportStep
from training.units.models import Unit, UnitLevel

SUBMIT, VERIFY_POLDA, VERIFY_HQ, RETURN = "submit", "verify_polda", "verify_hq", "return"
EDITABLE = (ReportState.DRAFT, ReportState.RETURNED)


class StaleReport(RuleViolation):
    """The report changed since the form was shown; the message says what it is now."""


class WrongActor(RuleViolation):
    """The user takes part in the chain but this step is not theirs (views answer 403)."""


# --- who may act ---------------------------------------------------------------------------


def may_take_part(user: User, report: ReadinessReport, action: str) -> bool:
    """Whether ``user`` holds a place in the chain for this kind of action, whatever the state."""
    if action == SUBMIT:
        return is_polres_actor(user, report.unit)
    return is_polda_actor(user, report.unit) or is_hq_actor(user)


def can_edit(user: User, report: ReadinessReport) -> bool:
    """Write the note, add or remove attachments, submit: the Polres while draft or returned."""
    return report.state in EDITABLE and is_polres_actor(user, report.unit)


can_submit = can_edit


def can_verify(user: User, report: ReadinessReport) -> bool:
    """Verify or return: the Polda while submitted, HQ once the Polda has verified."""
    if report.state == ReportState.SUBMITTED:
        return is_polda_actor(user, report.unit)
    if report.state == ReportState.POLDA_VERIFIED:
        return is_hq_actor(user)
    return False


can_return = can_verify


# --- reports -------------------------------------------------------------------------------


def _utcnow(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def find_report(cycle: Cycle, unit: Unit) -> ReadinessReport | None:
    return db.session.scalar(
        select(ReadinessReport).where(
            ReadinessReport.cycle_id == cycle.id, ReadinessReport.unit_id == unit.id
        )
    )


def get_or_create_report(
    cycle: Cycle, unit: Unit, *, now: datetime | None = None
) -> ReadinessReport:
    """The report of ``unit`` (a Polres) for ``cycle``, created as a draft when missing."""
    if unit.level != UnitLevel.POLRES:
        raise RuleViolation(_("Laporan kesiapan dibuat oleh Polres."))
    report = find_report(cycle, unit)
    if report is not None:
        return report
    now = _utcnow(now)
    report = ReadinessReport(
        cycle=cycle, unit=unit, state=ReportState.DRAFT, note="", created_at=now, updated_at=now
    )
    try:
        with db.session.begin_nested():  # another request may create it at the same moment
            db.session.add(report)
    except IntegrityError:
        report = find_report(cycle, unit)
    return report


def version_of(report: ReadinessReport | None) -> int:
    """A token that changes with every step: forms carry it to detect stale pages."""
    return len(report.steps) if report is not None else 0


def check_version(report: ReadinessReport, version: int | None) -> None:
    if version is not None and version != version_of(report):
        raise _stale(report)


def _stale(report: ReadinessReport) -> StaleReport:
    return StaleReport(
        _(
            "Laporan ini sudah berubah sejak halaman dibuka (status sekarang: %(state)s). "
            "Periksa laporan lalu ulangi bila masih perlu.",
            state=state_label(report.state),
        )
    )


def save_note(
    report: ReadinessReport,
    user: User,
    note: str,
    *,
    version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Change the report's note (only while editable, only by its Polres)."""
    check_version(report, version)
    require_editable(report, user)
    note = note.strip()
    if note != report.note:
        before = report.note
        lock_editable(report, _utcnow(now))
        report.note = note
        _audit(report, user, "update", {"note": before}, {"note": note}, "", report.updated_at)


def require_editable(report: ReadinessReport, user: User) -> None:
    if report.state not in EDITABLE:
        raise RuleViolation(
            _(
                "Laporan berstatus %(state)s tidak dapat diubah.",
                state=state_label(report.state),
            )
        )
    if not is_polres_actor(user, report.unit):
        raise WrongActor(_("Hanya kapolres satuan ini yang dapat mengubah laporan."))


def lock_editable(report: ReadinessReport, now: datetime) -> None:
    """Touch the report only if it is still editable, holding its row until the commit.

    A change of the note or the evidence racing with a submission either lands before it
    (and is submitted) or finds the report submitted and is refused.
    """
    result = db.session.execute(
        update(ReadinessReport)
        .where(ReadinessReport.id == report.id, ReadinessReport.state.in_(EDITABLE))
        .values(updated_at=now)
    )
    if result.rowcount != 1:
        db.session.expire(report)
        raise _stale(report)


def submit(
    report: ReadinessReport, user: User, *, version: int | None = None, now=None
) -> ReportStep:
    """Send the report to the Polda, freezing the unit's readiness figures."""
    check_version(report, version)
    if report.state not in EDITABLE:
        raise RuleViolation(_illegal(report, _("dikirim")))
    if not is_polres_actor(user, report.unit):
        raise WrongActor(_("Hanya kapolres satuan ini yang dapat mengirim laporan."))
    if not report.note.strip():
        raise RuleViolation(_("Tulis catatan laporan sebelum mengirim."))
    if not report.attachments:
        raise RuleViolation(
            _("Lampirkan paling sedikit satu bukti (PDF, PNG atau JPEG) sebelum mengirim.")
        )
    now = _utcnow(now)
    report.figures = frozen_figures(report, figures_day(report, now))
    return _move(report, user, SUBMIT, ReportState.SUBMITTED, report.note, now)


def verify(
    report: ReadinessReport, user: User, *, note: str = "", version: int | None = None, now=None
) -> ReportStep:
    """Verify at the Polda step (to HQ) or at the HQ step (final)."""
    _check_review(report, user, version, _("diverifikasi"))
    if report.state == ReportState.SUBMITTED:
        return _move(report, user, VERIFY_POLDA, ReportState.POLDA_VERIFIED, note, now)
    return _move(report, user, VERIFY_HQ, ReportState.VERIFIED, note, now)


def return_report(
    report: ReadinessReport, user: User, reason: str, *, version: int | None = None, now=None
) -> ReportStep:
    """Send the report back to the Polres with a reason (required)."""
    _check_review(report, user, version, _("dikembalikan"))
    if not reason.strip():
        raise RuleViolation(_("Tuliskan alasan pengembalian."))
    return _move(report, user, RETURN, ReportState.RETURNED, reason.strip(), now)


def _check_review(report: ReadinessReport, user: User, version: int | None, verb: str) -> None:
    check_version(report, version)
    if report.state not in (ReportState.SUBMITTED, ReportState.POLDA_VERIFIED):
        raise RuleViolation(_illegal(report, verb))
    if not can_verify(user, report):
        raise WrongActor(_("Langkah verifikasi ini bukan wewenang Anda."))


def _illegal(report: ReadinessReport, verb: str) -> str:
    if report.state == ReportState.VERIFIED:
        return _("Laporan sudah diverifikasi Mabes dan bersifat final.")
    return _(
        "Laporan berstatus %(state)s tidak dapat %(verb)s.",
        state=state_label(report.state),
        verb=verb,
    )


def _move(report, user, action, to_state, note, now) -> ReportStep:
    now = _utcnow(now)
    from_state = report.state
    result = db.session.execute(
        update(ReadinessReport)
        .where(ReadinessReport.id == report.id, ReadinessReport.state == from_state)
        .values(state=to_state, updated_at=now)
    )
    if result.rowcount != 1:  # somebody moved it between our read and this write
        db.session.expire(report)
        raise _stale(report)
    step = ReportStep(
        user_id=user.id,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
        at=now,
    )
    report.steps.append(step)
    db.session.flush()
    _audit(report, user, action, {"state": from_state}, {"state": str(to_state)}, note, now)
    emit("report_moved", report=report, step=step, now=now)
    return step


def _audit(report, user, action, before, after, reason, now) -> None:
    after = {**after, "unit": report.unit.code, "cycle_id": report.cycle_id}
    record(
        "readiness_report",
        action,
        user=user,
        entity_id=report.id,
        before=before,
        after=after,
        reason=reason[:500],
        now=now,
    )


# --- frozen figures ------------------------------------------------------------------------


def figures_day(report: ReadinessReport, now: datetime) -> date:
    """The data cut-off: today in the Polres's zone, or the cycle's last day if it is over."""
    today = now.astimezone(ZoneInfo(report.unit.timezone)).date()
    return min(today, report.cycle.ends_on)


def frozen_figures(report: ReadinessReport, on: date) -> dict:
    """The unit's readiness figures (and its Polsek's) on day ``on``, as JSON-ready values."""
    return _jsonable(report_figures(report.unit, report.cycle.program, on))


def _jsonable(value):
    """Plain JSON values (the JSON column must not meet enums, dates or decimals)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value

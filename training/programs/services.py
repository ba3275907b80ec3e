"""Use cases for programmes, their cycles and tiered courses (validated, never committed)."""

from __future__ import annotations

import calendar
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import gettext as _
from sqlalchemy import func, select

from training.audit.services import fields_of, record, record_update
from training.errors import RuleViolation
from training.extensions import db
from training.people.ranks import Position
from training.programs.models import Course, Cycle, Program
from training.units.models import UnitLevel

TITLE_MAX = 200
TIER_MAX = 9
#: Unit levels a course may target (Mabes has no commanders to train in tiers).
COURSE_LEVELS = ("polda", "polres", "polsek")
POSITIONS = tuple(p.value for p in Position)

#: The default three tiers: (tier, title, positions, levels).
DEFAULT_TIERS = (
    (1, "Kapolda dan staf Polda", ("kapolda", "wakapolda", "operator_medsos"), "polda"),
    (2, "Kapolres", ("kapolres", "wakapolres", "operator_medsos"), "polres"),
    (3, "Kapolsek", ("kapolsek", "wakapolsek", "operator_medsos"), "polsek"),
)

PROGRAM_FIELDS = (
    "title",
    "description",
    "starts_on",
    "ends_on",
    "refresher_months",
    "cascade_threshold",
    "is_active",
    "signatory_name",
    "signatory_rank",
    "signatory_nrp",
    "signatory_position",
)
COURSE_DEFAULTS = {
    "description": "",
    "min_attendance_pct": 80,
    "pass_min_average": 3,
    "pass_no_kurang": True,
    "late_grace_minutes": 15,
    "validity_months": 12,
}
COURSE_FIELDS = ("tier", "title", "target_positions", "target_levels", *COURSE_DEFAULTS)


def add_months(day: date, months: int) -> date:
    """``day`` shifted by ``months``; a month's last day stays the last day (28 Feb → 31 Aug),
    and a day missing in the target month falls back to its last day (31 Aug → 28 Feb)."""
    shifted = day + relativedelta(months=months)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        last = calendar.monthrange(shifted.year, shifted.month)[1]
        shifted = shifted.replace(day=last)
    return shifted


def _check_range(value, low: int, high: int | None, message: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RuleViolation(message)
    if value < low or (high is not None and value > high):
        raise RuleViolation(message)


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise RuleViolation(_("Judul wajib diisi."))
    if len(title) > TITLE_MAX:
        raise RuleViolation(_("Judul paling panjang %(n)d karakter.", n=TITLE_MAX))
    return title


# --- programmes ---------------------------------------------------------------------------


def _check_signatory(values: dict) -> None:
    """Who signs the certificates: optional, printed as typed; an NRP/NIP must be digits."""
    for name in ("signatory_name", "signatory_rank", "signatory_nrp", "signatory_position"):
        values[name] = (values.get(name) or "").strip()
    nrp = values["signatory_nrp"]
    if nrp and (not nrp.isdigit() or len(nrp) not in (8, 18)):
        raise RuleViolation(_("NRP/NIP penandatangan harus 8 atau 18 angka."))


def _check_program(values: dict) -> None:
    values["title"] = _check_title(values["title"])
    start, end = values["starts_on"], values["ends_on"]
    if not isinstance(start, date) or not isinstance(end, date):
        raise RuleViolation(_("Tanggal mulai dan tanggal selesai wajib diisi."))
    if end < start:
        raise RuleViolation(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    months = values["refresher_months"]
    _check_range(months, 1, 60, _("Periode penyegaran harus 1 sampai 60 bulan."))
    _check_range(values["cascade_threshold"], 0, 100, _("Ambang berjenjang harus 0 sampai 100%."))
    _check_signatory(values)
    if end >= add_months(start, months):
        raise RuleViolation(
            _(
                "Jendela program (%(days)d hari) lebih panjang dari periode penyegaran "
                "(%(months)d bulan): siklus akan bertumpuk.",
                days=(end - start).days + 1,
                months=months,
            )
        )


def create_program(
    title: str,
    starts_on: date,
    ends_on: date,
    *,
    description: str = "",
    refresher_months: int = 6,
    cascade_threshold: int = 80,
    is_active: bool = True,
    with_default_tiers: bool = False,
    signatory_name: str = "",
    signatory_rank: str = "",
    signatory_nrp: str = "",
    signatory_position: str = "",
    actor=None,
) -> Program:
    """Add a programme; with ``with_default_tiers`` also its three standard tiers (audited)."""
    values = dict(
        title=title,
        description=(description or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        refresher_months=refresher_months,
        cascade_threshold=cascade_threshold,
        is_active=is_active,
        signatory_name=signatory_name,
        signatory_rank=signatory_rank,
        signatory_nrp=signatory_nrp,
        signatory_position=signatory_position,
    )
    _check_program(values)
    program = Program(**values)
    db.session.add(program)
    db.session.flush()
    after = fields_of(program, PROGRAM_FIELDS)
    record("program", "create", user=actor, entity_id=program.id, after=after)
    if with_default_tiers:
        for tier, tier_title, positions, level in DEFAULT_TIERS:
            create_course(
                program,
                tier=tier,
                title=tier_title,
                target_positions=list(positions),
                target_levels=[level],
                actor=actor,
            )
    return program


def update_program(program: Program, *, actor=None, **changes) -> Program:
    """Change a programme; its existing cycles follow a new window or refresher period."""
    unknown = set(changes) - set(PROGRAM_FIELDS)
    if unknown:
        raise TypeError(f"unknown programme fields: {sorted(unknown)}")
    values = {name: getattr(program, name) for name in PROGRAM_FIELDS} | changes
    values["description"] = (values["description"] or "").strip()
    _check_program(values)
    before = fields_of(program, PROGRAM_FIELDS)
    for name, value in values.items():
        setattr(program, name, value)
    for cycle in program.cycles:
        cycle.starts_on, cycle.ends_on = cycle_dates(program, cycle.number)
    db.session.flush()
    after = fields_of(program, PROGRAM_FIELDS)
    record_update("program", before, after, user=actor, entity_id=program.id)
    return program


# --- cycles -------------------------------------------------------------------------------


def cycle_dates(program: Program, number: int) -> tuple[date, date]:
    """Cycle ``number`` covers the programme window shifted by (number-1) refresher periods."""
    shift = (number - 1) * program.refresher_months
    return add_months(program.starts_on, shift), add_months(program.ends_on, shift)


def create_cycle(program: Program, number: int | None = None, *, actor=None) -> Cycle:
    """Add cycle ``number`` (default: the one after the last) of ``program``."""
    taken = {cycle.number for cycle in program.cycles}
    if number is None:
        number = max(taken, default=0) + 1
    _check_range(number, 1, 999, _("Nomor siklus harus 1 sampai 999."))
    if number in taken:
        raise RuleViolation(_("Siklus %(n)d sudah ada.", n=number))
    starts_on, ends_on = cycle_dates(program, number)
    cycle = Cycle(program=program, number=number, starts_on=starts_on, ends_on=ends_on)
    db.session.add(cycle)
    db.session.flush()
    after = {"program": program.title, **fields_of(cycle, ("number", "starts_on", "ends_on"))}
    record("cycle", "create", user=actor, entity_id=cycle.id, after=after)
    return cycle


def current_cycle(program: Program, today: date) -> Cycle | None:
    """The cycle running on ``today``; between cycles the last one started; else None."""
    started = [c for c in program.cycles if c.starts_on <= today]
    running = [c for c in started if today <= c.ends_on]
    if running:
        return running[0]
    return max(started, key=lambda c: c.starts_on, default=None)


# --- courses ------------------------------------------------------------------------------


def _check_course(program: Program, values: dict, course: Course | None = None) -> None:
    _check_range(values["tier"], 1, TIER_MAX, _("Tingkat harus 1 sampai %(n)d.", n=TIER_MAX))
    clash = select(func.count(Course.id)).where(
        Course.program_id == program.id, Course.tier == values["tier"]
    )
    if course is not None:
        clash = clash.where(Course.id != course.id)
    if db.session.scalar(clash):
        raise RuleViolation(_("Tingkat %(tier)d sudah ada dalam program ini.", tier=values["tier"]))
    values["title"] = _check_title(values["title"])
    values["description"] = (values["description"] or "").strip()
    positions = list(dict.fromkeys(values["target_positions"] or []))
    if not positions or set(positions) - set(POSITIONS):
        raise RuleViolation(_("Pilih paling sedikit satu jabatan sasaran yang dikenal."))
    levels = list(dict.fromkeys(values["target_levels"] or []))
    if not levels or set(levels) - set(COURSE_LEVELS):
        raise RuleViolation(_("Pilih paling sedikit satu tingkat satuan sasaran."))
    values["target_positions"] = positions
    values["target_levels"] = sorted(levels, key=lambda lv: UnitLevel(lv).depth)
    _check_range(values["min_attendance_pct"], 0, 100, _("Kehadiran minimal harus 0 sampai 100%."))
    _check_range(
        values["pass_min_average"], 1, 5, _("Nilai rata-rata minimal harus 1 (Kurang) sampai 5.")
    )
    _check_range(
        values["late_grace_minutes"], 0, None, _("Toleransi terlambat tidak boleh negatif.")
    )
    _check_range(
        values["validity_months"], 1, 120, _("Masa berlaku sertifikat harus 1 sampai 120 bulan.")
    )
    values["pass_no_kurang"] = bool(values["pass_no_kurang"])


def create_course(
    program: Program,
    *,
    tier: int,
    title: str,
    target_positions: list[str],
    target_levels: list[str],
    actor=None,
    **options,
) -> Course:
    """Add a tier to ``program``; ``options`` are the other course fields (defaults apply)."""
    unknown = set(options) - set(COURSE_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    values = COURSE_DEFAULTS | options
    values |= dict(
        tier=tier, title=title, target_positions=target_positions, target_levels=target_levels
    )
    _check_course(program, values)
    course = Course(program=program, **values)
    db.session.add(course)
    db.session.flush()
    after = {"program": program.title, **fields_of(course, COURSE_FIELDS)}
    record("course", "create", user=actor, entity_id=course.id, course_id=course.id, after=after)
    return course


def update_course(course: Course, *, actor=None, **changes) -> Course:
    """Change a course's fields (tier, targets, pass rule...), validated as on creation."""
    unknown = set(changes) - set(COURSE_FIELDS)
    if unknown:
        raise TypeError(f"unknown course fields: {sorted(unknown)}")
    values = {name: getattr(course, name) for name in COURSE_FIELDS} | changes
    _check_course(course.program, values, course)
    before = fields_of(course, COURSE_FIELDS)
    for name, value in values.items():
        setattr(course, name, value)
    db.session.flush()
    after = fields_of(course, COURSE_FIELDS)
    record_update("course", before, after, user=actor, entity_id=course.id, course_id=course.id)
    return course

"""Between the session form and the services: load the named objects, fill the choices.

Problems found here become field errors on the form (so the page keeps what was typed).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from training.auth.models import User
from training.core.guards import MAX_ID
from training.core.labels import position_label
from training.extensions import db
from training.people.models import Person
from training.programs.models import Course, Program
from training.programs.trainers import eligible_trainers
from training.sessions.forms import SessionForm
from training.sessions.recurrence import MONTHLY_DAY, MONTHLY_NTH, NONE, WEEKLY, Repeat
from training.sessions.services import Override, SessionData
from training.units.models import Unit


def course_choices() -> list[SelectChoice]:
    stmt = (
        select(Course)
        .join(Course.program)
        .where(Program.is_active.is_(True))
        .order_by(Program.starts_on.desc(), Program.id, Course.tier)
    )
    choices = [SelectChoice(0, _("— pilih kursus —"))]
    for course in db.session.scalars(stmt):
        label = _(
            "%(program)s — Tingkat %(tier)d: %(title)s",
            program=course.program.title,
            tier=course.tier,
            title=course.title,
        )
        choices.append(SelectChoice(course.id, label))
    return choices


def _unit(code: str | None) -> Unit | None:
    code = (code or "").strip()
    return db.session.scalar(select(Unit).where(Unit.code == code)) if code else None


def _unit_field(field) -> Unit | None:
    unit = _unit(field.data)
    if unit is None and (field.data or "").strip():
        field.errors = [*field.errors, _("Kode satuan %(c)s tidak ada.", c=field.data.strip())]
    return unit


def trainer_choices(course: Course | None, audience: Unit | None) -> list[SelectChoice]:
    """Exactly ``eligible_trainers(course, audience)``: accounts first, then people."""
    if course is None or audience is None:
        return []
    found = eligible_trainers(course, audience)
    choices = [SelectChoice(f"u:{u.id}", user_label(u)) for u in found.users]
    for p in found.people:
        label = _(
            "%(name)s — %(rank)s, %(position)s %(unit)s (lulus tingkat %(tier)d)",
            name=p.full_name,
            rank=p.rank_label,
            position=position_label(p.position),
            unit=p.unit.name,
            tier=course.tier - 1,
        )
        choices.append(SelectChoice(f"p:{p.id}", label))
    return choices


def user_label(user: User) -> str:
    name = user.person.full_name if user.person is not None else user.username
    return _("%(name)s (akun pelatih)", name=name)


def prepare(form: SessionForm) -> tuple[Course | None, Unit | None]:
    """Fill the choices that depend on the chosen course and audience."""
    form.course.choices = course_choices()
    chosen = form.course.data
    course = db.session.get(Course, chosen) if chosen and 0 < chosen <= MAX_ID else None
    audience = _unit(form.audience_code.data)
    form.trainers.choices = trainer_choices(course, audience)
    return course, audience


def read_data(form: SessionForm, course: Course | None) -> SessionData | None:
    """The SessionData the form describes, or None after adding field errors."""
    venue_unit = _unit_field(form.venue_code)
    audience = _unit_field(form.audience_code)
    allowed = {c.value for c in form.trainers.choices}
    chosen = form.trainers.data or []
    if any(value not in allowed for value in chosen):
        form.trainers.errors = [
            *form.trainers.errors,
            _("Pelatih yang dipilih tidak memenuhi syarat untuk tingkat dan sasaran ini."),
        ]
    if course is None:
        form.course.errors = [*form.course.errors, _("Pilih kursus (tingkat).")]
    if form.errors or venue_unit is None or audience is None or course is None:
        return None
    start = datetime.combine(form.day.data, form.start_time.data)
    end = datetime.combine(form.day.data, form.end_time.data)
    user_ids = [int(v[2:]) for v in chosen if v.startswith("u:")]
    person_ids = [int(v[2:]) for v in chosen if v.startswith("p:")]
    return SessionData(
        course=course,
        venue_unit=venue_unit,
        start_local=start,
        duration_minutes=int((end - start).total_seconds() // 60),
        audience_unit=audience,
        audience_positions=list(form.audience_positions.data or course.target_positions or []),
        title=form.title.data or "",
        venue=form.venue.data or "",
        online_url=form.online_url.data or "",
        capacity=form.capacity.data,
        notes=form.notes.data or "",
        trainer_users=_load(User, user_ids),
        trainer_people=_load(Person, person_ids),
    )


def _load(model, ids: list[int]) -> list:
    if not ids:
        return []
    rows = {r.id: r for r in db.session.scalars(select(model).where(model.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]


def parse_exdates(text: str) -> list[date]:
    days = []
    for token in filter(None, (t.strip() for t in re.split(r"[,;\s]+", text or ""))):
        try:
            days.append(date.fromisoformat(token))
        except ValueError:
            try:
                days.append(datetime.strptime(token, "%d/%m/%Y").date())
            except ValueError:
                raise ValueError(token) from None
    return days


def read_repeat(form: SessionForm) -> Repeat | None:
    """The repeat section as a Repeat (freq NONE for a one-off), or None with field errors."""
    freq = form.freq.data or NONE
    if freq == NONE:
        return Repeat()
    try:
        exdates = tuple(parse_exdates(form.exdates.data))
    except ValueError as exc:
        form.exdates.errors = [*form.exdates.errors, _("Tanggal %(d)s tidak dikenali.", d=str(exc))]
        return None
    day = form.day.data
    until = form.until.data if form.ends.data == "until" else None
    count = form.count.data if form.ends.data == "count" else None
    if form.ends.data == "until" and until is None:
        form.until.errors = [*form.until.errors, _("Isi tanggal akhir pengulangan.")]
        return None
    if form.ends.data == "count" and not count:
        form.count.errors = [*form.count.errors, _("Isi jumlah pertemuan.")]
        return None
    weekdays = tuple(form.weekdays.data or ([day.weekday()] if day else []))
    return Repeat(
        freq=freq,
        interval=form.interval.data or 1,
        weekdays=weekdays if freq == WEEKLY else (),
        month_day=(form.month_day.data or (day.day if day else None))
        if freq == MONTHLY_DAY
        else None,
        nth=form.nth.data if freq == MONTHLY_NTH else None,
        nth_weekday=form.nth_weekday.data if freq == MONTHLY_NTH else None,
        until=until,
        count=count,
        exdates=exdates,
    )


def read_override(form) -> Override:
    return Override(bool(form.override.data), form.override_reason.data or "")


def fill_from_session(form: SessionForm, session) -> None:
    """Pre-fill the edit form from ``session`` (times in its venue zone)."""
    local = session.starts_at.astimezone(ZoneInfo(session.venue_unit.timezone))
    end = session.ends_at.astimezone(ZoneInfo(session.venue_unit.timezone))
    form.course.data = session.course_id
    form.title.data = session.title
    form.day.data, form.start_time.data, form.end_time.data = local.date(), local.time(), end.time()
    form.venue_code.data = session.venue_unit.code
    form.venue.data = session.venue
    form.online_url.data = session.online_url
    form.audience_code.data = session.audience_unit.code if session.audience_unit else ""
    form.audience_positions.data = list(session.audience_positions or [])
    form.capacity.data = session.capacity
    form.notes.data = session.notes
    form.trainers.data = [
        f"u:{t.user_id}" if t.user_id else f"p:{t.person_id}" for t in session.trainers
    ]


def fill_repeat(form: SessionForm, repeat: Repeat) -> None:
    form.freq.data = repeat.freq
    form.interval.data = repeat.interval
    form.weekdays.data = list(repeat.weekdays)
    form.month_day.data = repeat.month_day
    form.nth.data = repeat.nth or 1
    form.nth_weekday.data = repeat.nth_weekday if repeat.nth_weekday is not None else 1
    form.ends.data = "until" if repeat.until else "count"
    form.count.data, form.until.data = repeat.count, repeat.until
    form.exdates.data = "\n".join(d.isoformat() for d in repeat.exdates)

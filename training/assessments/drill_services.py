"""Running a response drill: the trainer starts it in a running session with N scenarios;
each enrolled participant who checked in is shown the mentions one after another and
replies; the server stamps when it showed each mention and when the reply arrived. The
trainer's scores and the finishing step are in ``drill_results``.

Who was present is the attendance package's answer (a sibling on layer 4, which this
package does not import): the app factory hands it over with ``use_presence``. Services
never commit.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select, update

from training.assessments.drill_models import (
    DRILL_COMPETENCY,
    Drill,
    DrillItem,
    DrillReply,
    DrillScenario,
)
from training.assessments.models import Competency, CourseCompetency
from training.audit.services import record
from training.errors import RuleViolation
from training.extensions import db
from training.sessions import lifecycle
from training.sessions.enrollments import Enrollment, EnrollmentStatus
from training.sessions.models import TrainingSession

MAX_ITEMS = 10
REPLY_MAX = 2000

_present: list[Callable[[int], set[int]]] = []


def use_presence(present_ids: Callable[[int], set[int]]) -> None:
    """Called by the app factory: ``present_ids(session_id)`` → ids of the people marked
    Hadir or Terlambat in that session."""
    _present[:] = [present_ids]


def present_ids(session_id: int) -> set[int]:
    if not _present:
        raise RuntimeError("no presence answer: the app factory hands it over")
    return _present[0](session_id)


def _now(now):
    return now or datetime.now(UTC)


# --- starting ----------------------------------------------------------------------------


def drill_competency(course) -> Competency | None:
    """The ADUAN competency if ``course`` assesses it, else None."""
    return db.session.scalar(
        select(Competency)
        .join(CourseCompetency, CourseCompetency.competency_id == Competency.id)
        .where(CourseCompetency.course_id == course.id, Competency.code == DRILL_COMPETENCY)
    )


def open_drill(session_id: int) -> Drill | None:
    return db.session.scalar(
        select(Drill).where(Drill.session_id == session_id, Drill.finished_at.is_(None))
    )


def _lock(session_id: int) -> None:
    """Serialise drill starts of one session: the row lock on PostgreSQL; on SQLite a no-op
    write takes the database's single write lock at once."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            update(TrainingSession)
            .where(TrainingSession.id == session_id)
            .values(sequence=TrainingSession.sequence)
            .execution_options(synchronize_session=False)
        )
    else:
        db.session.execute(
            select(TrainingSession.id).where(TrainingSession.id == session_id).with_for_update()
        )


def _choose(scenario_ids, count) -> list[DrillScenario]:
    active = list(
        db.session.scalars(
            select(DrillScenario)
            .where(DrillScenario.is_active.is_(True))
            .order_by(DrillScenario.code)
        )
    )
    if scenario_ids:
        by_id = {s.id: s for s in active}
        chosen = [by_id[i] for i in scenario_ids if i in by_id]
        if len(chosen) != len(set(scenario_ids)):
            raise RuleViolation(_("Skenario yang dipilih tidak dikenal atau sudah nonaktif."))
        return chosen
    if not count:
        raise RuleViolation(_("Pilih skenario atau isi jumlah skenario acak."))
    if count > len(active):
        raise RuleViolation(_("Bank hanya punya %(n)d skenario aktif.", n=len(active)))
    return random.SystemRandom().sample(active, count)


def start_drill(training_session, *, actor, scenario_ids=(), count=None, now=None) -> Drill:
    """Start a drill in ``training_session`` (it must be running and have no open drill)
    with the chosen scenarios, or ``count`` active ones drawn at random."""
    now = _now(now)
    if lifecycle.stage(training_session, now) != lifecycle.Stage.RUNNING:
        raise RuleViolation(_("Latihan respons hanya dapat dimulai saat sesi berlangsung."))
    competency = drill_competency(training_session.course)
    if competency is None:
        raise RuleViolation(_("Kursus sesi ini tidak menilai kompetensi ADUAN."))
    _lock(training_session.id)  # two trainers starting at once: one drill
    if open_drill(training_session.id) is not None:
        raise RuleViolation(_("Sesi ini sudah punya latihan respons yang berjalan."))
    ids = list(dict.fromkeys(scenario_ids))
    if len(ids) > MAX_ITEMS or (count or 0) > MAX_ITEMS:
        raise RuleViolation(_("Paling banyak %(n)d skenario per latihan.", n=MAX_ITEMS))
    scenarios = _choose(ids, count)
    drill = Drill(
        session_id=training_session.id,
        course_id=training_session.course_id,
        competency_id=competency.id,
        started_by_id=getattr(actor, "id", None),
        started_at=now,
    )
    drill.items = [_item(n, s) for n, s in enumerate(scenarios, start=1)]
    db.session.add(drill)
    db.session.flush()
    after = {"scenarios": [s.code for s in scenarios]}
    record(
        "drill",
        "start",
        user=actor,
        entity_id=drill.id,
        session_id=training_session.id,
        course_id=drill.course_id,
        after=after,
        now=now,
    )
    return drill


def _item(position: int, scenario: DrillScenario) -> DrillItem:
    return DrillItem(
        position=position,
        scenario_id=scenario.id,
        **{
            f: getattr(scenario, f)
            for f in ("code", "title", "platform", "handle", "category", "mention_text", "rubric")
        },
    )


# --- a participant's turn ----------------------------------------------------------------


def is_enrolled(drill: Drill, person_id: int | None) -> bool:
    if person_id is None:
        return False
    status = db.session.scalar(
        select(Enrollment.status).where(
            Enrollment.session_id == drill.session_id, Enrollment.person_id == person_id
        )
    )
    return status == EnrollmentStatus.ENROLLED


def replies_of(drill: Drill, person_id: int) -> dict[int, DrillReply]:
    """item id → the person's reply row (shown, maybe answered)."""
    rows = db.session.scalars(
        select(DrillReply).where(DrillReply.drill_id == drill.id, DrillReply.person_id == person_id)
    )
    return {r.item_id: r for r in rows}


def _refuse_unless_playing(drill: Drill, person_id: int) -> None:
    if not drill.is_open:
        raise RuleViolation(_("Latihan ini sudah diselesaikan pelatih; jawaban tidak diterima."))
    if person_id not in present_ids(drill.session_id):
        raise RuleViolation(
            _("Anda belum tercatat hadir di sesi ini: lakukan presensi terlebih dahulu.")
        )


def show_next(drill: Drill, person, *, actor=None, now=None) -> DrillReply | None:
    """Show the person their next mention: the server stamps ``shown_at`` now. Idempotent:
    a mention shown and not answered yet stays the current one (its time keeps running).
    None when every mention is answered."""
    _refuse_unless_playing(drill, person.id)
    replies = replies_of(drill, person.id)
    for item in drill.items:
        reply = replies.get(item.id)
        if reply is not None and reply.replied_at is None:
            return reply
        if reply is None:
            reply = DrillReply(
                drill_id=drill.id, item_id=item.id, person_id=person.id, shown_at=_now(now)
            )
            db.session.add(reply)
            db.session.flush()
            _audit(drill, "show", person, actor, item, reply.shown_at)
            return reply
    return None


def submit_reply(
    drill: Drill, person, item_id: int, text: str, *, actor=None, now=None
) -> DrillReply:
    """Record the reply to the mention shown to the person, exactly as typed, stamped with
    the server's time; a mention not shown yet or already answered is refused."""
    _refuse_unless_playing(drill, person.id)
    reply = replies_of(drill, person.id).get(item_id)
    if reply is None:
        raise RuleViolation(_("Mention ini belum ditampilkan kepada Anda."))
    if reply.replied_at is not None:
        if reply.text == text:
            return reply  # the same reply sent twice (a double click, a resent form)
        raise RuleViolation(_("Mention ini sudah Anda jawab."))
    text = text or ""
    if not text.strip():
        raise RuleViolation(_("Tulis balasan sebelum mengirim."))
    if len(text) > REPLY_MAX:
        raise RuleViolation(_("Balasan paling banyak %(n)d karakter.", n=REPLY_MAX))
    reply.text = text
    reply.replied_at = max(_now(now), reply.shown_at)
    db.session.flush()
    _audit(drill, "submit", person, actor, reply.item, reply.replied_at, seconds=reply.seconds)
    return reply


def _audit(drill, action, person, actor, item, at, **extra) -> None:
    record(
        "drill",
        action,
        user=actor,
        entity_id=drill.id,
        session_id=drill.session_id,
        person_id=person.id,
        course_id=drill.course_id,
        after={"item": item.code, "position": item.position, **extra},
        now=at,
    )


def reply_count(drill_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(DrillReply)
        .where(DrillReply.drill_id == drill_id, DrillReply.replied_at.is_not(None))
    )

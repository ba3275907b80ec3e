"""The field rules of a session (course, places, audience, times, capacity) checked against
the actor's scope, and the eligibility of its trainers. Each raises RuleViolation with the
first problem, in the user's language."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from training.auth.models import User
from training.errors import RuleViolation
from training.people.ranks import Position
from training.policy.scope import can_see_unit, scope_of
from training.programs.trainers import is_eligible_trainer

if TYPE_CHECKING:
    from training.sessions.services import SessionData

#: The shortest session, in minutes.
MIN_MINUTES = 15


def check_fields(actor: User, data: SessionData) -> None:
    """Field rules and the actor's scope; raises RuleViolation with the first problem."""
    if data.course is None:
        raise RuleViolation(_("Pilih kursus (tingkat)."))
    if data.venue_unit is None:
        raise RuleViolation(_("Pilih satuan tempat pelaksanaan."))
    if data.audience_unit is None:
        raise RuleViolation(_("Pilih satuan sasaran peserta."))
    if data.start_local is None:
        raise RuleViolation(_("Isi tanggal dan jam mulai."))
    if data.duration_minutes <= 0:
        raise RuleViolation(_("Jam selesai harus setelah jam mulai."))
    if data.duration_minutes < MIN_MINUTES:
        raise RuleViolation(_("Sesi paling singkat %(n)d menit.", n=MIN_MINUTES))
    if data.capacity is None or data.capacity < 1:
        raise RuleViolation(_("Kapasitas paling sedikit 1 peserta."))
    scope = scope_of(actor)
    if not can_see_unit(scope, data.venue_unit):
        raise RuleViolation(
            _("Satuan tempat %(u)s di luar wilayah kewenangan Anda.", u=data.venue_unit.name)
        )
    if not can_see_unit(scope, data.audience_unit):
        raise RuleViolation(
            _(
                "Sasaran peserta %(u)s di luar wilayah kewenangan Anda; pilih satuan di "
                "jajaran Anda.",
                u=data.audience_unit.name,
            )
        )
    unknown = set(data.audience_positions) - {p.value for p in Position}
    if unknown:
        raise RuleViolation(
            _("Jabatan sasaran tidak dikenal: %(p)s.", p=", ".join(sorted(unknown)))
        )


def check_trainers(data: SessionData, today: date) -> None:
    for user in data.trainer_users:
        if not is_eligible_trainer(data.course, data.audience_unit, user=user, today=today):
            raise RuleViolation(
                _("%(who)s tidak dapat menjadi pelatih sesi ini.", who=user.username)
            )
    for person in data.trainer_people:
        if not is_eligible_trainer(data.course, data.audience_unit, person=person, today=today):
            raise RuleViolation(
                _(
                    "%(who)s belum memenuhi syarat melatih tingkat ini di wilayah sasaran "
                    "(harus lulus tingkat sebelumnya dan berada di jajaran yang sama).",
                    who=person.full_name,
                )
            )

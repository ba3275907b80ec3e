"""Builders for the readiness page, gap list and API tests (dates relative to today)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from tests.factories import (
    TIER_TARGETS,
    make_course,
    make_course_status,
    make_person,
    make_program,
    make_session,
)
from training.certificates.models import Certificate
from training.core.timefmt import local_day
from training.extensions import db
from training.readiness.models import ReadinessThresholds

_serial = itertools.count(1)


def today() -> date:
    return local_day()


def make_certificate(person, course, *, until_days: int = 300, issued_days: int = -30, **kw):
    """A certificate of ``person`` for ``course`` issued/ending relative to today."""
    n = next(_serial)
    cert = Certificate(
        serial=f"RD/{n:06d}",
        verify_code=f"RDKODE{n:010d}",
        person_id=person.id,
        course_id=course.id,
        issued_on=today() + timedelta(days=issued_days),
        valid_until=today() + timedelta(days=until_days),
        holder_name=person.full_name,
        holder_rank=person.rank,
        holder_nrp=person.nrp,
        holder_unit=person.unit.name,
        created_at=datetime.now(UTC),
        **kw,
    )
    db.session.add(cert)
    db.session.flush()
    return cert


def certified(person, course, until_days: int = 300):
    make_course_status(person, course, "completed", average_level=4.0, attendance_pct=100.0)
    return make_certificate(person, course, until_days=until_days)


def make_three_tiers(**kw):
    """A programme with the demo's tiers: head, deputy and social-media operators."""
    program = make_program(**kw)
    courses = [
        make_course(program, tier, target_positions=[*TIER_TARGETS[tier][0], "operator_medsos"])
        for tier in (1, 2, 3)
    ]
    return program, courses


def simple_rules(program, **kw) -> ReadinessThresholds:
    """Thresholds where the status depends on the certified share only (80 % / 50 %)."""
    values = dict(
        ready_certified_pct=80,
        ready_accounts_pct=0,
        ready_min_level=1.0,
        ready_attendance_pct=0,
        ready_requires_commander=False,
        partial_certified_pct=50,
        expiring_days=60,
    )
    rules = ReadinessThresholds(program_id=program.id, **{**values, **kw})
    db.session.add(rules)
    db.session.flush()
    return rules


def future_session(course, venue, audience, *, days: int = 10, capacity: int = 30, **kw):
    """A scheduled session ``days`` from now for the tier's positions in ``audience``."""
    kw.setdefault("audience_positions", list(course.target_positions))
    return make_session(
        course,
        venue,
        starts_at=datetime.now(UTC).replace(microsecond=0) + timedelta(days=days),
        audience_unit=audience,
        capacity=capacity,
        **kw,
    )


def gap_world(tree):
    """polres_a: a certified kapolres and a failed operator; polsek_a: an untrained kapolsek
    (in progress), an expiring wakapolsek, a certified operator and a non-target person;
    polres_b: an untrained kapolres."""
    program, (t1, t2, t3) = make_three_tiers(title="Program Kesenjangan")
    simple_rules(program)
    people = {
        "kapolres_a": make_person(tree["polres_a"], position="kapolres", full_name="Andi Kapolres"),
        "operator_a": make_person(tree["polres_a"], full_name="Budi Operator"),
        "kapolsek_a": make_person(
            tree["polsek_a"], position="kapolsek", full_name="Citra Kapolsek"
        ),
        "waka_a": make_person(tree["polsek_a"], position="wakapolsek", full_name="Dedi Wakapolsek"),
        "operator_s": make_person(tree["polsek_a"], full_name="Eka Operator"),
        "other_s": make_person(tree["polsek_a"], position="lainnya", full_name="Fajar Lainnya"),
        "kapolres_b": make_person(tree["polres_b"], position="kapolres", full_name="Gita Kapolres"),
    }
    certified(people["kapolres_a"], t2)
    make_course_status(people["operator_a"], t2, "failed", average_level=2.0, attendance_pct=90.0)
    make_course_status(people["kapolsek_a"], t3, "in_progress", attendance_pct=50.0)
    certified(people["waka_a"], t3, until_days=10)
    certified(people["operator_s"], t3)
    return {"program": program, "courses": (t1, t2, t3), "people": people}

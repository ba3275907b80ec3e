"""The scenario bank: checking a scenario's values (the form and the CSV import share it),
creating, editing, deactivating, and loading the default bank. Services never commit."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from training.assessments.drill_models import DrillPlatform, DrillScenario, ScenarioCategory
from training.assessments.drill_seed import DEFAULT_SCENARIOS
from training.audit.services import fields_of, record, record_update
from training.errors import RuleViolation
from training.extensions import db

FIELDS = ("code", "title", "platform", "handle", "category", "mention_text", "rubric")
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")
HANDLE_RE = re.compile(r"^[A-Za-z0-9._]{1,60}$")
LIMITS = {"title": 200, "mention_text": 1000, "rubric": 2000}

CATEGORY_LABELS = {
    ScenarioCategory.ADUAN: _l("Aduan"),
    ScenarioCategory.PERTANYAAN: _l("Pertanyaan"),
    ScenarioCategory.INFORMASI: _l("Informasi"),
    ScenarioCategory.ISU_NEGATIF: _l("Isu negatif"),
    ScenarioCategory.DARURAT: _l("Darurat (arahkan ke 110)"),
}
PLATFORM_LABELS = {
    DrillPlatform.INSTAGRAM: "Instagram",
    DrillPlatform.X: "X (Twitter)",
    DrillPlatform.FACEBOOK: "Facebook",
    DrillPlatform.TIKTOK: "TikTok",
    DrillPlatform.YOUTUBE: "YouTube",
}


class ScenarioInvalid(RuleViolation):
    """``errors`` maps a field name to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(_("Periksa isian yang ditandai."))
        self.errors = errors


def clean_values(values: dict, scenario: DrillScenario | None = None) -> tuple[dict, dict]:
    """(clean values, field → message) of a scenario's values as typed."""
    clean = {f: str(values.get(f) or "").strip() for f in FIELDS}
    clean["code"] = clean["code"].upper()
    clean["handle"] = clean["handle"].lstrip("@")
    clean["platform"] = clean["platform"].lower()
    clean["category"] = clean["category"].lower().replace(" ", "_")
    errors = {}
    if not CODE_RE.match(clean["code"]):
        errors["code"] = _("Kode 2–32 karakter: huruf besar, angka, tanda hubung atau garis bawah.")
    if clean["platform"] not in set(DrillPlatform):
        errors["platform"] = _("Platform: instagram, x, facebook, tiktok atau youtube.")
    if not HANDLE_RE.match(clean["handle"]):
        errors["handle"] = _("Akun warga: huruf, angka, titik atau garis bawah, paling banyak 60.")
    if clean["category"] not in set(ScenarioCategory):
        errors["category"] = _("Kategori: aduan, pertanyaan, informasi, isu_negatif atau darurat.")
    for name, limit in LIMITS.items():
        if not clean[name]:
            errors[name] = _("Wajib diisi.")
        elif len(clean[name]) > limit:
            errors[name] = _("Paling banyak %(n)d karakter.", n=limit)
    return clean, errors


def _check(values: dict, scenario: DrillScenario | None) -> dict:
    clean, errors = clean_values(values, scenario)
    if "code" not in errors:
        clash = db.session.scalar(select(DrillScenario).where(DrillScenario.code == clean["code"]))
        if clash is not None and clash is not scenario:
            errors["code"] = _("Kode %(code)s sudah dipakai skenario lain.", code=clean["code"])
    if errors:
        raise ScenarioInvalid(errors)
    return clean


def create_scenario(values: dict, *, actor=None, now=None) -> DrillScenario:
    clean = _check(values, None)
    scenario = DrillScenario(**clean, is_active=True, updated_at=now or datetime.now(UTC))
    db.session.add(scenario)
    db.session.flush()
    after = fields_of(scenario, (*FIELDS, "is_active"))
    record("drill_scenario", "create", user=actor, entity_id=scenario.id, after=after, now=now)
    return scenario


def update_scenario(scenario: DrillScenario, values: dict, *, actor=None, now=None) -> None:
    clean = _check(values, scenario)
    before = fields_of(scenario, FIELDS)
    for name, value in clean.items():
        setattr(scenario, name, value)
    scenario.updated_at = now or datetime.now(UTC)
    db.session.flush()
    record_update(
        "drill_scenario", before, fields_of(scenario, FIELDS), user=actor, entity_id=scenario.id
    )


def set_active(scenario: DrillScenario, active: bool, *, actor=None, now=None) -> None:
    """Deactivate (no new drill offers it; past drills keep their copy) or reactivate."""
    before = {"is_active": scenario.is_active}
    scenario.is_active = active
    scenario.updated_at = now or datetime.now(UTC)
    db.session.flush()
    record_update(
        "drill_scenario", before, {"is_active": active}, user=actor, entity_id=scenario.id
    )


def scenarios(active_only: bool = False) -> list[DrillScenario]:
    stmt = select(DrillScenario).order_by(DrillScenario.is_active.desc(), DrillScenario.code)
    if active_only:
        stmt = stmt.where(DrillScenario.is_active.is_(True))
    return list(db.session.scalars(stmt))


def ensure_default_scenarios(now=None) -> int:
    """Add the default scenarios whose code is not in the bank yet (idempotent: edited or
    deactivated ones stay as they are); returns how many were added. The caller commits."""
    existing = set(db.session.scalars(select(DrillScenario.code)))
    now = now or datetime.now(UTC)
    added = 0
    for row in DEFAULT_SCENARIOS:
        if row[0] in existing:
            continue
        db.session.add(
            DrillScenario(**dict(zip(FIELDS, row, strict=True)), is_active=True, updated_at=now)
        )
        added += 1
    db.session.flush()
    return added

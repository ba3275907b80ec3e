"""Saving a programme's readiness thresholds (audited). Callers commit."""

from __future__ import annotations

from training.audit.services import fields_of, record_update
from training.extensions import db
from training.readiness.models import ReadinessThresholds

FIELDS = (
    "ready_certified_pct",
    "ready_accounts_pct",
    "ready_min_level",
    "ready_attendance_pct",
    "ready_requires_commander",
    "partial_certified_pct",
    "expiring_days",
    "ready_answered_pct",
    "ready_p90_minutes",
    "response_window_days",
)


def save_thresholds(rules: ReadinessThresholds, values: dict, *, actor=None) -> None:
    """Set ``rules`` (saved or still the defaults) to ``values`` and audit what changed."""
    before, action = fields_of(rules, FIELDS), "update" if rules.id else "create"
    if rules.id is None:
        db.session.add(rules)
    for name in FIELDS:
        setattr(rules, name, values[name])
    db.session.flush()
    after = fields_of(rules, FIELDS)
    record_update("thresholds", before, after, action, user=actor, entity_id=rules.program_id)

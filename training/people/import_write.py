"""Writing a previewed people import: new people in bulk inserts, changed ones updated,
an audit entry for each and one for the batch (the caller commits)."""

from __future__ import annotations

from sqlalchemy import insert

from training.audit.services import entry, record_many
from training.core.importplan import Preview
from training.core.tabular import batches
from training.extensions import db
from training.people.models import Person
from training.units.lookup import units_by_id


def apply_people(preview: Preview, user=None) -> None:
    """Insert new people and update changed ones, auditing each and the batch's counts in
    one insert; the caller commits."""
    items, existing = preview.plan
    new_rows, audits = [], []
    for item in items:
        person = existing.get(item.nrp)
        if person is None:
            new_rows.append({"nrp": item.nrp, "is_synthetic": False, **item.values})
            continue
        changed = {k: v for k, v in item.values.items() if getattr(person, k) != v}
        if changed:
            before = {k: getattr(person, k) for k in changed}
            audits.append(_audit("update", person.id, before, changed, user))
        for key, value in changed.items():
            setattr(person, key, value)
    for chunk in batches(new_rows):
        ids = db.session.execute(insert(Person).returning(Person.id, Person.nrp), chunk).all()
        by_nrp = {nrp: pid for pid, nrp in ids}
        audits.extend(_audit("create", by_nrp[row["nrp"]], None, row, user) for row in chunk)
    db.session.flush()
    summary = entry("person", "import", user=user, after=dict(vars(preview.counts)))
    record_many([summary, *_with_unit_codes(audits)])


def _audit(action: str, person_id: int, before: dict | None, after: dict, actor) -> dict:
    after = {k: v for k, v in after.items() if k != "is_synthetic"}
    if before is None:  # a new person: only the fields given
        after = {k: v for k, v in after.items() if v not in (None, "")}
    return entry(
        "person",
        action,
        user=actor,
        entity_id=person_id,
        person_id=person_id,
        before=before,
        after=after,
    )


def _with_unit_codes(audits: list[dict]) -> list[dict]:
    """The entries with ``unit_id`` values replaced by the unit's code."""
    ids = {
        values["unit_id"]
        for a in audits
        for values in (a["before"] or {}, a["after"])
        if "unit_id" in values
    }
    units = units_by_id(ids)
    for a in audits:
        for values in (a["before"], a["after"]):
            if values and "unit_id" in values:
                unit = units.get(values.pop("unit_id"))
                values["unit"] = unit.code if unit is not None else None
    return audits

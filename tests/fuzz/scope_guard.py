"""Rows a commander must not change: everything not tied only to their own subtree.

A row is "inside" a commander's reach when every unit, person, session... it links to
(through foreign keys, transitively) lies in their subtree or is their own user account (or
the account of a person of their subtree), and it links to at least one such row. Every
other row (other regions, other users, global rows such as programmes and courses) is
fingerprinted; the fingerprint must not change when the commander posts anything. The audit
log only grows and is left out, like the readiness version and the roll-up kept for it.
"""

from sqlalchemy import Table

from training.extensions import db

#: Tables that only grow as a side effect of an allowed change: the audit trail, and the
#: notices and e-mails telling the people concerned (e.g. the submitter of a report the
#: commander verified), whose rows are checked by the notification tests.
APPEND_ONLY = {"audit_entry", "notification", "outbox_message"}
#: Bookkeeping every write may touch: the readiness data version and the roll-up kept for it
#: (derived from the other tables, which are checked themselves).
DERIVED = {"readiness_version", "readiness_cache"}


def snapshot() -> dict[str, dict]:
    """Every row of every table, keyed by table then primary key."""
    rows = {}
    for table in db.metadata.sorted_tables:
        key = [c.name for c in table.primary_key.columns]
        rows[table.name] = {
            tuple(r[k] for k in key): dict(r) for r in db.session.execute(table.select()).mappings()
        }
    return rows


def _flags(rows: dict[str, dict], unit_path: str, user_id: int) -> dict[str, dict]:
    """table -> {pk: (touches_inside, touches_outside)}."""
    flags: dict[str, dict] = {}
    for table in db.metadata.sorted_tables:
        table_flags = flags[table.name] = {}
        for pk, row in rows[table.name].items():
            if table.name == "unit":
                inside = row["path"].startswith(unit_path)
                table_flags[pk] = (inside, not inside)
            elif table.name == "user" and row["id"] == user_id:
                table_flags[pk] = (True, False)
            elif table.name == "user":
                # another account: inside when it is the account of a person of the subtree
                # (commanders provision and re-issue codes for their people's accounts)
                own = row["person_id"] is not None
                table_flags[pk] = _row_flags(table, row, flags) if own else (False, True)
            else:
                table_flags[pk] = _row_flags(table, row, flags)
    return flags


def _row_flags(table: Table, row: dict, flags: dict) -> tuple[bool, bool]:
    inside = outside = False
    for fk in table.foreign_keys:
        target = fk.column.table.name
        value = row[fk.parent.name]
        if value is None or target == table.name or target not in flags:
            continue
        got = flags[target].get((value,), (False, False))
        inside, outside = inside or got[0], outside or got[1]
    return inside, outside


def outside_rows(rows: dict[str, dict], unit_path: str, user_id: int) -> dict[str, dict]:
    """The rows of ``rows`` the commander (``unit_path``, ``user_id``) may not touch."""
    flags = _flags(rows, unit_path, user_id)
    return {
        name: {
            pk: row
            for pk, row in table_rows.items()
            if not (flags[name][pk][0] and not flags[name][pk][1])
        }
        for name, table_rows in rows.items()
        if name not in APPEND_ONLY and name not in DERIVED
    }


def changes_outside(before: dict, after: dict, unit_path: str, user_id: int) -> list[str]:
    """Describe rows outside the commander's reach that were added, removed or changed.

    A row counts as outside when it is outside before (changed or removed) or after
    (added or changed), so a row moved out of reach is caught too.
    """
    old = outside_rows(before, unit_path, user_id)
    new = outside_rows(after, unit_path, user_id)
    problems = []
    for name in old:
        for pk in old[name].keys() | new[name].keys():
            was, now = before[name].get(pk), after[name].get(pk)
            if was != now:
                problems.append(f"{name} {pk}: {was} -> {now}")
    return problems

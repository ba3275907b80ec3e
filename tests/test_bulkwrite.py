"""Bulk writes: foreign keys, unique keys and indexes checked and built once at the end of a
bulk load (PostgreSQL)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from tests.factories import make_course, make_course_status, make_person, make_tree, make_user
from training.certificates.services import issue_certificate
from training.core.bulkwrite import checks_at_end, insert_rows
from training.demo.snapshots import seed_snapshots
from training.extensions import db
from training.programs.services import create_cycle
from training.readiness.models import ReadinessSnapshot

TABLE = ReadinessSnapshot.__table__


def _programme():
    tree = make_tree()
    course = make_course(tier=2)
    create_cycle(course.program, 1)
    admin = make_user(roles=("admin",), username="bulk_admin")
    head = make_person(tree["polres_a"], position="kapolres", nrp="81000901")
    make_course_status(head, course, average_level=4.0, attendance_pct=100.0)
    issue_certificate(head, course, actor=admin, today=date(2026, 11, 10))
    db.session.flush()
    return tree, course.program


def _checks() -> list[tuple[str, str]]:
    """The snapshot table's constraints and indexes as PostgreSQL holds them; [] elsewhere."""
    if db.session.connection().dialect.name != "postgresql":
        return []
    return db.session.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = 'readiness_snapshot'::regclass"
            " UNION ALL SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename = 'readiness_snapshot' ORDER BY 1, 2"
        )
    ).all()


def _orphan_of(program, day: date) -> dict:
    """A stored row of ``day`` moved to a unit that does not exist."""
    row = db.session.execute(select(TABLE).where(TABLE.c.program_id == program.id)).first()
    values = {key: value for key, value in row._mapping.items() if key != "id"}
    return {**values, "unit_id": 987654, "day": day, "created_at": datetime.now(UTC)}


def test_seeded_snapshots_are_written_and_their_keys_and_indexes_come_back_unchanged(db):
    tree, program = _programme()
    before = _checks()
    days = [date(2026, 11, 8) + timedelta(days=n) for n in range(5)]

    written = seed_snapshots(program, days, lambda n: None)

    assert written == 5 * 7  # the seven units of the tree, five days
    stored = db.session.scalar(
        select(func.count()).select_from(TABLE).where(TABLE.c.program_id == program.id)
    )
    assert stored == 35
    assert _checks() == before
    if db.session.connection().dialect.name == "postgresql":
        assert {name for name, _ in before} == {
            "fk_readiness_snapshot_program_id_program",
            "fk_readiness_snapshot_unit_id_unit",
            "uq_readiness_snapshot_program_id",
            "ix_readiness_snapshot_day",
            "ix_readiness_snapshot_unit_id",
            "pk_readiness_snapshot",
        }
        assert any("ON DELETE CASCADE" in definition for _, definition in before)


def test_a_row_without_its_unit_fails_when_the_foreign_keys_come_back(db):
    if db.session.connection().dialect.name != "postgresql":
        pytest.skip("PostgreSQL: the constraints are set aside only there")
    _tree, program = _programme()
    seed_snapshots(program, [date(2026, 11, 19)], lambda n: None)
    orphan = _orphan_of(program, date(2026, 11, 20))
    before = _checks()
    db.session.commit()

    with pytest.raises(IntegrityError), checks_at_end(TABLE, keep=("ix_readiness_snapshot_day",)):
        kept = {name for name, _ in _checks()}  # set aside while the rows are written
        assert kept == {"pk_readiness_snapshot", "ix_readiness_snapshot_day"}
        insert_rows(TABLE, [orphan])

    db.session.rollback()
    assert _checks() == before  # the drop went back with the transaction
    assert db.session.scalar(select(func.count()).select_from(TABLE)) == 7  # the day before


def test_a_repeated_unique_key_fails_when_the_constraint_comes_back(db):
    if db.session.connection().dialect.name != "postgresql":
        pytest.skip("PostgreSQL: the constraints are set aside only there")
    _tree, program = _programme()
    seed_snapshots(program, [date(2026, 11, 19)], lambda n: None)
    repeated = {**_orphan_of(program, date(2026, 11, 19)), "unit_id": _tree["polda_a"].id}
    before = _checks()
    db.session.commit()

    with pytest.raises(IntegrityError), checks_at_end(TABLE):
        insert_rows(TABLE, [repeated])  # polda_a already has its row of the day

    db.session.rollback()
    assert _checks() == before

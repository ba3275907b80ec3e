"""The kept readiness roll-up across processes: what one process stores another serves, and
a change committed by another process is served by this one's next read (a file SQLite
database, and PostgreSQL when KEPT_PG_URL names a database of your own)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import make_app
from tests.factories import make_course, make_course_status, make_person, make_program, make_tree
from tests.test_readiness_kept import snapshot
from tests.test_readiness_rollup import _add_person_rows
from training.core.timefmt import local_day
from training.extensions import db as _db
from training.policy.scope import Scope
from training.readiness import kept
from training.readiness.rollup import compute

# --- across processes ------------------------------------------------------------------------


def _other_process(url: str, action: str) -> str:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "tests.kept_process", url, action],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _figures_by_unit(readiness) -> dict:
    return {str(k): v.subtree.as_dict() for k, v in readiness.units.items()}


def _shared_databases(tmp_path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'kept.sqlite'}"]
    pg = os.environ.get("KEPT_PG_URL", "").strip()
    return urls + ([pg] if pg else [])


def test_a_change_committed_by_another_process_is_served_by_the_next_read(tmp_path):
    for url in _shared_databases(tmp_path):
        app = make_app(SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            _db.drop_all()
            _db.create_all()
            try:
                _check_across_processes(url)
            finally:
                _db.session.remove()
                _db.drop_all()
                _db.engine.dispose()


def _check_across_processes(url: str) -> None:
    tree = make_tree()
    program = make_program()
    course = make_course(program, 1, target_levels=["polda", "polres"])
    for unit in tree.values():
        for position in ("kapolda", "kapolres", "operator_medsos"):
            person = make_person(unit, position=position)
            make_course_status(person, course, average_level=4.0, attendance_pct=100.0)
            _add_person_rows(_db, person, [course], [(None, [("valid", -10, 60, 0)])])
    _db.session.commit()
    on = local_day()
    before = kept.readiness(program, Scope(everything=True), on=on)
    # the other process serves what this one stored
    assert json.loads(_other_process(url, "read")) == _figures_by_unit(before)

    _other_process(url, "change")

    served = kept.readiness(program, Scope(everything=True), on=on)
    fresh = compute(program, Scope(everything=True), on=on)
    assert snapshot(served) == snapshot(fresh)
    assert served.units[tree["mabes"].id].subtree.certified == 0
    assert before.units[tree["mabes"].id].subtree.certified > 0
    assert json.loads(_other_process(url, "read")) == _figures_by_unit(fresh)

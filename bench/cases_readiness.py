"""Issue-6 benchmarks on the national-scale demo data (programme in progress):

- national readiness for every unit (target <= 100 ms), and the statement count for a
  Polsek, a Polres, a Polda and the nation (must be the same);
- one Polda's readiness: the roll-up vs the same aggregate statements re-run for every unit
  of the Polda over its subtree (the usual per-unit approach);
- the national dashboard page, server time through the test client (target <= 250 ms);
- a Polda's PDF readiness report (target <= 3 s);
- national readiness served from the kept roll-up (held by this process, stored by another,
  first read after a change) vs recomputed on every read; the national API and dashboard
  page with the kept roll-up and recomputing, each beside the minimal 20-row page.
"""

from __future__ import annotations

import contextlib
import statistics
from datetime import date

from flask import Flask
from sqlalchemy import select, update

from bench import refapp
from bench.cases import _login, entry
from bench.measure import alternate, counting, timed
from training.core.timefmt import local_day
from training.extensions import db
from training.policy.scope import Scope
from training.programs.models import Course
from training.readiness import kept, rollup
from training.units.models import Unit, in_subtree

NATIONAL_TARGET_MS = 100.0
DASHBOARD_TARGET_MS = 250.0
PDF_TARGET_MS = 3000.0
POLDA_CODE = "15"  # Polda Jawa Timur: the largest Polda


def _program():
    program = rollup.current_program(date.today())
    if program is None:
        raise RuntimeError("no programme in progress in the bench database")
    return program


def _national(program):
    return rollup.compute(program, Scope(everything=True))


def _per_unit(program, root: Unit) -> dict[int, int]:
    """Reference: each unit's subtree figures by its own aggregate statements."""
    courses = list(db.session.scalars(select(Course).where(Course.program_id == program.id)))
    rules = rollup.thresholds_for(program)
    units = db.session.execute(select(Unit.id, Unit.path).where(in_subtree(root.path))).all()
    certified = {}
    for unit_id, path in units:
        stmt = rollup.own_people_statement(
            courses, in_subtree(path), date.today(), rules.expiring_days
        )
        rows = db.session.execute(stmt).all()
        db.session.execute(rollup.own_accounts_statement(in_subtree(path))).all()
        certified[unit_id] = sum(row[2] for row in rows)
    return certified


def _target_entry(name: str, seconds: list[float], target_ms: float, **extra) -> dict:
    """An entry whose reference is the target (no alternative implementation to run)."""
    median = statistics.median(seconds) * 1000.0
    return {
        "name": name,
        "median": round(median, 3),
        "unit": "ms",
        "reference_median": target_ms,
        "reference": f"target: at most {target_ms:.0f} ms",
        "ratio": round(median / target_ms, 3),
        "repetitions": len(seconds),
        **extra,
    }


def statement_counts(program) -> dict[str, int]:
    """Statements of one roll-up below a Polsek, a Polres, a Polda and for the nation."""
    counts = {}
    for label in ("polsek", "polres", "polda", "nation"):
        db.session.expire_all()
        if label == "polda":
            unit = db.session.scalar(select(Unit).where(Unit.code == POLDA_CODE))
        elif label == "nation":
            unit = None
        else:
            unit = db.session.scalar(select(Unit).where(Unit.level == label).limit(1))
        with counting(db.engine) as counter:
            rollup.compute(program, Scope(everything=True), root=unit)
        counts[label] = counter.count
    return counts


def run(app: Flask, repetitions: int) -> list[dict]:
    program = _program()
    counts = statement_counts(program)
    national = [timed(lambda: _national(program))[0] for _ in range(repetitions + 1)][1:]
    size = len(_national(program).units)
    entries = [
        _target_entry(
            f"readiness of every unit, national ({size} units)",
            national,
            NATIONAL_TARGET_MS,
            statements=counts["nation"],
            statements_by_scope=counts,
            statements_constant=len(set(counts.values())) == 1,
        )
    ]
    polda = db.session.scalar(select(Unit).where(Unit.code == POLDA_CODE))
    pair = alternate(
        lambda: rollup.compute(program, Scope(everything=True), root=polda),
        lambda: _per_unit(program, polda),
        max(3, repetitions // 2),
    )
    polda_units = len(rollup.compute(program, Scope(everything=True), root=polda).units)
    entries.append(
        entry(
            f"readiness of Polda {POLDA_CODE} and its {polda_units - 1} units",
            pair,
            "ms",
            "the aggregate statements re-run per unit over its subtree",
            statements=counts["polda"],
            reference_statements=2 * polda_units,
        )
    )
    entries += _pages(app, repetitions)
    return entries + kept_cases(app, program, repetitions)


def _pages(app: Flask, repetitions: int) -> list[dict]:
    client = app.test_client()
    _login(client)
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    entries = []
    for name, url, target in (
        ("national dashboard page", f"/readiness/units/{root.code}", DASHBOARD_TARGET_MS),
        ("Polda PDF readiness report", f"/readiness/units/{POLDA_CODE}/report.pdf", PDF_TARGET_MS),
    ):
        response = client.get(url)
        if response.status_code != 200:
            print(f"note: {name} not measured: GET {url} answered {response.status_code}")
            continue
        db.session.remove()
        with counting(db.engine) as counter:
            client.get(url)
        seconds = []
        for _ in range(repetitions):
            db.session.remove()
            seconds.append(timed(lambda url=url: client.get(url))[0])
        entries.append(
            _target_entry(f"GET {url} as admin ({name})", seconds, target, statements=counter.count)
        )
    return entries


# --- the kept roll-up (training.readiness.kept) --------------------------------------------


@contextlib.contextmanager
def _recomputing():
    """The reference: every read recomputes (the kept roll-up switched off)."""
    saved = kept.national
    kept.national = lambda program, on: None
    try:
        yield
    finally:
        kept.national = saved


def _bump() -> None:
    """A committed change to what the roll-up reads (one unit renamed to itself)."""
    db.session.execute(update(Unit).where(Unit.parent_id.is_(None)).values(name=Unit.name))
    db.session.commit()


def kept_cases(app: Flask, program, repetitions: int) -> list[dict]:
    db.session.remove()
    everything, on = Scope(everything=True), local_day()
    served = kept.readiness(program, everything, on=on)
    size = len(served.units)

    def read():
        kept.readiness(program, everything, on=on)
        db.session.remove()

    def fresh():
        rollup.compute(program, everything, on=on)
        db.session.remove()

    entries = []
    for label, before in (
        ("held by this process", None),
        ("stored by another process", kept.forget),
        ("first read after a change: recomputed and stored", _bump),
    ):
        pair = alternate(read, fresh, max(3, repetitions // 2), before_each=before)
        entries.append(
            entry(
                f"national readiness ({size} units), kept roll-up {label}",
                pair,
                "ms",
                "recomputed on every read (rollup.compute)",
            )
        )
    return entries + _kept_pages(app, repetitions)


def _kept_pages(app: Flask, repetitions: int) -> list[dict]:
    client = app.test_client()
    _login(client)
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))
    minimal = refapp.create_app(db.engine.url.render_as_string(hide_password=False))
    minimal_client = minimal.test_client()
    entries = []
    for name, url in (
        ("national readiness API", f"/api/v1/units/{root.code}/readiness"),
        ("national dashboard page", f"/readiness/units/{root.code}"),
    ):
        if client.get(url).status_code != 200:
            print(f"note: {name} not measured: GET {url} failed")
            continue

        def get(url=url):
            db.session.remove()
            assert client.get(url).status_code == 200

        pair = alternate(get, lambda: minimal_client.get("/"), repetitions)
        entries.append(
            entry(
                f"GET {url} as admin ({name}, kept roll-up)",
                pair,
                "ms",
                "the minimal 20-row page (bench.refapp), target at most 5x",
                target="at most 5x the minimal page (issue 13)",
                target_met=pair.candidate_median <= 5.0 * pair.reference_median,
            )
        )
        with _recomputing():
            pair = alternate(get, lambda: minimal_client.get("/"), max(3, repetitions // 2))
        entries.append(
            entry(
                f"GET {url} as admin ({name}, recomputed on every request)",
                pair,
                "ms",
                "the minimal 20-row page (bench.refapp): the figure before the kept roll-up",
            )
        )
    return entries

"""python -m bench.load: "a morning of a real cycle" against gunicorn + PostgreSQL.

Builds (or reuses) the national-scale bench database on BENCH_DATABASE_URL, copies it to a
scratch database, adds the morning (bench/load_morning.py: tier-3 sessions in progress,
their participants, trainers and commanders), serves it with gunicorn (2 sync workers,
127.0.0.1 only, rate limits off so they do not distort the figures) and, at each
concurrency level, plays the mix: participants checking in with the code on the trainer's
screen, projectors polling the code, trainers saving roll calls (POST with CSRF after a real
login), commanders opening their pages. Side by side in the same run: the minimal-page
reference (bench/refapp.py) under the same gunicorn settings, and each main page alone at 4
connections against the reference. Writes bench/load_results.json and prints a table.

Options: --levels 4,16  --seconds 30  --page-seconds 6  --sessions 12  --rebuild  --no-fail
--pages-only (each main page alone, bench/load_pages.py)  --rounds N  --pages "unit page,..."

Every figure is printed beside the reference measured in the same run, with their ratio.
Exit status 1 when a target of issue 13 is missed (errors, p99, a main page under half the
minimal page), unless --no-fail or BENCH_NO_FAIL=1; a warning is printed when the load
average exceeds the number of cores (the targets hold on a quiet machine).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from bench import database
from bench.load_client import Browser
from bench.load_mix import Morning, closed_loop
from bench.load_morning import build
from bench.load_pages import pages_alone
from bench.load_server import Gunicorn, app_spec
from bench.measure import machine_is_loaded
from bench.scratch import drop, fresh_postgresql, no_fail_requested

RESULTS = Path(__file__).resolve().parent / "load_results.json"
PAGES_RESULTS = Path(__file__).resolve().parent / "load_pages_results.json"
LOGS = Path(__file__).resolve().parent.parent / "instance"
SECRET = "load-test-secret"
WORKERS = 2
P99_TARGET_MS = 1000.0
PAGE_RATIO_TARGET = 0.5
PAGE_P99_TARGET_MS = 250.0
REFERENCE_DOC = {  # ../shared/docs/PERFORMANCE.md, gunicorn 2 sync workers
    1: (299, 3.9),
    4: (574, 9.0),
    16: (561, 33.0),
}


def bench_url() -> str:
    found = dict(database.backends())
    if "postgresql" not in found:
        raise SystemExit(
            "Set BENCH_DATABASE_URL to a PostgreSQL database kept for benchmarks, e.g.\n"
            "  BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench "
            "python -m bench.load"
        )
    return found["postgresql"]


def prepare(base: str, rebuild: bool) -> dict:
    app = database.make_app(base)
    with app.app_context():
        facts = database.prepare(app, rebuild=rebuild)
        database.db.session.remove()
        database.db.engine.dispose()
    return facts


def add_morning(url: str, levels: int, sessions: int):
    app = database.make_app(url)
    with app.app_context():
        groups = build(levels, sessions)
        database.db.session.commit()
        readiness = any(rule.rule == "/readiness/" for rule in app.url_map.iter_rules())
        database.db.session.remove()
        database.db.engine.dispose()
    return groups, readiness


def reference_action(port: int):
    """GET the reference page; anonymous, so every thread may share one client."""
    browser = Browser("127.0.0.1", port)

    def action(rec, _rng) -> None:
        reply = browser.get("/")
        rec.add("reference page", reply, reply.status == 200)

    return action


def run(args, measure_with=None, levels: int | None = None) -> dict:
    """Serve the scratch copy with the morning of ``levels`` groups (one per concurrency
    level unless given) and call ``measure_with`` (``measure`` unless given) on it."""
    measure_with = measure_with or measure
    base = bench_url()
    print("[load] preparing the national-scale database...", flush=True)
    facts = prepare(base, args.rebuild)
    scratch = make_url(base).database + "_load"
    url, admin = fresh_postgresql(base, scratch, template=make_url(base).database)
    try:
        groups, readiness = add_morning(url, levels or len(args.levels), args.sessions)
        config = {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET,
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
        log = LOGS / "load-gunicorn.log"  # both servers' logs (request log lines too)
        log.unlink(missing_ok=True)
        ports = args.ports or [None, None]  # free ports unless given
        app_server = Gunicorn(app_spec(config), workers=WORKERS, log_path=log, port=ports[0])
        ref_server = Gunicorn(
            f"bench.refapp:create_app({url!r})", workers=WORKERS, log_path=log, port=ports[1]
        )
        with app_server, ref_server:
            return measure_with(args, groups, readiness, app_server.port, ref_server.port, facts)
    finally:
        if not args.keep:
            drop(url, admin)


def measure(args, groups, readiness, port, ref_port, facts) -> dict:
    reference = reference_action(ref_port)
    levels = []
    mornings = []
    for connections, group in zip(args.levels, groups, strict=True):
        morning = Morning("127.0.0.1", port, group, SECRET, readiness)
        accounts = morning.log_in(threads=8)
        mornings.append(morning)
        print(
            f"[load] {connections} connections: {len(group.sessions)} sessions, "
            f"{accounts} accounts logged in",
            flush=True,
        )
        closed_loop(reference, connections, 2)  # warm-up of both servers
        closed_loop(morning.dashboard, connections, 2)
        ref = closed_loop(reference, connections, args.ref_seconds)
        mix = closed_loop(morning, connections, args.seconds)
        checked_in = len(morning.done)
        levels.append(
            {
                "connections": connections,
                "reference": ref,
                "app": mix,
                "ratio": round(mix["per_second"] / ref["per_second"], 3),
                "check_ins_done": checked_in,
                "documented_reference": REFERENCE_DOC.get(connections),
            }
        )
        print(
            f"[load]   reference {ref['per_second']} req/s, mix {mix['per_second']} req/s, "
            f"p99 {mix['p99_ms']} ms, errors {mix['errors']}, check-ins {checked_in}",
            flush=True,
        )
    pages = pages_alone(mornings[0], reference, args.page_seconds, args.rounds, args.pages)
    return report(levels, pages, readiness, facts)


def measure_pages(args, groups, readiness, port, ref_port, facts) -> dict:
    """--pages-only: log one group's accounts in and measure each main page alone."""
    morning = Morning("127.0.0.1", port, groups[0], SECRET, readiness)
    accounts = morning.log_in(threads=8)
    print(f"[load] pages alone: {accounts} accounts logged in", flush=True)
    reference = reference_action(ref_port)
    closed_loop(reference, 4, 2)  # warm-up of both servers
    closed_loop(morning.dashboard, 4, 2)
    pages = pages_alone(morning, reference, args.page_seconds, args.rounds, args.pages)
    return report([], pages, readiness, facts)


def report(levels: list[dict], pages: list[dict], readiness: bool, facts: dict) -> dict:
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "note": "load generator on the same machine; machine shared with other work",
        },
        "server": {
            "gunicorn_workers": WORKERS,
            "worker_class": "sync",
            "rate_limits": "disabled (RATELIMIT_ENABLED=False)",
            "database": "PostgreSQL, national-scale demo data + the morning",
            "seed": facts,
        },
        "readiness_included": readiness,
        "levels": levels,
        "pages": pages,
        "targets": targets(levels, pages),
    }


def targets(levels: list[dict], pages: list[dict]) -> dict:
    errors = sum(level["app"]["errors"] for level in levels) + sum(p["errors"] for p in pages)
    worst_p99 = max((level["app"]["p99_ms"] or 0 for level in levels), default=0)
    worst_ratio = min((p["ratio"] for p in pages), default=0)
    worst_page_p99 = max((p["p99_ms"] for p in pages), default=0)
    return {
        "no_errors": errors == 0,
        "p99_under_1s": worst_p99 < P99_TARGET_MS,
        "main_pages_half_reference": worst_ratio >= PAGE_RATIO_TARGET,
        "main_pages_p99_under_250ms": worst_page_p99 < PAGE_P99_TARGET_MS,
        "worst_p99_ms": worst_p99,
        "worst_page_ratio": worst_ratio,
        "worst_page_p99_ms": worst_page_p99,
    }


def print_table(result: dict) -> None:
    rows = [("level", "kind", "req/s", "p50 ms", "p99 ms", "errors")]
    for level in result["levels"]:
        c = level["connections"]
        ref = level["reference"]
        rows.append((f"{c} conn", "reference 20-row page", *_cells(ref)))
        rows.append((f"{c} conn", "morning mix (all)", *_cells(level["app"])))
        for kind, data in level["app"]["kinds"].items():
            rows.append(("", f"  {kind}", *_cells(data)))
    for page in result["pages"]:
        rows.append(
            (
                f"{page['connections']} conn",
                f"page {page['page']} (ref {page['reference_per_second']}, x{page['ratio']})",
                *_cells(page),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print("targets:", json.dumps(result["targets"]))


def _cells(data: dict) -> tuple:
    return (data["per_second"], data["p50_ms"], data["p99_ms"], data["errors"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--levels", default="4,16", help="connections per level")
    parser.add_argument("--seconds", type=float, default=30, help="mix duration per level")
    parser.add_argument("--ref-seconds", type=float, default=10, help="reference per level")
    parser.add_argument("--page-seconds", type=float, default=6, help="each main page alone")
    parser.add_argument("--sessions", type=int, default=12, help="sessions per level")
    parser.add_argument("--rebuild", action="store_true", help="reseed the bench database")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--no-fail", action="store_true", help="report missed targets only")
    parser.add_argument("--ports", default="", help="the app's and the reference's port")
    parser.add_argument("--pages-only", action="store_true", help="only each main page alone")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of each page alone")
    parser.add_argument("--pages", default="", help="only these pages alone (comma-separated)")
    args = parser.parse_args(argv)
    no_fail = no_fail_requested(args.no_fail)
    machine_is_loaded()
    args.levels = [int(x) for x in args.levels.split(",") if x.strip()]
    args.ports = [int(x) for x in args.ports.split(",") if x.strip()][:2] or None
    args.pages = [x.strip() for x in args.pages.split(",") if x.strip()]
    started = time.perf_counter()
    result = run(args, measure_pages, levels=1) if args.pages_only else run(args)
    result["wall_seconds"] = round(time.perf_counter() - started, 1)
    results = PAGES_RESULTS if args.pages_only else RESULTS
    results.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print_table(result)
    print(f"\nresults in {results} ({result['wall_seconds']} s)")
    missed = [k for k, v in result["targets"].items() if not k.startswith("worst") and not v]
    if missed:
        print(
            ("NOTE (--no-fail): " if no_fail else "FAIL: ") + "targets missed: " + ", ".join(missed)
        )
    machine_is_loaded()
    return 1 if missed and not no_fail else 0


if __name__ == "__main__":
    sys.exit(main())

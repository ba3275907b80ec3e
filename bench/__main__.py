"""python -m bench: national-scale benchmarks on SQLite (and PostgreSQL via BENCH_DATABASE_URL).

Writes bench/results.json and prints a table: every figure with its reference in the same
run and their ratio. Options: --rebuild (reseed even if the database holds this version's
data), --repetitions N, --only pages,readiness,... (some groups of cases; response-rollup:
the response roll-up cases without the import), --no-fail.

Exit status 1 when a statement count grows with the input or a ratio target of issue 13 is
missed (an entry with ``target_met`` false), unless --no-fail or BENCH_NO_FAIL=1: the
targets hold on a quiet machine; a warning is printed when the load average exceeds the
number of cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import (
    cases,
    cases_attendance,
    cases_certificates,
    cases_home,
    cases_pages,
    cases_readiness,
    cases_responses,
    cases_scheduling,
    cases_seed,
    database,
)
from bench.measure import machine_is_loaded
from bench.scratch import no_fail_requested

RESULTS = Path(__file__).resolve().parent / "results.json"
SEED_TARGET_SECONDS = 120.0
GROUPS = (
    "subtrees",
    "people",
    "scheduling",
    "attendance",
    "certificates",
    "readiness",
    "pages",
    "home",
    "responses",
    "response-rollup",
)


def seed_entry(facts: dict) -> dict:
    return {
        "name": "flask seed-demo --scale national (empty database)",
        "median": round(facts["seconds"], 3),
        "unit": "s",
        "reference_median": SEED_TARGET_SECONDS,
        "reference": "target: under 2 minutes",
        "ratio": round(facts["seconds"] / SEED_TARGET_SECONDS, 3),
        "repetitions": 1,
        "reused": facts["reused"],
        "built_at": facts["built_at"],
    }


def run_backend(label: str, url: str, args) -> list[dict]:
    app = database.make_app(url)
    with app.app_context():
        print(f"[{label}] preparing the national-scale database...", flush=True)
        facts = database.prepare(app, rebuild=args.rebuild)
        how = "reused from " + facts["built_at"] if facts["reused"] else "built now"
        print(f"[{label}] seed {facts['seconds']:.1f} s ({how})", flush=True)
        entries = [seed_entry(facts), cases_seed.seed_vs_bulk(facts["seconds"], facts["reused"])]
        note = None
        wanted = set(args.only)
        if "subtrees" in wanted:
            entries += cases.unit_subtrees(args.repetitions)
        if "people" in wanted:
            entries += cases.people_queries(args.repetitions)
            page_entries, note = cases.people_page(app, args.repetitions)
            entries += page_entries
            if note:
                print(f"[{label}] note: {note}", flush=True)
            counts = {entry["statements"] for entry in page_entries}
            for entry in page_entries:
                entry["statements_constant"] = len(counts) == 1
        if "scheduling" in wanted:
            entries += cases_scheduling.run(args.repetitions)
        if "attendance" in wanted:
            entries += cases_attendance.run(args.repetitions)
        if "certificates" in wanted:
            entries += cases_certificates.run(args.repetitions)
        if "readiness" in wanted:
            entries += cases_readiness.run(app, args.repetitions)
        if "pages" in wanted:
            entries += cases_pages.run(app, args.repetitions, url)
        if "home" in wanted:
            entries += cases_home.run(app, args.repetitions, url)
        database.db.session.remove()
        database.db.engine.dispose()
    if {"responses", "response-rollup"} & set(args.only):
        importing = "responses" in set(args.only)  # response-rollup: the roll-up cases only
        entries += cases_responses.run(url, args.repetitions, importing=importing)
    for item in entries:
        item["backend"] = label
        if note and "query, eager" in item["name"]:
            item["note"] = note
    return entries


def print_table(entries: list[dict]) -> None:
    header = ("backend", "benchmark", "median", "reference", "ratio", "stmts (ref)", "target")
    rows = [header]
    for e in entries:
        stmts = ""
        if "statements" in e:
            stmts = f"{e['statements']}" + (
                f" ({e['reference_statements']})" if "reference_statements" in e else ""
            )
        rows.append(
            (
                e["backend"],
                e["name"],
                f"{e['median']:.2f} {e['unit']}",
                f"{e['reference_median']:.2f} {e['unit']}  {e['reference']}",
                f"{e['ratio']:.2f}" if e["ratio"] is not None else "-",
                stmts,
                _target_cell(e),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * width for width in widths))


def _target_cell(entry: dict) -> str:
    if "target_met" not in entry:
        return ""
    figure = entry.get("throughput_ratio", entry["ratio"])
    return f"{'met' if entry['target_met'] else 'MISSED'}: {figure} ({entry['target']})"


def failures(entries: list[dict]) -> list[str]:
    found = []
    varying = sorted({e["backend"] for e in entries if e.get("statements_constant") is False})
    if varying:
        found.append(f"statement counts vary with the input size on {varying}")
    missed = [f"{e['backend']}: {e['name']}" for e in entries if e.get("target_met") is False]
    if missed:
        found.append("ratio targets missed: " + "; ".join(missed))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="reseed the bench databases")
    parser.add_argument("--repetitions", type=int, default=21, help="runs per measurement")
    parser.add_argument("--only", default=",".join(GROUPS), help="groups: " + ",".join(GROUPS))
    parser.add_argument("--no-fail", action="store_true", help="report missed targets only")
    args = parser.parse_args(argv)
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups {sorted(unknown)}; known: {', '.join(GROUPS)}")
    no_fail = no_fail_requested(args.no_fail)
    machine_is_loaded()
    started = time.perf_counter()
    entries: list[dict] = []
    for label, url in database.backends():
        entries += run_backend(label, url, args)
    RESULTS.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print_table(entries)
    print(f"\n{len(entries)} results in {RESULTS} ({time.perf_counter() - started:.0f} s)")
    problems = failures(entries)
    for problem in problems:
        print(("NOTE (--no-fail): " if no_fail else "FAIL: ") + problem)
    machine_is_loaded()
    return 1 if problems and not no_fail else 0


if __name__ == "__main__":
    sys.exit(main())

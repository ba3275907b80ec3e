"""python -m bench: national-scale benchmarks on SQLite (and PostgreSQL via BENCH_DATABASE_URL).

Writes bench/results.json and prints a table. Options: --rebuild (reseed even if the
database holds this version's data), --repetitions N.
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
    cases_readiness,
    cases_scheduling,
    cases_seed,
    database,
)

RESULTS = Path(__file__).resolve().parent / "results.json"
SEED_TARGET_SECONDS = 120.0


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
        entries += cases.unit_subtrees(args.repetitions)
        entries += cases.people_queries(args.repetitions)
        page_entries, note = cases.people_page(app, args.repetitions)
        entries += page_entries
        if note:
            print(f"[{label}] note: {note}", flush=True)
        if page_entries:
            counts = {entry["statements"] for entry in page_entries}
            for entry in page_entries:
                entry["statements_constant"] = len(counts) == 1
        entries += cases_scheduling.run(args.repetitions)
        entries += cases_attendance.run(args.repetitions)
        entries += cases_certificates.run(args.repetitions)
        entries += cases_readiness.run(app, args.repetitions)
        database.db.session.remove()
        database.db.engine.dispose()
    for item in entries:
        item["backend"] = label
        if note and "query, eager" in item["name"]:
            item["note"] = note
    return entries


def print_table(entries: list[dict]) -> None:
    header = ("backend", "benchmark", "median", "reference", "ratio", "stmts (ref)")
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
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="reseed the bench databases")
    parser.add_argument("--repetitions", type=int, default=21, help="runs per measurement")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    entries: list[dict] = []
    for label, url in database.backends():
        entries += run_backend(label, url, args)
    RESULTS.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print()
    print_table(entries)
    print(f"\n{len(entries)} results in {RESULTS} ({time.perf_counter() - started:.0f} s)")
    varying = [e["backend"] for e in entries if e.get("statements_constant") is False]
    if varying:
        print(f"FAIL: statement counts vary with the input size on {varying}")
    missed = [
        f"{e['backend']}: {e['name']} ({e['ratio']} > {e['target_ratio']})"
        for e in entries
        if e.get("target_ratio") is not None
        and e.get("ratio") is not None
        and e["ratio"] > e["target_ratio"]
    ]
    for line in missed:
        print(f"FAIL: ratio target missed: {line}")
    return 1 if varying or missed else 0


if __name__ == "__main__":
    sys.exit(main())

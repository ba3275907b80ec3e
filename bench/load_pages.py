"""Each main page alone against the minimal page, under gunicorn (issue 13 point 2).

``python -m bench.load --pages-only [--rounds 3] [--page-seconds 6] [--pages a,b]`` serves
the load test's copy of the national bench database with its morning (bench/load_morning.py)
and, for every page below, runs in turns: the minimal 20-row page (``bench/refapp.py``)
alone at 4 connections, then the page alone at 4 connections, ``rounds`` times. The
figure is the page's throughput over the reference's of the same round; an entry keeps
the median over the rounds of the ratio, the page's req/s and p99, and every round.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable

from bench.load_client import Browser
from bench.load_mix import Morning, Recorder, closed_loop, page_action, release, take

CONNECTIONS = 4


def main_pages(morning: Morning) -> list[tuple[str, Callable]]:
    """(name, action) of every main page, each as the accounts that open it."""
    commanders = [b for b, _code in morning.commanders]
    polda = [b for b, code in morning.commanders if len(code) <= 2]
    polres = [b for b, code in morning.commanders if len(code) > 2]
    codes = {id(b): code for b, code in morning.commanders}
    trainers = list(morning.trainers.items())
    participants = list(morning.participants.values())
    anonymous = [Browser(morning.host, morning.port) for _ in range(CONNECTIONS)]

    def sheet(rec: Recorder, rng: random.Random) -> None:
        picked = take(rng, trainers)
        if picked is None:
            return
        try:
            reply = picked[1].get(f"/attendance/sessions/{picked[0]}")
        finally:
            release(picked)
        rec.add("rollcall sheet", reply, reply.status == 200)

    def unit(b: Browser) -> str:
        return f"/units/{codes[id(b)]}"

    def people(b: Browser) -> str:
        return f"/people/?unit={codes[id(b)]}"

    pages = [
        ("home page (kapolda)", page_action(polda, lambda b: "/", "home")),
        ("home page (kapolres)", page_action(polres, lambda b: "/", "home")),
        ("home page (trainer)", page_action([b for _s, b in trainers], lambda b: "/", "home")),
        ("home page (participant)", page_action(participants, lambda b: "/", "home")),
        ("unit page", page_action(commanders, unit, "unit page")),
        ("people list", page_action(commanders, people, "people list")),
        ("checkin form", page_action(participants, lambda b: "/attendance/checkin", "form")),
        ("rollcall sheet", sheet),
        ("absence warnings", page_action(commanders, lambda b: "/reports/warnings", "warn")),
        ("sign-in page", page_action(anonymous, lambda b: "/login", "login")),
    ]
    if morning.readiness:
        pages.append(("readiness", page_action(commanders, lambda b: "/readiness/", "r")))
    return pages


def pages_alone(
    morning: Morning, reference: Callable, seconds: float, rounds: int = 3, only=None
) -> list[dict]:
    """One entry per main page (those named in ``only``, if given): medians of ``rounds``."""
    entries = []
    for name, action in main_pages(morning):
        if only and name not in only:
            continue
        measured = []
        for _ in range(rounds):
            ref = closed_loop(reference, CONNECTIONS, seconds)
            page = closed_loop(action, CONNECTIONS, seconds)
            measured.append((page, ref, page["per_second"] / ref["per_second"]))
        entries.append(_entry(name, measured))
        print(
            f"[load]   page {name}: ratio {entries[-1]['ratio']} "
            f"(rounds {entries[-1]['ratios']}), p99 {entries[-1]['p99_ms']} ms",
            flush=True,
        )
    return entries


def _entry(name: str, measured: list[tuple[dict, dict, float]]) -> dict:
    def median(values):
        return round(statistics.median(values), 3)

    return {
        "page": name,
        "connections": CONNECTIONS,
        "rounds": len(measured),
        "per_second": median([page["per_second"] for page, _ref, _r in measured]),
        "p50_ms": median([page["p50_ms"] or 0 for page, _ref, _r in measured]),
        "p99_ms": median([page["p99_ms"] or 0 for page, _ref, _r in measured]),
        "errors": sum(page["errors"] for page, _ref, _r in measured),
        "reference_per_second": median([ref["per_second"] for _p, ref, _r in measured]),
        "ratio": median([ratio for _p, _ref, ratio in measured]),
        "ratios": [round(ratio, 3) for _p, _ref, ratio in measured],
    }

"""The home page of every demo role against the minimal page (issue 14 point 1).

The pattern of ``bench/cases_pages.py``: each home page through Flask's test client as a
signed-in demo account, in turns with the minimal page of ``bench/refapp.py``, timed in CPU
time of this thread and in wall time. Besides the ratio, the entries of the three
commanders (a Polsek, a Polres and a Polda of the national demo: from a few dozen people to
thousands) must have the same statement count: the home page is bounded whatever the scope
(``statements_constant``, checked by ``python -m bench``).
"""

from __future__ import annotations

import time

from flask import Flask

from bench import refapp
from bench.cases_pages import RATIO_TARGET, _browser, _entry, _statements
from bench.measure import alternate
from training.extensions import db

#: (label, demo account); the commanders' scopes grow from one Polsek to a whole Polda.
HOMES = (
    ("kapolsek (one Polsek)", "kapolsek"),
    ("kapolres (one Polres)", "kapolres"),
    ("kapolda (a whole Polda)", "kapolda"),
    ("trainer (national)", "pelatih"),
    ("participant", "peserta"),
    ("admin", "admin"),
)
COMMANDERS = {"kapolsek", "kapolres", "kapolda"}


def run(app: Flask, repetitions: int, url: str) -> list[dict]:
    """One entry per demo account of ``HOMES`` that exists in the bench database."""
    reference = refapp.create_app(url).test_client()
    entries, commanders = [], []
    for label, username in HOMES:
        client = _browser(app, username)
        if client is None:
            print(f"[home] no demo account {username!r}: skipped", flush=True)
            continue
        client.get("/")  # the kept readiness roll-up is computed once, then read
        statements, status = _statements(app, client, "/")
        page = lambda client=client: client.get("/")  # noqa: E731
        ref = lambda: reference.get("/")  # noqa: E731
        cpu = alternate(page, ref, repetitions, warmup=3, clock=time.thread_time)
        wall = alternate(page, ref, repetitions)
        entry = _entry(f"home page, {label}", "/", cpu, wall, statements, status)
        entry["target"] = f"throughput >= {RATIO_TARGET} of the minimal page (issue 13, 14)"
        entries.append(entry)
        if username in COMMANDERS:
            commanders.append(entry)
    counts = {entry["statements"] for entry in commanders}
    for entry in commanders:
        entry["statements_constant"] = len(counts) == 1
    db.session.remove()
    return entries

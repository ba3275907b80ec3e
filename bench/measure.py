"""Timing helpers: alternate a candidate with its reference, take medians, count statements."""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Counter:
    count: int = 0
    history: list[int] = field(default_factory=list)


@contextlib.contextmanager
def counting(engine: Engine) -> Iterator[Counter]:
    """Count the SQL statements sent through ``engine`` (an executemany counts once)."""
    counter = Counter()

    def before(*_args, **_kwargs) -> None:
        counter.count += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


def timed(
    fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, object]:
    started = clock()
    value = fn()
    return clock() - started, value


@dataclass
class Pair:
    candidate: list[float]
    reference: list[float]

    @property
    def candidate_median(self) -> float:
        return statistics.median(self.candidate)

    @property
    def reference_median(self) -> float:
        return statistics.median(self.reference)


def alternate(
    candidate: Callable[[], object],
    reference: Callable[[], object],
    repetitions: int,
    warmup: int = 1,
    before_each: Callable[[], object] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Pair:
    """Run both ``repetitions`` times, alternating which goes first; times in seconds.

    ``clock=time.thread_time`` measures the CPU time of this thread instead of the wall
    clock: robust to a machine loaded by other work (time spent waiting for the CPU is
    not counted), but blind to time spent in another process (a database server)."""
    for _ in range(warmup):
        for fn in (candidate, reference):
            if before_each:
                before_each()
            fn()
    pair = Pair([], [])
    for i in range(repetitions):
        order = ((candidate, pair.candidate), (reference, pair.reference))
        for fn, times in order if i % 2 == 0 else order[::-1]:
            if before_each:
                before_each()
            times.append(timed(fn, clock)[0])
    return pair


def machine_is_loaded() -> bool:
    """Print a warning and answer True when the load average exceeds the cores."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        print(
            f"WARNING: load average {load:.1f} > {cores} cores: the machine is busy with other "
            "work; ratio targets hold on a quiet machine (use --no-fail or BENCH_NO_FAIL=1 "
            "to report without failing)",
            flush=True,
        )
        return True
    return False

"""Timing, baselines and the report table shared by every benchmark module.

Each module `benchmarks/bench_*.py` defines `run(env) -> list[Result]`. `env` gives the app
(on a throw-away database), a test client, `measure()` and the baselines measured first in the
same run, so every figure is a ratio against the same machine at the same moment.
"""
from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from flask import Flask, jsonify


@dataclass
class Stats:
    median_ms: float
    p95_ms: float
    samples: int
    # CPU milliseconds the application's processes spent per request: on this shared machine the stable
    # figure (wall-clock time depends on what else runs). In-process benchmarks: this process's CPU per call
    # (the app and SQLite run in it); gunicorn benchmarks: the master's and workers' CPU over a phase divided
    # by its requests (PostgreSQL's own CPU is not the app's and is not counted).
    cpu_ms: float | None = None

    @classmethod
    def of(cls, durations: list[float], cpu_seconds: list[float] | None = None) -> Stats:
        ordered = sorted(durations)
        p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
        cpu = statistics.median(cpu_seconds) * 1000 if cpu_seconds else None
        return cls(statistics.median(ordered) * 1000, p95 * 1000, len(ordered), cpu)

    def with_cpu(self, cpu_seconds: float, requests: int) -> Stats:
        return replace(self, cpu_ms=cpu_seconds * 1000 / requests) if requests else self


_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of process `pid` and all its descendants alive now (Linux /proc): gunicorn's master
    and workers. Read before and after a phase; the difference is what the phase cost the app."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        child = int(stat.parent.name)
        parents[child] = int(fields[1])
        times[child] = (int(fields[11]) + int(fields[12])) / _TICK
    wanted, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, ppid in parents.items():
            if ppid == parent and child not in wanted:
                wanted.add(child)
                frontier.append(child)
    return sum(times.get(p, 0.0) for p in wanted)


@dataclass
class Result:
    name: str
    stats: Stats | None
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None
    note: str = ""


def measure(fn: Callable[[], object], n: int = 300, warmup: int = 30) -> Stats:
    for _ in range(warmup):
        fn()
    durations, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        durations.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Stats.of(durations, cpu)


def measure_pair(first: Callable[[], object], second: Callable[[], object], n: int = 300,
                 warmup: int = 30) -> tuple[Stats, Stats]:
    """Time two calls alternately, so both see the same load (a busy machine's load drifts: a
    baseline measured at the start of the run may have been taken under another load)."""
    for _ in range(warmup):
        first()
        second()
    a, b, cpu_a, cpu_b = [], [], [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        first()
        middle, middle_cpu = time.perf_counter(), time.process_time()
        second()
        a.append(middle - start)
        b.append(time.perf_counter() - middle)
        cpu_a.append(middle_cpu - start_cpu)
        cpu_b.append(time.process_time() - middle_cpu)
    return Stats.of(a, cpu_a), Stats.of(b, cpu_b)


def add_baseline_routes(app: Flask) -> None:
    """The bare routes every ratio is measured against, on the same app and stack."""
    from app.extensions import db
    from app.models import Event

    @app.get("/_bench/constant")
    def bench_constant():
        return jsonify(status="ok")

    @app.get("/_bench/read/<int:event_id>")
    def bench_read(event_id: int):
        event = db.session.get(Event, event_id)
        return jsonify(slug=event.slug)


@dataclass
class Env:
    app: Flask
    client: object
    baselines: dict[str, Stats] = field(default_factory=dict)
    data: dict = field(default_factory=dict)

    def ratio_result(self, name: str, stats: Stats, baseline: str, max_ratio: float, note: str = "") -> Result:
        base = self.baselines[baseline]
        ratio = stats.median_ms / base.median_ms
        return Result(name, stats, baseline, ratio, f"≤ {max_ratio:g}× {baseline}", ratio <= max_ratio, note)

    def paired_result(self, name: str, pair: tuple[Stats, Stats], baseline: str, max_ratio: float,
                      note: str = "") -> Result:
        """`pair` from measure_pair(the baseline's call, this call): the ratio against the baseline
        timed in turn with it, not the one taken at the start of the run."""
        beside, stats = pair
        ratio = stats.median_ms / beside.median_ms
        label = f"{baseline}, timed in turn"
        return Result(name, stats, label, ratio, f"≤ {max_ratio:g}× {baseline}", ratio <= max_ratio,
                      "; ".join(filter(None, [note, f"{baseline} in turn: {beside.median_ms:.2f} ms"])))


def table(results: list[Result]) -> str:
    lines = [
        "| benchmark | median ms | p95 ms | CPU ms/req | baseline | ratio | goal | met | note |",
        "|---|---:|---:|---:|---|---:|---|---|---|",
    ]
    for r in results:
        med = f"{r.stats.median_ms:.2f}" if r.stats else ""
        p95 = f"{r.stats.p95_ms:.2f}" if r.stats else ""
        cpu = f"{r.stats.cpu_ms:.2f}" if r.stats and r.stats.cpu_ms is not None else ""
        ratio = f"{r.ratio:.2f}" if r.ratio is not None else ""
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.name} | {med} | {p95} | {cpu} | {r.baseline} | {ratio} | {r.goal} | {met} | {r.note} |")
    return "\n".join(lines)

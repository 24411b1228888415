"""The two mentoring engines on a conference's numbers (no database: they are pure functions over values).

- "matching 150 mentees with 100 mentors": the assignment problem (100 mentors × 2 places = 200 slots), leaders
  spread over the real kommuner in seeds/kommuner.csv (so some have no mentor nearby); goal < 1 s of CPU;
- "peer groups for 400 participants": 67 groups of 5–6 from the sort and the local search; goal < 5 s of CPU.
Median and p95 over a few runs (each is a whole organiser's action, not a request). Run alone with
`python -m benchmarks.bench_mentoring` (prints the rows, writes nothing).
"""
from __future__ import annotations

import csv
import random
import time
from collections.abc import Callable
from pathlib import Path

from app.mentoring.groups import Participant, form_groups
from app.mentoring.matching import Mentee, Mentor, match
from app.mentoring.themes import THEMES
from benchmarks.harness import Result, Stats, table

MENTEES, MENTORS, CAPACITY, PARTICIPANTS = 150, 100, 2, 400
GOAL_MATCH_MS, GOAL_GROUPS_MS = 1000, 5000
KOMMUNER = Path(__file__).resolve().parent.parent / "seeds" / "kommuner.csv"


def _places() -> list[tuple[str, str]]:
    with KOMMUNER.open(encoding="utf-8") as f:
        return [(row["kommunenummer"], row["fylkesnummer"]) for row in csv.DictReader(f)]


def leaders(seed: int = 2027) -> tuple[list[Mentee], list[Mentor], list[Participant]]:
    rng = random.Random(seed)
    places, themes = _places(), sorted(THEMES)

    def one(kind, i, years):
        kommune, fylke = rng.choice(places)
        return kind(i, kommune, fylke, rng.randrange(5), years, frozenset(rng.sample(themes, rng.randint(1, 3))))

    mentees = [one(Mentee, i, rng.randrange(2)) for i in range(1, MENTEES + 1)]
    mentors = [one(Mentor, 1000 + i, 3 + rng.randrange(2)) for i in range(1, MENTORS + 1)]
    participants = [Participant(i, rng.choice(places)[0], rng.randrange(5), rng.randrange(5))
                    for i in range(1, PARTICIPANTS + 1)]
    return mentees, mentors, participants


def _timed(fn: Callable[[], object], runs: int) -> tuple[Stats, object]:
    durations, cpu, out = [], [], None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        durations.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return Stats.of(durations, cpu), out


def run(env: object = None) -> list[Result]:
    mentees, mentors, participants = leaders()
    match(mentees[:5], mentors[:5])  # warm-up: scipy imported
    matched, result = _timed(lambda: match(mentees, mentors, CAPACITY), 7)
    grouped, grouping = _timed(lambda: form_groups(participants), 3)
    return [
        Result(f"matching {MENTEES} mentees with {MENTORS} mentors (×{CAPACITY} places)", matched,
               goal=f"CPU < {GOAL_MATCH_MS / 1000:g} s", met=matched.cpu_ms < GOAL_MATCH_MS,
               note=f"{len(result.pairs)} pairs, {len(result.unmatched)} with no mentor nearby or free; 7 runs"),
        Result(f"peer groups for {PARTICIPANTS} participants", grouped, goal=f"CPU < {GOAL_GROUPS_MS / 1000:g} s",
               met=grouped.cpu_ms < GOAL_GROUPS_MS,
               note=f"{len(grouping.groups)} groups, {len(grouping.warnings)} warnings, cost {grouping.cost}; 3 runs"),
    ]


if __name__ == "__main__":
    print(table(run()))

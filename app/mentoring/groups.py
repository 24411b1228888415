"""Peer groups (kollegagrupper): the participants of an event in groups of 5–8 from schools of similar size,
from different kommuner, with a spread of experience. Pure: plain values in, plain values out.

The sizes are fixed first (`group_sizes`): as many groups as makes them nearest `Rules.preferred` within
[smallest, largest], as even as can be (11 people: 5 and 6). The outcomes that cannot keep the rule are defined:
- fewer than `smallest` (4 people): one group of them all, with the warning `too_few`;
- a number no split keeps within the bounds (9 with 5–8): the fewest groups of `largest` at most, one of them
  under `smallest`, with the warning `small_group`.
Then who goes where: a start from the participants sorted by school size, cut into groups of those sizes; then
a local search swaps two people of different groups while that lowers the total cost (repeated kommune ≫
spread of school size > two in one years band), until no swap helps. Sizes never change in the search. A group
that still has two from one kommune (there was no way out) is reported: `same_kommune`.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

TOO_FEW, SMALL_GROUP, SAME_KOMMUNE = "too_few", "small_group", "same_kommune"
UNKNOWN_SIZE = 2  # the middle band, for a school size we do not know


@dataclass(frozen=True)
class Participant:
    id: int
    kommune: str
    size: int | None = None  # the school size band, 0 … 4
    years: int | None = None  # the years-as-leader band, 0 … 4


@dataclass(frozen=True)
class Rules:
    smallest: int = 5
    largest: int = 8
    preferred: int = 6
    same_kommune: int = 100  # cost per two members from one kommune
    per_size_band: int = 4  # cost per band between a group's smallest and largest school
    per_same_years: int = 1  # cost per two members in one years band (so 3 + 3 beats 5 + 1)
    max_passes: int = 50


@dataclass(frozen=True)
class Warning:
    code: str  # TOO_FEW | SMALL_GROUP | SAME_KOMMUNE
    group: int  # the group's index


@dataclass(frozen=True)
class Grouping:
    groups: tuple[tuple[int, ...], ...]  # the participants' ids, group by group
    warnings: tuple[Warning, ...]
    cost: int


def group_sizes(count: int, rules: Rules = Rules()) -> list[int]:
    if count <= 0:
        return []
    if count < rules.smallest:
        return [count]
    fewest, most = math.ceil(count / rules.largest), count // rules.smallest
    groups = fewest if fewest > most else min(max(round(count / rules.preferred), fewest), most)
    return [count // groups + (1 if i < count % groups else 0) for i in range(groups)]


def form_groups(people: Sequence[Participant], rules: Rules = Rules()) -> Grouping:
    if len({p.id for p in people}) != len(people):
        raise ValueError("duplicate participant id")
    ordered = sorted(people, key=lambda p: (_size(p), p.years if p.years is not None else -1, p.id))
    groups: list[list[Participant]] = []
    start = 0
    for size in group_sizes(len(people), rules):
        groups.append(ordered[start:start + size])
        start += size
    _improve(groups, rules)
    groups.sort(key=lambda g: (sum(_size(p) for p in g) / len(g), min(p.id for p in g)))
    result = tuple(tuple(sorted(p.id for p in g)) for g in groups)
    return Grouping(result, _warnings(groups, rules), sum(cost(g, rules) for g in groups))


def cost(group: Sequence[Participant], rules: Rules = Rules()) -> int:
    sizes = [_size(p) for p in group]
    years = Counter(p.years for p in group if p.years is not None)
    kommuner = Counter(p.kommune for p in group)
    return (rules.same_kommune * _pairs(kommuner)
            + rules.per_size_band * (max(sizes) - min(sizes))
            + rules.per_same_years * _pairs(years))


def _pairs(counts: Counter) -> int:
    """How many two-of-a-kind a group has: it grows faster than the count, so an even spread costs least."""
    return sum(n * (n - 1) // 2 for n in counts.values())


def _size(person: Participant) -> int:
    return UNKNOWN_SIZE if person.size is None else person.size


def _improve(groups: list[list[Participant]], rules: Rules) -> None:
    """Swap two people of different groups while a swap lowers the cost of the two (the best swap of each pair
    of groups, pass after pass)."""
    tallies = [_Tally(g) for g in groups]
    for _pass in range(rules.max_passes):
        improved = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                improved |= _swap_best(groups, tallies, i, j, rules)
        if not improved:
            return


class _Tally:
    """A group's counts by kommune, school size and years band: what `cost` needs, to price a swap quickly."""

    def __init__(self, group: Sequence[Participant]) -> None:
        self.kommuner = Counter(p.kommune for p in group)
        self.sizes = Counter(_size(p) for p in group)
        self.years = Counter(p.years for p in group if p.years is not None)

    def cost(self, rules: Rules) -> int:
        return (rules.same_kommune * _pairs(self.kommuner) + rules.per_size_band * (max(self.sizes) - min(self.sizes))
                + rules.per_same_years * _pairs(self.years))

    def change(self, out: Participant, into: Participant, rules: Rules) -> int:
        """How the cost changes when `out` leaves and `into` joins."""
        delta = 0
        if out.kommune != into.kommune:
            delta += rules.same_kommune * (self.kommuner[into.kommune] - self.kommuner[out.kommune] + 1)
        if out.years != into.years:
            delta += rules.per_same_years * (
                (self.years[into.years] if into.years is not None else 0)
                - (self.years[out.years] - 1 if out.years is not None else 0))
        old, new = _size(out), _size(into)
        if old != new:
            present = [s for s, n in self.sizes.items() if n - (s == old) > 0] + [new]
            delta += rules.per_size_band * (max(present) - min(present) - (max(self.sizes) - min(self.sizes)))
        return delta

    def swap(self, out: Participant, into: Participant) -> None:
        for counts, old, new in ((self.kommuner, out.kommune, into.kommune), (self.sizes, _size(out), _size(into)),
                                 (self.years, out.years, into.years)):
            if old is not None:
                counts[old] -= 1
                if not counts[old]:
                    del counts[old]
            if new is not None:
                counts[new] += 1


def _swap_best(groups: list[list[Participant]], tallies: list[_Tally], i: int, j: int, rules: Rules) -> bool:
    first, second = groups[i], groups[j]
    best, where = 0, None
    for a, x in enumerate(first):
        for b, y in enumerate(second):
            delta = tallies[i].change(x, y, rules) + tallies[j].change(y, x, rules)
            if delta < best:
                best, where = delta, (a, b)
    if where is None:
        return False
    a, b = where
    x, y = first[a], second[b]
    tallies[i].swap(x, y)
    tallies[j].swap(y, x)
    first[a], second[b] = y, x
    return True


def _warnings(groups: list[list[Participant]], rules: Rules) -> tuple[Warning, ...]:
    found = []
    for index, group in enumerate(groups):
        if len(group) < rules.smallest:
            found.append(Warning(TOO_FEW if len(groups) == 1 else SMALL_GROUP, index))
        if len({p.kommune for p in group}) < len(group):
            found.append(Warning(SAME_KOMMUNE, index))
    return tuple(found)


def describe_warning(warning: Warning, rules: Rules = Rules()) -> str:
    number = warning.group + 1
    if warning.code == TOO_FEW:
        return _("For få deltakere til flere grupper: alle er i én gruppe (færre enn %(smallest)d).",
                 smallest=rules.smallest)
    if warning.code == SMALL_GROUP:
        return _("Gruppe %(number)d har færre enn %(smallest)d deltakere: antallet lot seg ikke dele jevnere.",
                 number=number, smallest=rules.smallest)
    return _("Gruppe %(number)d har to deltakere fra samme kommune: det fantes ingen bytte som unngikk det.",
             number=number)

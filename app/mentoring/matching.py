"""Mentees to mentors: an assignment problem, solved exactly with scipy's linear_sum_assignment (no database,
no request: plain values in, plain values out).

The rules:
- never a mentor from the mentee's own kommune; with `Weights.nearby_only` (the default) only a mentor in the
  same or a neighbouring fylke (app/mentoring/fylker.py);
- a mentor takes at most `capacity` mentees (each mentor is expanded into that many slots; a mentor's own
  `capacity` overrides it);
- locked pairs (the organiser's) are kept as they are and use up their mentor's slots;
- among the allowed pairs: as many mentees matched as possible, and among those the largest sum of scores:
  same fylke (or a neighbouring one), themes in common, similar school size (`Weights`).
Each pair comes with its reasons («samme fylke, 2 felles temaer, lik skolestørrelse»: `describe`), each mentee
left without a mentor with why («ingen mentor i nærheten …»: `describe_unmatched`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext

from app.mentoring.fylker import are_neighbours

SAME, NEIGHBOUR, OTHER = "same", "neighbour", "other"  # how the two fylker relate
NONE_NEARBY, MENTORS_FULL = "none_nearby", "mentors_full"  # why a mentee has no mentor


@dataclass(frozen=True)
class Leader:
    id: int
    kommune: str  # kommunenummer
    fylke: str  # fylkesnummer
    size: int | None = None  # the school size band, 0 (smallest) … 4; None: not known
    years: int | None = None  # years as leader, 0 (under 1) … 4 (more than 10)
    themes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mentee(Leader):
    pass


@dataclass(frozen=True)
class Mentor(Leader):
    capacity: int | None = None  # None: the matching's own capacity


@dataclass(frozen=True)
class Weights:
    same_fylke: int = 10
    neighbour_fylke: int = 5
    per_common_theme: int = 3
    per_size_step: int = 2  # taken off per band of school size between them
    unknown_size_steps: int = 2  # the steps counted when either school size is unknown
    nearby_only: bool = True  # False: a mentor anywhere in the country (but never in the same kommune)


@dataclass(frozen=True)
class Pair:
    mentee_id: int
    mentor_id: int
    score: int
    fylke: str  # SAME | NEIGHBOUR | OTHER
    common_themes: tuple[str, ...]
    size_steps: int | None  # None: a school size is unknown
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    reason: str  # NONE_NEARBY | MENTORS_FULL


@dataclass(frozen=True)
class Matching:
    pairs: tuple[Pair, ...]
    unmatched: tuple[Unmatched, ...]

    @property
    def score(self) -> int:
        return sum(p.score for p in self.pairs)


class MatchingError(ValueError):
    """Input the matching cannot honour. `reason`: duplicate_id | unknown_id | locked_same_kommune |
    locked_twice | locked_over_capacity | bad_capacity."""

    def __init__(self, reason: str, id_: int | None = None) -> None:
        super().__init__(f"{reason}: {id_}")
        self.reason = reason
        self.id = id_


def pair_of(mentee: Mentee, mentor: Mentor, weights: Weights = Weights(), locked: bool = False) -> Pair | None:
    """The pair with its score and reasons, or None when it is not allowed."""
    if mentee.kommune == mentor.kommune:
        return None
    relation = SAME if mentee.fylke == mentor.fylke else NEIGHBOUR if are_neighbours(mentee.fylke, mentor.fylke) \
        else OTHER
    if relation == OTHER and weights.nearby_only and not locked:
        return None
    common = tuple(sorted(mentee.themes & mentor.themes))
    steps = None if mentee.size is None or mentor.size is None else abs(mentee.size - mentor.size)
    score = {SAME: weights.same_fylke, NEIGHBOUR: weights.neighbour_fylke, OTHER: 0}[relation]
    score += weights.per_common_theme * len(common)
    score -= weights.per_size_step * (weights.unknown_size_steps if steps is None else steps)
    return Pair(mentee.id, mentor.id, score, relation, common, steps, locked)


def match(mentees: Sequence[Mentee], mentors: Sequence[Mentor], capacity: int = 2, weights: Weights = Weights(),
          locked: Iterable[tuple[int, int]] = ()) -> Matching:
    """The best matching for these weights (see the module's rules); `locked` holds (mentee id, mentor id)."""
    if capacity < 1 or any(m.capacity is not None and m.capacity < 0 for m in mentors):
        raise MatchingError("bad_capacity")
    _check_unique(mentees)
    _check_unique(mentors)
    fixed = _locked_pairs(mentees, mentors, capacity, weights, locked)
    taken = Counter(p.mentor_id for p in fixed)
    free = [m for m in mentees if m.id not in {p.mentee_id for p in fixed}]
    slots = [mentor for mentor in mentors for _ in range(_capacity(mentor, capacity) - taken[mentor.id])]
    options = [[pair_of(mentee, mentor, weights) for mentor in mentors] for mentee in free]
    chosen = _solve(options, mentors, slots)
    matched = {p.mentee_id for p in chosen}
    unmatched = tuple(Unmatched(m.id, MENTORS_FULL if any(row) else NONE_NEARBY)
                      for m, row in zip(free, options, strict=True) if m.id not in matched)
    order = {m.id: i for i, m in enumerate(mentees)}
    pairs = sorted([*fixed, *chosen], key=lambda p: order[p.mentee_id])
    return Matching(tuple(pairs), unmatched)


def _capacity(mentor: Mentor, capacity: int) -> int:
    return capacity if mentor.capacity is None else mentor.capacity


def _check_unique(people: Sequence[Leader]) -> None:
    seen: set[int] = set()
    for person in people:
        if person.id in seen:
            raise MatchingError("duplicate_id", person.id)
        seen.add(person.id)


def _locked_pairs(mentees: Sequence[Mentee], mentors: Sequence[Mentor], capacity: int, weights: Weights,
                  locked: Iterable[tuple[int, int]]) -> list[Pair]:
    by_mentee = {m.id: m for m in mentees}
    by_mentor = {m.id: m for m in mentors}
    pairs: list[Pair] = []
    for mentee_id, mentor_id in locked:
        if mentee_id not in by_mentee or mentor_id not in by_mentor:
            raise MatchingError("unknown_id", mentee_id if mentee_id not in by_mentee else mentor_id)
        if any(p.mentee_id == mentee_id for p in pairs):
            raise MatchingError("locked_twice", mentee_id)
        pair = pair_of(by_mentee[mentee_id], by_mentor[mentor_id], weights, locked=True)
        if pair is None:
            raise MatchingError("locked_same_kommune", mentee_id)
        pairs.append(pair)
    for mentor_id, count in Counter(p.mentor_id for p in pairs).items():
        if count > _capacity(by_mentor[mentor_id], capacity):
            raise MatchingError("locked_over_capacity", mentor_id)
    return pairs


def _solve(options: list[list[Pair | None]], mentors: Sequence[Mentor], slots: list[Mentor]) -> list[Pair]:
    """Maximise (number matched, total score): a feasible pair is worth OFFSET + its score, where OFFSET is more
    than any difference in total score, so one more pair always wins; a forbidden one is worth 0 (unmatched)."""
    # numpy and scipy (~40 MB) are imported when a matching is made, not when a worker starts.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not options or not slots:
        return []
    scores = [p.score for row in options for p in row if p is not None]
    if not scores:
        return []
    offset = 1 + 2 * len(options) * (max(abs(s) for s in scores) + 1)
    column_of = {mentor.id: j for j, mentor in enumerate(mentors)}
    per_mentor = np.array([[0 if p is None else offset + p.score for p in row] for row in options], dtype=np.int64)
    value = per_mentor[:, [column_of[slot.id] for slot in slots]]
    rows, columns = linear_sum_assignment(value, maximize=True)
    return [options[i][column_of[slots[j].id]] for i, j in zip(rows, columns, strict=True) if value[i, j] > 0]


# --- words ---------------------------------------------------------------------------------------

def describe(pair: Pair, show_lock: bool = True) -> str:
    """Why this pair, in words: «samme fylke, 2 felles temaer, lik skolestørrelse» (an approved pair, kept like a
    lock by the matching, without «låst av arrangør»: `show_lock=False`)."""
    parts = [_("låst av arrangør")] if pair.locked and show_lock else []
    parts.append({SAME: _("samme fylke"), NEIGHBOUR: _("nabofylke"), OTHER: _("ulike fylker")}[pair.fylke])
    count = len(pair.common_themes)
    parts.append(ngettext("%(num)d felles tema", "%(num)d felles temaer", count) if count else
                 _("ingen felles temaer"))
    if pair.size_steps is None:
        parts.append(_("skolestørrelse ukjent"))
    else:
        parts.append(_("lik skolestørrelse") if pair.size_steps == 0 else
                     _("nesten lik skolestørrelse") if pair.size_steps == 1 else _("ulik skolestørrelse"))
    return ", ".join(parts)


def describe_unmatched(unmatched: Unmatched) -> str:
    if unmatched.reason == NONE_NEARBY:
        return _("ingen mentor i nærheten (samme fylke eller nabofylke, en annen kommune)")
    return _("mentorene i nærheten har ikke flere ledige plasser")

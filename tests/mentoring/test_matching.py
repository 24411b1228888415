"""The mentor matching: optimal for its weights (against brute force on small random cases), its rules always
hold, and every mentee it leaves out is there with a reason."""
from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.mentoring.fylker import FYLKER, NEIGHBOURS, are_neighbours
from app.mentoring.matching import (
    MENTORS_FULL,
    NONE_NEARBY,
    Matching,
    MatchingError,
    Mentee,
    Mentor,
    Unmatched,
    Weights,
    describe,
    describe_unmatched,
    match,
    pair_of,
)
from app.mentoring.themes import THEMES

# A few kommuner in four fylker: Oslo and Akershus are neighbours, Akershus and Østfold too; Finnmark is far.
KOMMUNER = [("0301", "03"), ("3201", "32"), ("3203", "32"), ("3101", "31"), ("5601", "56")]


LEADER = st.tuples(st.sampled_from(KOMMUNER), st.one_of(st.none(), st.integers(0, 4)),
                   st.frozensets(st.sampled_from(sorted(THEMES)), max_size=3))


@st.composite
def cases(draw):
    def people(kind, first_id, most):
        rows = draw(st.lists(LEADER, max_size=most))
        return [kind(first_id + i, kommune, fylke, size, None, themes)
                for i, ((kommune, fylke), size, themes) in enumerate(rows)]
    mentees = people(Mentee, 1, 5)
    mentors = people(Mentor, 100, 3)
    capacity = draw(st.integers(1, 2))
    nearby_only = draw(st.booleans())
    return mentees, mentors, capacity, Weights(nearby_only=nearby_only)


def brute_force(mentees, mentors, capacity, weights):
    """The best (number matched, total score) over every way to give each mentee a mentor or none."""
    best = (0, 0)
    choices = [None, *mentors]
    for assignment in itertools.product(choices, repeat=len(mentees)):
        used = Counter(m.id for m in assignment if m is not None)
        if any(n > capacity for n in used.values()):
            continue
        pairs = [pair_of(mentee, mentor, weights) for mentee, mentor in zip(mentees, assignment, strict=True)
                 if mentor]
        if any(p is None for p in pairs):
            continue
        best = max(best, (len(pairs), sum(p.score for p in pairs)))
    return best


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_matching_is_optimal_for_its_weights(case):
    mentees, mentors, capacity, weights = case
    result = match(mentees, mentors, capacity, weights)
    assert (len(result.pairs), result.score) == brute_force(mentees, mentors, capacity, weights)


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_rules_always_hold(case):
    mentees, mentors, capacity, weights = case
    result = match(mentees, mentors, capacity, weights)
    by_id = {p.id: p for p in [*mentees, *mentors]}
    for pair in result.pairs:
        mentee, mentor = by_id[pair.mentee_id], by_id[pair.mentor_id]
        assert mentee.kommune != mentor.kommune
        if weights.nearby_only:
            assert mentee.fylke == mentor.fylke or are_neighbours(mentee.fylke, mentor.fylke)
    assert max(Counter(p.mentor_id for p in result.pairs).values(), default=0) <= capacity
    # Every mentee exactly once: in a pair or left out with a reason.
    assert sorted([p.mentee_id for p in result.pairs] + [u.mentee_id for u in result.unmatched]) == \
        [m.id for m in mentees]


def test_a_pair_with_its_reasons_in_words():
    mentee = Mentee(1, "3201", "32", size=1, themes=frozenset({"juss", "okonomi", "rammeplan"}))
    mentor = Mentor(2, "3203", "32", size=1, themes=frozenset({"juss", "okonomi", "personalledelse"}))
    result = match([mentee], [mentor])
    assert [describe(p) for p in result.pairs] == ["samme fylke, 2 felles temaer, lik skolestørrelse"]
    assert result.pairs[0].score == 10 + 2 * 3


def test_the_nearer_mentor_is_chosen_and_never_the_same_kommune():
    mentee = Mentee(1, "0301", "03", size=2, themes=frozenset({"juss"}))
    same_kommune = Mentor(10, "0301", "03", size=2, themes=frozenset({"juss"}))
    neighbour = Mentor(11, "3201", "32", size=3)
    far = Mentor(12, "5601", "56", size=2, themes=frozenset({"juss"}))
    result = match([mentee], [same_kommune, neighbour, far])
    assert [(p.mentor_id, describe(p)) for p in result.pairs] == [
        (11, "nabofylke, ingen felles temaer, nesten lik skolestørrelse")]


def test_a_mentee_with_no_mentor_nearby_is_reported_with_the_reason():
    north = Mentee(1, "5601", "56")
    oslo = Mentee(2, "0301", "03")
    result = match([north, oslo], [Mentor(10, "3201", "32", capacity=1)])
    assert [p.mentee_id for p in result.pairs] == [2]
    assert result.unmatched == (Unmatched(1, NONE_NEARBY),)
    assert describe_unmatched(result.unmatched[0]) == \
        "ingen mentor i nærheten (samme fylke eller nabofylke, en annen kommune)"


def test_more_mentees_than_places_leaves_the_lowest_scoring_out_as_full():
    mentor = Mentor(10, "3201", "32", size=0, themes=frozenset({"juss"}))
    close = Mentee(1, "3203", "32", size=0, themes=frozenset({"juss"}))
    further = Mentee(2, "0301", "03", size=4)
    result = match([further, close], [mentor], capacity=1)
    assert [p.mentee_id for p in result.pairs] == [1]
    assert result.unmatched == (Unmatched(2, MENTORS_FULL),)
    assert describe_unmatched(result.unmatched[0]) == "mentorene i nærheten har ikke flere ledige plasser"


def test_locked_pairs_are_kept_and_use_up_the_mentors_places():
    a = Mentee(1, "3203", "32", size=0)
    b = Mentee(2, "3101", "31", size=4)
    good = Mentor(10, "3201", "32", size=0)
    other = Mentor(11, "3205", "32", size=4)
    assert {(p.mentee_id, p.mentor_id) for p in match([a, b], [good, other], capacity=1).pairs} == {(1, 10), (2, 11)}
    locked = match([a, b], [good, other], capacity=1, locked=[(2, 10)])
    assert [(p.mentee_id, p.mentor_id, p.locked) for p in locked.pairs] == [(1, 11, False), (2, 10, True)]
    assert describe(locked.pairs[1]) == "låst av arrangør, nabofylke, ingen felles temaer, ulik skolestørrelse"


@pytest.mark.parametrize(("locked", "reason"), [
    ([(1, 11)], "locked_same_kommune"),
    ([(1, 10), (1, 10)], "locked_twice"),
    ([(9, 10)], "unknown_id"),
    ([(1, 10), (2, 10)], "locked_over_capacity"),
])
def test_a_locked_pair_that_cannot_be_kept_is_refused(locked, reason):
    mentees = [Mentee(1, "0301", "03"), Mentee(2, "3101", "31")]
    mentors = [Mentor(10, "3201", "32"), Mentor(11, "0301", "03")]
    with pytest.raises(MatchingError) as error:
        match(mentees, mentors, capacity=1, locked=locked)
    assert error.value.reason == reason


def test_a_mentor_may_take_fewer_than_the_rest():
    mentees = [Mentee(i, "3203", "32") for i in (1, 2, 3)]
    result = match(mentees, [Mentor(10, "3201", "32", capacity=1), Mentor(11, "0301", "03")], capacity=3)
    assert Counter(p.mentor_id for p in result.pairs) == {10: 1, 11: 2}


def test_nothing_to_match():
    assert match([], []) == Matching((), ())
    assert match([Mentee(1, "0301", "03")], []).unmatched == (Unmatched(1, NONE_NEARBY),)


def test_the_neighbours_of_the_15_fylker_are_symmetric():
    assert len(FYLKER) == 15
    assert all(NEIGHBOURS[n] for n in FYLKER)
    assert all(a in NEIGHBOURS[b] for a in FYLKER for b in NEIGHBOURS[a])
    assert NEIGHBOURS["03"] == {"32"}
    assert NEIGHBOURS["56"] == {"55"}

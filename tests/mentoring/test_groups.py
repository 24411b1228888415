"""Peer groups: everyone in exactly one group, the sizes as the rules say (odd numbers included), the
warnings true, and no swap of two people left that would make the groups better."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.mentoring.groups import (
    SAME_KOMMUNE,
    SMALL_GROUP,
    TOO_FEW,
    Participant,
    Rules,
    Warning,
    cost,
    describe_warning,
    form_groups,
    group_sizes,
)

PEOPLE = st.lists(
    st.tuples(st.integers(0, 12), st.one_of(st.none(), st.integers(0, 4)), st.one_of(st.none(), st.integers(0, 4))),
    max_size=30,
).map(lambda rows: [Participant(i, f"k{k}", size, years) for i, (k, size, years) in enumerate(rows, start=1)])


@settings(max_examples=120, deadline=None)
@given(PEOPLE)
def test_everyone_is_in_exactly_one_group_of_the_defined_size(people):
    result = form_groups(people)
    assert sorted(i for g in result.groups for i in g) == [p.id for p in people]
    sizes = sorted(len(g) for g in result.groups)
    assert sizes == sorted(group_sizes(len(people)))
    if len(people) >= 10 or 5 <= len(people) <= 8:
        assert all(5 <= s <= 8 for s in sizes)
    assert max(sizes, default=0) - min(sizes, default=0) <= 1


@settings(max_examples=120, deadline=None)
@given(PEOPLE)
def test_the_warnings_are_true(people):
    result = form_groups(people)
    by_id = {p.id: p for p in people}
    repeated = {i for i, g in enumerate(result.groups) if len({by_id[m].kommune for m in g}) < len(g)}
    assert {w.group for w in result.warnings if w.code == SAME_KOMMUNE} == repeated
    small = {i for i, g in enumerate(result.groups) if len(g) < 5}
    assert {w.group for w in result.warnings if w.code in (TOO_FEW, SMALL_GROUP)} == small


@settings(max_examples=60, deadline=None)
@given(PEOPLE)
def test_no_swap_of_two_people_would_make_it_better(people):
    result = form_groups(people)
    by_id = {p.id: p for p in people}
    groups = [[by_id[i] for i in g] for g in result.groups]
    assert result.cost == sum(cost(g) for g in groups)
    for x in range(len(groups)):
        for y in range(x + 1, len(groups)):
            before = cost(groups[x]) + cost(groups[y])
            for a in range(len(groups[x])):
                for b in range(len(groups[y])):
                    first = groups[x][:a] + [groups[y][b]] + groups[x][a + 1:]
                    second = groups[y][:b] + [groups[x][a]] + groups[y][b + 1:]
                    assert cost(first) + cost(second) >= before


@pytest.mark.parametrize(("count", "sizes"), [
    (0, []), (4, [4]), (5, [5]), (8, [8]), (9, [5, 4]), (11, [6, 5]), (12, [6, 6]), (17, [6, 6, 5]),
    (400, [6] * 66 + [4] * 0 + [4]),
])
def test_the_sizes_for_each_count(count, sizes):
    if count == 400:
        sizes = [6] * 65 + [5] * 2  # 67 groups, as even as can be
    assert sorted(group_sizes(count), reverse=True) == sizes


def test_four_people_are_one_group_with_a_warning():
    result = form_groups([Participant(i, f"k{i}") for i in range(1, 5)])
    assert result.groups == ((1, 2, 3, 4),)
    assert result.warnings == (Warning(TOO_FEW, 0),)
    assert describe_warning(result.warnings[0]) == \
        "For få deltakere til flere grupper: alle er i én gruppe (færre enn 5)."


def test_nine_people_are_five_and_four_with_a_warning():
    result = form_groups([Participant(i, f"k{i}", size=0) for i in range(1, 10)])
    assert sorted(len(g) for g in result.groups) == [4, 5]
    [warning] = result.warnings
    assert warning.code == SMALL_GROUP
    assert describe_warning(warning) == (f"Gruppe {warning.group + 1} har færre enn 5 deltakere: antallet lot seg "
                                         "ikke dele jevnere.")


def test_schools_of_the_same_size_are_grouped_together():
    small = [Participant(i, f"k{i}", size=0, years=i % 5) for i in range(1, 7)]
    large = [Participant(i, f"k{i}", size=4, years=i % 5) for i in range(7, 13)]
    result = form_groups([*large, *small])
    assert result.groups == ((1, 2, 3, 4, 5, 6), (7, 8, 9, 10, 11, 12))


def test_two_from_one_kommune_are_split_up():
    # Six kommuner with two leaders each, all the same school size: sorted, the pairs would sit together.
    people = [Participant(i, f"k{(i + 1) // 2}", size=1) for i in range(1, 13)]
    result = form_groups(people)
    assert result.warnings == ()
    for group in result.groups:
        assert len({(i + 1) // 2 for i in group}) == 6


def test_experience_is_spread():
    people = [Participant(i, f"k{i}", size=2, years=0 if i <= 6 else 4) for i in range(1, 13)]
    result = form_groups(people)
    for group in result.groups:
        assert Counter(0 if i <= 6 else 4 for i in group) == {0: 3, 4: 3}


def test_a_kommune_with_too_many_leaders_is_reported():
    people = [Participant(i, "oslo" if i <= 7 else f"k{i}", size=1) for i in range(1, 13)]  # 7 in 2 groups
    result = form_groups(people)
    assert [w.code for w in result.warnings] == [SAME_KOMMUNE, SAME_KOMMUNE]
    assert describe_warning(result.warnings[0]) == ("Gruppe 1 har to deltakere fra samme kommune: det fantes ingen "
                                                    "bytte som unngikk det.")


def test_other_bounds():
    assert group_sizes(20, Rules(smallest=3, largest=4, preferred=4)) == [4, 4, 4, 4, 4]

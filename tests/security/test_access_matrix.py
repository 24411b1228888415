"""Every route of the URL map, as each of anonymous, participant, speaker, staff and organiser, held against
ONE table (access_table.py); and the security headers on every one of those answers."""
from __future__ import annotations

from tests.clients import csrf_of
from tests.security.access_table import OK, ROLES, TABLE
from tests.security.judge import header_problems, outcome_problem, send
from tests.security.routes import UNSAFE, rules, urls
from tests.security.world import row_counts


def test_every_route_has_a_row_in_the_table(app):
    keys = [key for key, _rule, _method in rules(app)]
    missing = [key for key in keys if key not in TABLE]
    assert not missing, (
        "These routes have no row in tests/security/access_table.py; say who may use them there:\n  "
        + "\n  ".join(missing))
    stale = sorted(set(TABLE) - set(keys))
    assert not stale, "Rows for routes that no longer exist:\n  " + "\n  ".join(stale)
    assert len(keys) >= 130


def test_every_route_answers_each_role_as_the_table_says(app, world, people):
    before = row_counts(app)
    problems: list[str] = []
    walked = 0
    for key, rule, method in rules(app):
        row = TABLE.get(key)
        if row is None:
            continue  # test_every_route_has_a_row_in_the_table names it
        for role in ROLES:
            checks = [(False, row.of(role))] + ([(True, row.foreign[role])] if role in row.foreign else [])
            for foreign, expected in checks:
                if method in UNSAFE and expected == OK:
                    continue  # allowed state changes: see test_allowed_roles_are_not_refused_a_harmless_change
                for request in urls(app, rule, world, role, row, foreign=foreign):
                    response = send(people[role], method, request.url)
                    walked += 1
                    where = f"{method} {request.url} as {role} ({request.variant})"
                    problem = outcome_problem(response, expected, request.url)
                    if problem:
                        problems.append(f"{where}: {problem}")
                    problems += [f"{where}: {p}" for p in header_problems(response, rule.endpoint)]
    assert not problems, f"{len(problems)} of {walked} answers are not what the table says:\n" + "\n".join(problems)
    assert row_counts(app) == before, "a refused request changed something"
    assert walked >= 600


def test_allowed_roles_are_not_refused_a_harmless_change(app, world, people):
    """Each state-changing route, once, by a role that may use it (the table's smoke request); the ones that
    change what others rely on (cancel, delete, use up a link) come last."""
    found = {key: (rule, method) for key, rule, method in rules(app)}
    cases = [(key, *found[key], row) for key, row in TABLE.items() if row.smoke is not None and key in found]
    cases.sort(key=lambda case: case[3].smoke.last)  # stable: table order within each group
    problems = []
    for key, rule, method, row in cases:
        smoke = row.smoke
        assert row.of(smoke.role) == OK, f"{key}: the smoke request's role {smoke.role} is not allowed by the row"
        person = people[smoke.role]
        person.token = csrf_of(person.client)  # a sign-in link starts a new session
        [request] = urls(app, rule, world, smoke.role, row)
        response = send(person, method, request.url, body=smoke.json if smoke.json is not None else smoke.data)
        text = response.get_data(as_text=True)
        if response.status_code != smoke.status or (smoke.says and smoke.says not in text):
            problems.append(f"{key} as {smoke.role}: {response.status_code} {response.headers.get('Location', '')} "
                            f"{text[:300]!r}")
        elif outcome_problem(response, OK, request.url) and smoke.status < 400:
            problems.append(f"{key} as {smoke.role}: refused")
    missing = [key for key, _rule, method in rules(app) if method in UNSAFE and TABLE.get(key)
               and TABLE[key].smoke is None]
    assert not problems, "\n".join(problems)
    assert not missing, "state-changing routes without a smoke request:\n" + "\n".join(missing)

from sqlalchemy import select

from app.extensions import db
from app.models import EventRole, User, UserRole


def test_users_create_and_token(app, make):
    event = make.event(slug="lk-test")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "Dor@Example.org", "--role", "member", "--password",
                                 "et langt passord", "--event", "lk-test"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "dor@example.org"))
        assert user.role == UserRole.MEMBER and [(m.event.slug, m.role) for m in user.team] == [(event.slug, EventRole.DOOR)]
        assert user.check_password("et langt passord")

    result = runner.invoke(args=["users", "token", "dor@example.org"])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("sam_") and len(token) > 40
    with app.app_context():
        from app.auth.service import user_for_token

        assert user_for_token(token).email == "dor@example.org"
        assert token not in {t.token_hash for t in db.session.scalar(select(User)).api_tokens}

    result = runner.invoke(args=["users", "token", "dor@example.org", "--revoke"])
    assert "Revoked 1" in result.output
    with app.app_context():
        assert user_for_token(token) is None


def test_users_create_refuses_duplicates_and_unknown_events(app, make):
    make.user(email="a@example.org")
    runner = app.test_cli_runner()
    dup = runner.invoke(args=["users", "create", "a@example.org", "--role", "administrator", "--password", "x" * 12])
    assert dup.exit_code != 0 and "already exists" in dup.output
    bad = runner.invoke(args=["users", "create", "b@example.org", "--role", "member", "--password", "x" * 12,
                              "--event", "finnes-ikke"])
    assert bad.exit_code != 0 and "no event" in bad.output


def test_users_create_prompts_for_password(app):
    result = app.test_cli_runner().invoke(args=["users", "create", "c@example.org", "--role", "administrator"],
                                          input="hemmelig passord\nhemmelig passord\n")
    assert result.exit_code == 0, result.output


def _account(app, email: str) -> tuple[UserRole, list[tuple[str, EventRole]]]:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return user.role, sorted((m.event.slug, m.role) for m in user.team)


def _create(app, email: str, *options: str):
    return app.test_cli_runner().invoke(args=["users", "create", email, "--password", "et langt passord", *options])


def test_users_create_takes_the_contracts_roles(app, make):
    make.event(slug="lk-2027")
    make.event(slug="nord-2027")
    assert _create(app, "a@example.org", "--role", "admin").exit_code == 0
    assert _account(app, "a@example.org") == (UserRole.ADMINISTRATOR, [])
    for role, team_role in (("organiser", EventRole.ORGANISER), ("viewer", EventRole.VIEWER), ("staff", EventRole.DOOR)):
        result = _create(app, f"{role}@example.org", "--role", role, "--event", "lk-2027", "--event", "nord-2027")
        assert result.exit_code == 0, result.output
        assert f"{team_role.value} on 2 event(s): lk-2027, nord-2027" in result.output
        assert _account(app, f"{role}@example.org") == (UserRole.MEMBER, [("lk-2027", team_role), ("nord-2027", team_role)])


def test_an_organiser_with_no_event_is_arranger_on_every_event(app, make):
    make.event(slug="lk-2027")
    make.event(slug="nord-2027")
    result = _create(app, "region@example.org", "--role", "organiser")
    assert result.exit_code == 0, result.output
    assert "Every existing event" in result.output
    assert _account(app, "region@example.org") == (
        UserRole.MEMBER, [("lk-2027", EventRole.ORGANISER), ("nord-2027", EventRole.ORGANISER)])


def test_viewer_and_staff_need_an_event_and_nothing_is_created_without(app, make):
    make.event(slug="lk-2027")
    for role in ("viewer", "staff"):
        result = _create(app, f"{role}@example.org", "--role", role)
        assert result.exit_code == 2 and f"--role {role} needs the events it is for" in result.output
    bad = _create(app, "x@example.org", "--role", "admin", "--event", "lk-2027")
    assert bad.exit_code == 2 and "leave out --event" in bad.output
    mixed = _create(app, "y@example.org", "--role", "viewer", "--event", "lk-2027", "--event-role", "door")
    assert mixed.exit_code == 2 and "--event-role goes with --role member only" in mixed.output
    unknown = _create(app, "z@example.org", "--role", "staff", "--event", "lk-2027", "--event", "finnes-ikke")
    assert unknown.exit_code == 1 and "no event with slug 'finnes-ikke'" in unknown.output
    with app.app_context():
        assert db.session.scalar(select(User.email)) is None


def test_the_first_spelling_still_works(app, make):
    make.event(slug="lk-2027")
    result = _create(app, "v@example.org", "--role", "member", "--event", "lk-2027", "--event-role", "viewer")
    assert result.exit_code == 0, result.output
    assert _account(app, "v@example.org") == (UserRole.MEMBER, [("lk-2027", EventRole.VIEWER)])

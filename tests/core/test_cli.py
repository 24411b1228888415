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

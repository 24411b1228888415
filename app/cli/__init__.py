"""Command line: `flask seed`, `flask users …` (and the commands later capabilities add)."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.auth import service as accounts
from app.core.transaction import transaction
from app.models import EventRole, UserRole
from app.seeding.run import seed_all, seed_demo_users

users = AppGroup("users", help="Organiser and door-staff accounts.")


@click.command("seed")
@click.option("--demo-users", is_flag=True, help="Also create arrangor@example.org and dor@example.org.")
def seed_command(demo_users: bool) -> None:
    """Load municipalities, the seeded events, program and speakers (idempotent)."""
    added = seed_all()
    if added:
        click.echo("Seeded: " + ", ".join(f"{n} {what}" for what, n in sorted(added.items())))
    else:
        click.echo("Seed data already complete; nothing changed.")
    if demo_users:
        with transaction():
            created = seed_demo_users()
        for email, password in created:
            if password is None:
                click.echo(f"{email} exists already; its password is unchanged.")
            else:
                click.echo(f"{email} password: {password}")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in UserRole]), required=True)
@click.option("--password", help="Prompted for when left out.")
@click.option("--name", default="", help="Display name.")
@click.option("--event", "events", multiple=True, help="Event slug whose team the user joins (repeatable).")
@click.option("--event-role", type=click.Choice([r.value for r in EventRole]), default=EventRole.DOOR.value,
              show_default=True, help="The role on those events' teams.")
def create_user(email: str, role: str, password: str | None, name: str, events: tuple[str, ...],
                event_role: str) -> None:
    """Create an account: an administrator, or a member of the given events' teams."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with transaction():
            user = accounts.create_user(email, UserRole(role), password, name=name, event_slugs=list(events),
                                        event_role=EventRole(event_role))
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role.value} {user.email}")


@users.command("token")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Revoke this user's tokens instead.")
def token(email: str, revoke: bool) -> None:
    """Print a new API bearer token for a scanner device (alone on the last line)."""
    user = accounts.find_user(email)
    if user is None:
        raise click.ClickException(f"no user with e-mail {email}")
    if revoke:
        with transaction():
            count = accounts.revoke_api_tokens(user)
        click.echo(f"Revoked {count} token(s) for {user.email}")
        return
    with transaction():
        secret = accounts.issue_api_token(user)
    click.echo(f"New API token for {user.email} (shown once; only its hash is stored):")
    click.echo(secret)


def register(app: Flask) -> None:
    from app.badges.cli import badges_cli
    from app.mail.cli import outbox_cli
    from app.privacy.cli import privacy_cli
    from app.speakers.cli import speakers_cli
    from app.surveys.cli import surveys_cli

    app.cli.add_command(seed_command)
    app.cli.add_command(users)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(speakers_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(badges_cli)
    app.cli.add_command(privacy_cli)

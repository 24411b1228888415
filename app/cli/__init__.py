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


# The contract's roles (../shared/CONTRACT.md) → the account's role and its role on each named event's team.
CLI_ROLES: dict[str, tuple[UserRole, EventRole | None]] = {
    "admin": (UserRole.ADMINISTRATOR, None),
    "organiser": (UserRole.MEMBER, EventRole.ORGANISER),
    "viewer": (UserRole.MEMBER, EventRole.VIEWER),
    "staff": (UserRole.MEMBER, EventRole.DOOR),
}
OLD_ROLES = ("administrator", "member")  # the first spelling, still accepted: member takes --event-role


def account_role(role: str, events: tuple[str, ...], event_role: str | None) -> tuple[UserRole, EventRole | None, list[str]]:
    """The account's role, its team role and the events it is on, from the command's options.

    An organiser with no --event is arrangør on every event there is (the code has no user-level "organiser of
    every event" short of administrator, who also manages the users): events created later add them on their
    team page, or they create them. Viewer and staff need --event."""
    if event_role is not None and role != "member":
        raise click.UsageError("--event-role goes with --role member only; use --role organiser|viewer|staff")
    if role in ("admin", "administrator"):
        if events:
            raise click.UsageError("an administrator has every event already; leave out --event")
        return UserRole.ADMINISTRATOR, None, []
    team_role = EventRole(event_role or EventRole.DOOR.value) if role == "member" else CLI_ROLES[role][1]
    if not events and role == "organiser":
        return UserRole.MEMBER, team_role, accounts.every_event_slug()
    if not events and role in ("viewer", "staff"):
        raise click.UsageError(f"--role {role} needs the events it is for: --event SLUG (repeatable)")
    return UserRole.MEMBER, team_role, list(events)


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([*CLI_ROLES, *OLD_ROLES]), required=True,
              help="admin: every event and the users; organiser: the --event events (none: every event); "
                   "viewer: reads those events; staff: door check-in there.")
@click.option("--password", help="Prompted for when left out.")
@click.option("--name", default="", help="Display name.")
@click.option("--event", "events", multiple=True, help="Event slug whose team the user joins (repeatable).")
@click.option("--event-role", type=click.Choice([r.value for r in EventRole]),
              help="With the old --role member: the role on those events' teams (default door).")
def create_user(email: str, role: str, password: str | None, name: str, events: tuple[str, ...],
                event_role: str | None) -> None:
    """Create an account: an administrator, or an arrangør, lesetilgang or dørvakt on the given events."""
    user_role, team_role, slugs = account_role(role, events, event_role)
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with transaction():
            user = accounts.create_user(email, user_role, password, name=name, event_slugs=slugs,
                                        event_role=team_role or EventRole.DOOR)
    except accounts.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created {user.role.value} {user.email}")
    if team_role is not None:
        click.echo(f"{team_role.value} on {len(slugs)} event(s): {', '.join(slugs) or 'none yet'}")
        if role == "organiser" and not events:
            click.echo("Every existing event; add them on a new event's team page (Innstillinger › Team).")


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
    from app.mentoring.cli import mentoring_cli
    from app.privacy.cli import privacy_cli
    from app.reminders.cli import reminders_cli
    from app.speakers.cli import speakers_cli
    from app.surveys.cli import surveys_cli

    app.cli.add_command(seed_command)
    app.cli.add_command(users)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(speakers_cli)
    app.cli.add_command(surveys_cli)
    app.cli.add_command(badges_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(mentoring_cli)

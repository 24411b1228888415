"""`flask privacy purge`: apply the retention rules (health data, old registrations, idle remembered persons)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.transaction import transaction
from app.privacy.service import purge

privacy_cli = AppGroup("privacy", help="Personal data: the retention rules.")


@privacy_cli.command("purge")
def purge_command() -> None:
    """Delete health data, anonymise old registrations and delete idle remembered persons, as the retention
    settings say."""
    with transaction():
        report = purge()
    days = current_app.config["HEALTH_DATA_RETENTION_DAYS"]
    months = current_app.config["REGISTRATION_RETENTION_MONTHS"]
    click.echo(f"Health data deleted from {report.health_cleared} registration(s) "
               f"(events that ended more than {days} days ago).")
    click.echo(f"Anonymised {report.anonymised} registration(s) (events that ended more than {months} months ago).")
    click.echo(f"Deleted {report.persons_deleted} remembered person(s) with no registration and no sign-in to "
               f"Min side for {months} months.")

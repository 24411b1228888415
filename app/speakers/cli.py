"""`flask speakers digest [--date YYYY-MM-DD]` and `flask speakers prune-uploads`."""
from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import SessionMaterial, Speaker
from app.resources import files as resource_files
from app.resources import service as resources
from app.speakers import digest, uploads

speakers_cli = AppGroup("speakers", help="The speakers' portal.")


@speakers_cli.command("digest")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The Oslo day to report (default: yesterday).")
def digest_command(day) -> None:
    """E-mail every active organiser the speakers' changes of one day (once per day and organiser)."""
    the_day: date = day.date() if day else digest.yesterday()
    try:
        with transaction():
            report = digest.send_digest(the_day)
    except digest.QueuedElsewhere as raced:
        report = raced.report
    if not report.changes:
        click.echo(f"No speaker changes on {the_day.isoformat()}; nothing to send.")
        return
    click.echo(f"{report.changes} speaker change(s) on {the_day.isoformat()}: digest queued for "
               f"{report.queued} organiser(s), already queued earlier for {report.already_sent}.")


@speakers_cli.command("prune-uploads")
@click.option("--dry-run", is_flag=True, help="Only list the files.")
def prune_uploads(dry_run: bool) -> None:
    """Delete uploaded files nothing points at any more: speakers' photos, session materials, library files."""
    bases = list(db.session.scalars(select(Speaker.photo_path).where(Speaker.photo_path.is_not(None))))
    names = list(db.session.scalars(select(SessionMaterial.stored_name).where(SessionMaterial.stored_name.is_not(None))))
    kept = {**uploads.referenced_files(bases, names), **resource_files.referenced_files(resources.stored_names())}
    strays = uploads.stray_files(kept)
    for path in strays:
        click.echo(f"{'would remove' if dry_run else 'removing'} {path}")
        if not dry_run:
            path.unlink(missing_ok=True)
    click.echo(f"{len(strays)} file(s) {'not referenced' if dry_run else 'removed'}.")

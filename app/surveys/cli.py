"""`flask surveys send-due`: send the survey invitations and reminders that are due (safe from cron)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.surveys.sending import SendReport, due_batches

surveys_cli = AppGroup("surveys", help="Feedback surveys.")


def send_due() -> SendReport:
    """Invite, remind and move closed surveys' pooled answers: whatever is due now, one transaction per
    batch (app.surveys.sending.due_batches), so the outbox can deliver each batch's mail as it goes."""
    report = SendReport()
    for batch in due_batches():
        with transaction():
            report += batch()
    return report


@surveys_cli.command("send-due")
def send_due_command() -> None:
    """Queue due invitations and reminders (each at most once) and store closed surveys' last answers. Where
    e-mail is sent inline (MAIL_SEND_INLINE, as under `make run`), it is sent before the command exits."""
    started = clock.now()
    report = send_due()
    click.echo(f"invited {report.invited}, reminded {report.reminded}, stored {report.flushed} pooled answer(s)")
    if current_app.config.get("MAIL_SEND_INLINE"):
        outbox.drain_inline()
        db.session.remove()  # a fresh snapshot (SQLite's WAL): what the sender has done since our last read
        counts = outbox.status_counts(started)
        db.session.remove()
        click.echo("e-mail: " + ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) if counts
                   else "e-mail: none queued")

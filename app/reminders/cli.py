"""`flask reminders send-due`: queue the reminders before events that are due (safe from cron)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.reminders.sending import due_batches

reminders_cli = AppGroup("reminders", help="Reminders before events.")


def send_due() -> int:
    """Every event's due reminders, one transaction per event; how many were queued."""
    queued = 0
    for batch in due_batches():
        with transaction():
            queued += batch()
    return queued


@reminders_cli.command("send-due")
def send_due_command() -> None:
    """Queue the due reminders (each at most once). Where e-mail is sent inline (MAIL_SEND_INLINE, as under
    `make run`), it is sent before the command exits."""
    click.echo(f"queued {send_due()} reminder(s)")
    if current_app.config.get("MAIL_SEND_INLINE"):
        outbox.drain_inline()
        db.session.remove()

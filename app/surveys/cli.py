"""`flask surveys send-due`: send the survey invitations and reminders that are due (safe from cron)."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app.surveys.sending import send_due

surveys_cli = AppGroup("surveys", help="Feedback surveys.")


@surveys_cli.command("send-due")
def send_due_command() -> None:
    """Queue due invitations and reminders (each at most once) and store closed surveys' last answers."""
    report = send_due()
    click.echo(f"invited {report.invited}, reminded {report.reminded}, stored {report.flushed} pooled answer(s)")

"""`flask mentoring send-followups`: queue the three-month «Har dere møttes?» questions that are due (safe from
cron: each goes once)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.mentoring import followup

mentoring_cli = AppGroup("mentoring", help="The mentoring scheme.")


@mentoring_cli.command("send-followups")
def send_followups_command() -> None:
    """Queue the follow-up questions due (about 90 days after a pair was approved). Where e-mail is sent inline
    (MAIL_SEND_INLINE, as under `make run`), it is sent before the command exits."""
    with transaction():
        sent = followup.send_due()
    click.echo(f"queued {sent} follow-up question(s)")
    if current_app.config.get("MAIL_SEND_INLINE"):
        outbox.drain_inline()
        db.session.remove()

"""`flask outbox send [--loop]`: deliver queued e-mail, with retries.

As a worker (`--loop`) it never stops because of what happens to one message (each one's failure is
recorded on it: app/mail/outbox.py) nor because the database went away for a while (a restarted server,
a dropped connection): it logs, waits with back-off and goes on with a new connection.
"""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.mail.outbox import DeliveryReport, deliver_due

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")

PAUSES = (0.5, 1, 2, 5, 10, 30)  # seconds to wait after the first, second, … failed round in a row


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds with --loop.")
@click.option("--batch", default=100, show_default=True, help="Messages per round.")
def send(loop: bool, interval: float, batch: int) -> None:
    """Deliver the messages that are due."""
    total, failed_rounds = DeliveryReport(), 0
    while True:
        try:
            report = deliver_due(limit=batch)
        except Exception:
            if not loop:
                raise
            pause = PAUSES[min(failed_rounds, len(PAUSES) - 1)]
            failed_rounds += 1
            current_app.logger.exception("outbox: the round failed; trying again in %s s", pause)
            time.sleep(pause)
            continue
        finally:
            db.session.remove()
        failed_rounds = 0
        total = total + report
        if report.handled:
            click.echo(str(report))
        if report.handled < batch:
            if not loop:
                break
            time.sleep(interval)
    click.echo(f"Done: {total}")

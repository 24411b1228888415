"""`flask outbox send [--loop]`: deliver queued e-mail, with retries."""
from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.extensions import db
from app.mail.outbox import DeliveryReport, deliver_due

outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running as a worker.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds with --loop.")
@click.option("--batch", default=100, show_default=True, help="Messages per round.")
def send(loop: bool, interval: float, batch: int) -> None:
    """Deliver the messages that are due."""
    total = DeliveryReport()
    while True:
        report = deliver_due(limit=batch)
        db.session.remove()
        total = total + report
        if report.sent or report.retrying or report.failed:
            click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        if not loop:
            if report.sent + report.retrying + report.failed < batch:
                break
            continue
        if report.sent + report.retrying + report.failed < batch:
            time.sleep(interval)
    click.echo(f"Done: sent {total.sent}, retrying {total.retrying}, failed {total.failed}")

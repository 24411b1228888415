"""`flask badges pdf EVENT_SLUG -o FILE [--layout a6|a7]` (CONTRACT)."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.badges import service
from app.program import queries

badges_cli = AppGroup("badges", help="Name badges.")


@badges_cli.command("pdf")
@click.argument("event_slug")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the PDF.")
@click.option("--layout", type=click.Choice(service.LAYOUTS), default="a6", show_default=True,
              help="a6: four per A4 sheet; a7: eight per A4 sheet.")
@click.option("--duplex", is_flag=True, help="Double-sided: the same face on the back of every sheet.")
def pdf(event_slug: str, output: str, layout: str, duplex: bool) -> None:
    """The print sheet of all confirmed participants, sorted by last name."""
    event = queries.event_by_slug(event_slug, include_drafts=True)
    if event is None:
        raise click.ClickException(f"no event with slug {event_slug!r}")
    registrations = service.confirmed(event.id)
    data = service.sheet(event, registrations, layout, duplex)
    Path(output).write_bytes(data)
    click.echo(f"Wrote {len(registrations)} badge(s) ({layout}{', double-sided' if duplex else ''}) to {output}")

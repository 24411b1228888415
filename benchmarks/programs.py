"""The program the benchmarks measure: 100 sessions (plenary, workshop, parallel, break in turn), 3 tracks,
40 speakers, two speakers per talk; sign-up sessions with 30 seats."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from app.models import SessionKind
from tests.factories import Factory

KINDS = [SessionKind.PLENARY, SessionKind.WORKSHOP, SessionKind.PARALLEL, SessionKind.BREAK]


def hundred_sessions(app: Flask, slug: str, title: str, *, speaker_name: str = "Foredragsholder {i}",
                     session_title: str = "Sesjon {i}") -> str:
    """Build the program on a new event; returns its slug."""
    make = Factory(app)
    event = make.event(slug=slug, title=title)
    tracks = [make.track(event, name=f"Spor {i}") for i in range(3)]
    speakers = [make.speaker(name=speaker_name.format(i=i), organisation=f"Kulturskole {i}") for i in range(40)]
    for i in range(100):
        kind = KINDS[i % 4]
        make.session(
            event,
            title=session_title.format(i=i),
            kind=kind,
            capacity=30 if kind in (SessionKind.WORKSHOP, SessionKind.PARALLEL) else None,
            starts_at=event.starts_at + timedelta(minutes=20 * (i // 2)),
            track_id=tracks[i % 3].id,
            speakers=[speakers[i % 40], speakers[(i * 7 + 1) % 40]] if kind != SessionKind.BREAK else [],
            abstract="En kort beskrivelse av sesjonen. " * 4,
        )
    return event.slug

"""Speakers' photos (every speaker on every program page fetches one) and the program with
speaker-written Markdown descriptions and materials."""
from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from app.core.transaction import transaction
from app.extensions import db
from app.models import Session, SessionKind, Speaker
from app.program.cache import fragments
from app.speakers import materials, service
from benchmarks.harness import Env, Result, measure_pair
from tests.conftest import count_queries
from tests.factories import Factory
from tests.speakers import files

DESCRIPTION = """Vi ser på **ledelse i praksis**: hva gjør en rektor en vanlig tirsdag?

- Møter med lærere og foreldre
- Budsjett og *planlegging*
- Se [rapporten](https://example.org/rapport) fra 2025.
"""


def _build(env: Env) -> tuple[str, int]:
    make = Factory(env.app)
    event = make.event(slug="bench-speakers", title="Foredragsholderkonferansen")
    speakers = [make.speaker(name=f"Foredragsholder {i}") for i in range(40)]
    sessions = [
        make.session(event, title=f"Sesjon {i}", kind=SessionKind.PLENARY, abstract="Kort om sesjonen.",
                     starts_at=event.starts_at + timedelta(minutes=20 * i), speakers=[speakers[i % 40]])
        for i in range(100)
    ]
    with env.app.app_context():
        for i, speaker in enumerate(db.session.scalars(db.select(Speaker).where(Speaker.id.in_([s.id for s in speakers])))):
            with transaction():
                service.set_photo(speaker, BytesIO(files.jpeg_with_gps(size=(1200, 900))))
            if i >= 39:
                break
        for s in sessions:
            session = db.session.get(Session, s.id)
            session.description = f"{DESCRIPTION}\nSesjon nummer {s.id}."
            speaker = session.speaker_links[0].speaker
            with transaction():
                materials.add_material_file(speaker, session, BytesIO(files.pdf()), "lysbilder.pdf")
                materials.add_material_link(speaker, session, "https://example.org/video", "Opptak")
    return event.slug, speakers[0].id


def run(env: Env) -> list[Result]:
    slug, speaker_id = _build(env)
    client = env.client
    url = f"/speaker/photos/{speaker_id}.jpg"
    etag = client.get(url).headers["ETag"]
    def bare_read():
        return client.get(f"/_bench/read/{env.data['probe_event_id']}")

    full = measure_pair(bare_read, lambda: client.get(url), n=300)
    revalidated = measure_pair(bare_read, lambda: client.get(url, headers={"If-None-Match": etag}), n=300)

    client.get(f"/events/{slug}")
    with count_queries(env.app) as queries:
        fragments.clear()
        client.get(f"/events/{slug}")

    def cold_page():
        fragments.clear()
        client.get(f"/events/{slug}")

    cold = measure_pair(bare_read, cold_page, n=40, warmup=5)
    warm = measure_pair(bare_read, lambda: client.get(f"/events/{slug}"), n=200)
    cold_result = env.paired_result("event page, cache rebuilt (100 Markdown descriptions, 200 materials)", cold,
                                    "bare single read", 40.0, note=f"{len(queries)} SQL queries (goal ≤ 6)")
    cold_result.met = cold_result.met and len(queries) <= 6
    return [
        env.paired_result("speaker photo (192 px JPEG)", full, "bare single read", 2.0),
        env.paired_result("speaker photo revalidated (304)", revalidated, "bare single read", 2.0),
        cold_result,
        env.paired_result("event page, cached (same program)", warm, "bare single read", 3.0),
    ]

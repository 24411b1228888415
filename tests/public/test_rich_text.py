"""Event descriptions, speaker bios and session descriptions: the same sanitised Markdown on the event page."""
from __future__ import annotations

from tests.core.test_markdown import ATTACKS, _Elements


def test_event_description_bio_and_session_description_render_the_same_markdown(client, make):
    event = make.event(description="**Velkommen** til *Lillehammer*.\n\n- fag\n- fellesskap")
    speaker = make.speaker(name="Áile Gaup", bio="**Rektor** i [Kárášjohka](https://karasjok.kommune.no).")
    make.session(event, title="Åpning", description="**Velkommen** på scenen.", speakers=[speaker])
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "**" not in html
    assert "<p><strong>Velkommen</strong> til <em>Lillehammer</em>.</p>\n<ul>\n<li>fag</li>\n<li>fellesskap</li>" in html
    assert ('<p><strong>Rektor</strong> i <a href="https://karasjok.kommune.no" rel="nofollow noopener noreferrer">'
            "Kárášjohka</a>.</p>") in html
    assert "<p><strong>Velkommen</strong> på scenen.</p>" in html


def test_hostile_event_description_and_bio_come_out_inert(client, make):
    hostile = "\n\n".join(ATTACKS.values())
    event = make.event(description=hostile)
    make.session(event, speakers=[make.speaker(bio=hostile)])
    elements = _Elements(client.get(f"/events/{event.slug}").get_data(as_text=True)).found
    assert [a for _tag, a in elements if any(name.startswith("on") for name in a)] == []
    assert [tag for tag, _a in elements if tag in ("script", "img", "iframe", "svg")] == []
    assert not [a for _tag, a in elements if a.get("href", "").lower().startswith(("javascript", "data"))]

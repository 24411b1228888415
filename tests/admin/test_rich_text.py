"""The back office's description and bio fields: the one-line Markdown hint under the field and «Forhåndsvis»."""
from __future__ import annotations

import pytest

from tests.speakers.test_rich_text import HINT


@pytest.mark.parametrize("form", ["event", "session", "speaker"])
def test_description_and_bio_fields_have_the_hint_and_a_preview_button(admin, make, form):
    event = make.event()
    path, field = {
        "event": (f"/admin/events/{event.slug}/settings", "description"),
        "session": (f"/admin/events/{event.slug}/sessions/{make.session(event).id}", "description"),
        "speaker": (f"/admin/speakers/{make.speaker().id}", "bio"),
    }[form]
    html = admin.html(path)
    assert html.index(f'<p class="hint hint-below" id="{field}-below">{HINT}</p>') > html.index(f'name="{field}"')
    assert f'data-preview-for="{field}" data-preview-url="/admin/preview"' in html
    assert "/static/js/markdown-preview.js" in html


def test_preview_renders_what_the_event_page_will_show(admin):
    response = admin.post("/admin/preview", {"text": "**Velkommen** [x](javascript:alert(1))"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "<p><strong>Velkommen</strong> [x](javascript:alert(1))</p>\n"
    assert admin.client.post("/admin/preview", data={"text": "x"}).status_code == 400  # no CSRF token

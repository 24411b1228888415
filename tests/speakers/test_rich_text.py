"""Texts speakers write (bio, session description): shown as sanitised Markdown, with a one-line hint
under the field and a «Forhåndsvis» that asks the server for the same HTML the page will show."""
from __future__ import annotations

import pytest

from tests.core.test_markdown import _Elements
from tests.speakers.conftest import csrf

HINT = "Formatering: **fet**, *kursiv*, [lenke](https://…), - først på en linje gir en punktliste."


def test_the_public_program_shows_a_hostile_description_as_text(client, portal, sign_in):
    sign_in(portal.anna)
    path = f"/speaker/sessions/{portal.talk.id}"
    hostile = ("<script>alert('x')</script>\n\n[klikk](javascript:alert(1))\n\n"
               '<img src=x onerror="alert(1)"> og **ekte** tekst')
    assert client.post(path, data={"csrf_token": csrf(client, path), "title": "Ledelse i praksis",
                                   "description": hostile}).status_code == 303
    for page in (f"/events/{portal.event.slug}", path):
        html = client.get(page).get_data(as_text=True)
        elements = _Elements(html).found
        assert [a for _tag, a in elements if any(name.startswith("on") for name in a)] == []
        assert [a["src"] for tag, a in elements if tag == "script"] in (
            [], ["/static/js/charcount.js", "/static/js/markdown-preview.js"])
        assert [a for tag, a in elements if tag == "img"] == []
        assert not [a for _tag, a in elements if a.get("href", "").lower().startswith(("javascript", "data"))]
    public = client.get(f"/events/{portal.event.slug}").get_data(as_text=True)
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in public  # shown as text
    assert "<strong>ekte</strong>" in public


@pytest.mark.parametrize("page", ["profile", "session"])
def test_bio_and_description_have_the_hint_under_the_field_and_a_preview_button(client, portal, sign_in, page):
    sign_in(portal.anna)
    path = "/speaker/profile" if page == "profile" else f"/speaker/sessions/{portal.talk.id}"
    field = "bio" if page == "profile" else "description"
    html = client.get(path).get_data(as_text=True)
    textarea = html.index(f'<textarea aria-describedby="{field}-hint {field}-below"')
    assert html.index(f'<p class="hint hint-below" id="{field}-below">{HINT}</p>') > textarea
    assert f'data-preview-for="{field}" data-preview-url="/speaker/preview"' in html


def test_preview_answers_the_sanitised_html_and_saves_nothing(app, client, portal, sign_in):
    sign_in(portal.anna)
    token = csrf(client, "/speaker/profile")
    response = client.post("/speaker/preview", data={"text": "**Velkommen**\n\n<script>alert(1)</script>"},
                           headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.get_data(as_text=True) == (
        "<p><strong>Velkommen</strong></p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n")
    assert client.post("/speaker/preview", data={"text": "x"}).status_code == 400  # no CSRF token
    assert "Rektor i Aas." in client.get(f"/events/{portal.event.slug}").get_data(as_text=True)

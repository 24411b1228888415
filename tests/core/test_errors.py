"""Error answers: a 405 says which methods the resource allows (RFC 9110 §15.5.6), on pages and the API."""
from __future__ import annotations

from app.models import EventRole


def test_a_405_carries_an_allow_header_on_html_and_api_routes(client, make):
    event = make.event()
    cases = {
        "/": ("DELETE", "text/html"),
        f"/events/{event.slug}/register": ("PUT", "text/html"),
        "/api/v1/events": ("POST", "application/json"),
        f"/api/v1/events/{event.slug}/checkins": ("GET", "application/json"),
        f"/api/v1/events/{event.slug}/checkins/counts": ("POST", "application/json"),
    }
    for url, (method, mimetype) in cases.items():
        response = client.open(url, method=method)
        assert response.status_code == 405, url
        assert response.mimetype == mimetype, url
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert method not in allowed, url
        # Each allowed method really is answered with something other than 405.
        assert "GET" in allowed or "POST" in allowed, url
        assert response.headers.getlist("Allow") == [response.headers["Allow"]], url
    assert {m.strip() for m in client.open("/", method="DELETE").headers["Allow"].split(",")} == {"GET", "HEAD",
                                                                                                  "OPTIONS"}
    api = client.open(f"/api/v1/events/{event.slug}/checkins", method="GET")
    assert {m.strip() for m in api.headers["Allow"].split(",")} == {"POST", "OPTIONS"}
    assert api.get_json() == {"error": "method_not_allowed", "message": "Denne handlingen er ikke tillatt her."}


def test_other_errors_have_no_allow_header(client, make, login):
    login(make.user(EventRole.DOOR).email)
    assert "Allow" not in client.get("/no-such-page").headers

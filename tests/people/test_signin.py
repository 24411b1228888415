"""Min side opens with a single-use link e-mailed to a remembered address (real SMTP)."""
import re
from datetime import timedelta

from app.core import clock
from app.mail.outbox import deliver_due
from tests.factories import csrf_from
from tests.people.conftest import newest_link, register, request_link, sign_in_by_link


def test_the_link_signs_in_once_and_min_side_needs_it(app, client, make, smtp):
    assert client.get("/me/").headers["Location"] == "/me/signin?next=/me/"
    register(client, make.event(title="Lederkonferansen").slug, "Kari@Example.org")
    path = sign_in_by_link(app, client, smtp, "KARI@example.org")
    message = [m for m in smtp.messages if m["Subject"] == "Lenke til Min side"][-1]
    assert message["To"] == "kari@example.org" and message["Subject"] == "Lenke til Min side"
    html = client.get("/me/").get_data(as_text=True)
    assert "Lederkonferansen" in html and "Logget inn som kari@example.org" in html

    other = app.test_client()
    reused = other.get(path)
    assert reused.status_code == 410 and "allerede brukt" in reused.get_data(as_text=True)
    pressed = other.post(path, data={"csrf_token": csrf_from(other.get("/me/signin").get_data(as_text=True))})
    assert pressed.status_code == 410
    assert other.get("/me/").status_code == 302


def test_signing_out_revokes_this_browser(app, client, make, smtp):
    register(client, make.event().slug, "ola@example.org")
    sign_in_by_link(app, client, smtp, "ola@example.org")
    with client.session_transaction() as session:
        copied = dict(session)
    token = csrf_from(client.get("/me/").get_data(as_text=True))
    assert client.post("/me/signout", data={"csrf_token": token}).headers["Location"] == "/me/signin"
    assert client.get("/me/").status_code == 302
    thief = app.test_client()
    with thief.session_transaction() as session:
        session.update(copied)
    assert thief.get("/me/").status_code == 302  # the copy of the cookie opens nothing


def test_the_answer_is_the_same_for_known_and_unknown_addresses(app, client, make, smtp):
    register(client, make.event().slug, "kjent@example.org")
    known = request_link(client, "kjent@example.org")
    unknown = request_link(client, "ukjent@example.org")
    assert known.status_code == unknown.status_code == 200
    strip = lambda html: re.sub(r"\S+@example\.org", "X", html)  # noqa: E731
    assert strip(known.get_data(as_text=True)) == strip(unknown.get_data(as_text=True))
    assert newest_link(app, smtp).startswith("/me/signin/")
    assert sorted(m["To"] for m in smtp.wait_for(2)) == ["kjent@example.org", "kjent@example.org"]  # and the confirmation


def test_a_registration_without_consent_gets_no_link(app, client, make, smtp):
    register(client, make.event().slug, "glemt@example.org", remember=False)
    request_link(client, "glemt@example.org")
    with app.app_context():
        deliver_due()
    assert [m["Subject"] for m in smtp.wait_for(1)] != ["Lenke til Min side"]
    assert all("/me/signin/" not in m.as_string() for m in smtp.messages)


def test_expired_and_unknown_links(app, client, make, smtp):
    register(client, make.event().slug, "elin@example.org")
    request_link(client, "elin@example.org")
    path = newest_link(app, smtp)
    clock.set_now(clock.now() + timedelta(hours=25))
    expired = client.get(path)
    assert expired.status_code == 410 and 'href="/me/signin"' in expired.get_data(as_text=True)
    assert client.get("/me/signin/tull").status_code == 404


def test_link_requests_are_rate_limited(client, make, rate_limits):
    statuses = [request_link(client, f"x{i}@example.org").status_code for i in range(6)]
    assert statuses == [200] * 5 + [429]
    one = [request_link(client, "samme@example.org").status_code for _ in range(1)]
    assert one == [429]  # the client's own limit is used up too

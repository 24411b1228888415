"""Speakers sign in with a single-use, expiring e-mail link (real SMTP)."""
import re
from datetime import timedelta

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import UserRole
from app.speakers import signin
from tests.factories import csrf_from
from tests.smtp import SmtpServer


def _link_from(message) -> str:
    return re.search(r"http://\S+/speaker/login/\S+", SmtpServer.text_of(message)).group(0)


def _request_link(client, email):
    token = csrf_from(client.get("/speaker/login").get_data(as_text=True))
    return client.post("/speaker/login", data={"email": email, "csrf_token": token})


def test_invitation_sign_in_and_reuse_refused(app, client, make, smtp):
    speaker = make.speaker(name="Áile Gaup", email="aile@example.org")
    organiser = make.user(UserRole.ADMINISTRATOR)
    with app.app_context():
        from app.models import Speaker, User

        with transaction():
            signin.send_link(db.session.get(Speaker, speaker.id), invited_by=db.session.get(User, organiser.id))
        deliver_due()
    message = smtp.wait_for(1)[0]
    assert message["To"] == "aile@example.org"
    assert message["Subject"] == "Invitasjon til foredragsholdersidene"
    path = _link_from(message).split(app.config["BASE_URL"], 1)[1]

    page = client.get(path)
    assert page.status_code == 200 and "Hei, Áile Gaup" in page.get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 303 and response.headers["Location"] == "/speaker/"
    assert "Hei, Áile Gaup" in client.get("/speaker/").get_data(as_text=True)

    other = app.test_client()
    reused = other.get(path)
    assert reused.status_code == 410 and "allerede brukt" in reused.get_data(as_text=True)


def test_expired_link_is_refused_with_a_way_to_get_a_new_one(app, client, make, smtp):
    make.speaker(email="elin@example.org")
    _request_link(client, "Elin@Example.org")
    with app.app_context():
        deliver_due()
    path = _link_from(smtp.wait_for(1)[0]).split(app.config["BASE_URL"], 1)[1]
    clock.set_now(clock.now() + timedelta(hours=25))
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 410 and "utløpt" in html and 'href="/speaker/login"' in html


def test_the_answer_is_the_same_for_known_and_unknown_addresses(app, client, make, smtp):
    make.speaker(email="kjent@example.org")
    known = _request_link(client, "kjent@example.org").get_data(as_text=True)
    unknown = _request_link(client, "ukjent@example.org").get_data(as_text=True)
    strip = lambda html: re.sub(r"\S+@example\.org", "X", html)  # noqa: E731
    assert strip(known) == strip(unknown)
    with app.app_context():
        deliver_due()
    assert [m["To"] for m in smtp.wait_for(1)] == ["kjent@example.org"]


def test_portal_requires_sign_in_and_bad_tokens_are_404(client):
    assert client.get("/speaker/").headers["Location"].startswith("/speaker/login")
    assert client.get("/speaker/login/tull").status_code == 404


def test_link_requests_are_rate_limited(client, make, rate_limits):
    statuses = [_request_link(client, f"x{i}@example.org").status_code for i in range(6)]  # per client
    assert statuses == [200] * 5 + [429]

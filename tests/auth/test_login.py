import pytest

from app.models import EventRole, UserRole
from tests.factories import PASSWORD, csrf_from


def _post_login(client, email, password):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_organiser_signs_in_and_out(client, make):
    user = make.user(UserRole.ADMINISTRATOR)
    response = _post_login(client, user.email.upper(), PASSWORD)
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Logg ut" in page
    token = csrf_from(client.get("/logout").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert "Logg ut" not in client.get("/").get_data(as_text=True)


def test_wrong_password_and_unknown_user_get_the_same_message(client, make):
    user = make.user(EventRole.DOOR)
    wrong = _post_login(client, user.email, "feil passord").get_data(as_text=True)
    unknown = _post_login(client, "ingen@example.org", "feil passord").get_data(as_text=True)
    assert "Feil e-postadresse eller passord." in wrong
    assert "Feil e-postadresse eller passord." in unknown


def test_login_requires_csrf_token(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "sikkerhetsnøkkel" in response.get_data(as_text=True)


def test_empty_fields_are_explained_in_norwegian(client):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    html = client.post("/login", data={"email": "", "password": "", "csrf_token": token}).get_data(as_text=True)
    assert "Skriv inn e-postadressen din." in html
    assert "Skriv inn passordet ditt." in html
    assert 'aria-invalid="true"' in html


def test_login_redirects_only_to_local_next(client, make):
    user = make.user(EventRole.DOOR)
    token = csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD,
                                                                      "csrf_token": token})
    assert response.headers["Location"] == "/checkin/"  # the landing page, never the other site


def test_login_attempts_are_rate_limited(client, rate_limits):
    statuses = [_post_login(client, "ingen@example.org", "feil").status_code for _ in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]


def test_roles_required_redirects_anonymous_and_refuses_wrong_role(app, make):
    from flask_login import login_user
    from werkzeug.exceptions import Forbidden

    from app.auth.access import requires
    from app.extensions import db
    from app.models import User

    view = requires("admin", event=None)(lambda: "hemmelig")
    with app.test_request_context("/admin/noe"):
        response = view()
        assert response.status_code == 302 and response.location.startswith("/login?next=/admin/noe")
    staff = make.user(EventRole.DOOR)
    organiser = make.user(UserRole.ADMINISTRATOR)
    with app.test_request_context("/admin/noe"):
        login_user(db.session.get(User, staff.id))
        with pytest.raises(Forbidden):
            view()
    with app.test_request_context("/admin/noe"):
        login_user(db.session.get(User, organiser.id))
        assert view() == "hemmelig"


def test_door_staff_land_on_their_scanner_or_the_list_of_their_events(client, make):
    from datetime import timedelta

    from app.core import clock

    past = make.event(title="Fjorårets samling", starts_at=clock.now() - timedelta(days=60))
    first = make.event(title="Lederkonferansen")
    one = make.user(EventRole.DOOR, events=[past, first])
    response = _post_login(client, one.email, PASSWORD)
    assert response.headers["Location"] == f"/checkin/{first.slug}", "the event that has not ended"
    assert client.get(response.headers["Location"]).status_code == 200

    second = make.event(title="Nettverkssamling Vest")
    several = make.user(EventRole.DOOR, events=[first, second])
    other = client.application.test_client()
    response = _post_login(other, several.email, PASSWORD)
    assert response.headers["Location"] == "/checkin/"
    page = other.get("/checkin/").get_data(as_text=True)
    assert f'href="/checkin/{first.slug}"' in page and f'href="/checkin/{second.slug}"' in page
    assert "Fjorårets samling" not in page

    organiser = make.user(UserRole.ADMINISTRATOR)
    third = client.application.test_client()
    assert _post_login(third, organiser.email, PASSWORD).headers["Location"] == "/admin/"


def test_the_footer_has_a_sign_in_link_for_organisers_and_door_staff(client, make):
    page = client.get("/").get_data(as_text=True)
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert '<a href="/login">Logg inn</a> (arrangører og dørvakter)' in footer
    _post_login(client, make.user(EventRole.DOOR).email, PASSWORD)
    assert 'href="/login"' not in client.get("/").get_data(as_text=True).split('<footer', 1)[1]

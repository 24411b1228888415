"""Signing out ends the sign-in on the server: a copied session or remember-me cookie opens nothing
afterwards. "Logg ut overalt", a new password and an administrator's "Logg ut overalt" end every one."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import EventRole, User, UserRole, UserSignIn
from tests.clients import csrf_of, log_in, user_client
from tests.factories import PASSWORD

ADMIN_HOME = "/admin/"


def _cookies(client) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def _replay(app, cookies: dict[str, str], only: tuple[str, ...] | None = None):
    """A fresh browser carrying copies of these cookies (`only` some of them), asking for the back office."""
    other = app.test_client()
    for name, value in cookies.items():
        if only is None or name in only:
            other.set_cookie(name, value)
    return other.get(ADMIN_HOME)


def _logout(client) -> None:
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 303


def _is_login(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_copied_session_cookie_is_refused_after_logout(app, make):
    user = make.user(UserRole.ADMINISTRATOR)
    browser = app.test_client()
    log_in(browser, user.email)
    stolen = _cookies(browser)
    assert _replay(app, stolen).status_code == 200, "the copy works while the sign-in lasts"
    _logout(browser)
    assert _is_login(_replay(app, stolen))


def test_a_copied_remember_me_cookie_is_refused_after_logout(app, make):
    user = make.user(UserRole.ADMINISTRATOR)
    browser = app.test_client()
    log_in(browser, user.email, remember=True)
    stolen = _cookies(browser)
    assert "remember_token" in stolen
    assert _replay(app, stolen, only=("remember_token",)).status_code == 200, "the cookie alone signs in"
    _logout(browser)
    assert _is_login(_replay(app, stolen, only=("remember_token",)))


def test_remember_me_cookies_differ_per_sign_in_and_only_their_hash_is_stored(app, make):
    user = make.user(UserRole.ADMINISTRATOR)
    first, second = app.test_client(), app.test_client()
    log_in(first, user.email, remember=True)
    log_in(second, user.email, remember=True)
    a, b = _cookies(first)["remember_token"], _cookies(second)["remember_token"]
    assert a != b
    with app.app_context():
        rows = list(db.session.scalars(select(UserSignIn).where(UserSignIn.user_id == user.id)))
        assert len(rows) == 2 and all(r.remember for r in rows)
        token = a.split("|")[0].rsplit(".", 1)[-1]
        assert all(token not in r.token_hash for r in rows)
    _logout(first)  # revokes the first sign-in only
    assert _is_login(_replay(app, {"remember_token": a}))
    assert _replay(app, {"remember_token": b}).status_code == 200


def test_logout_everywhere_ends_every_session_and_remember_me_cookie(app, make):
    user = make.user(UserRole.ADMINISTRATOR)
    laptop, phone = app.test_client(), app.test_client()
    log_in(laptop, user.email)
    log_in(phone, user.email, remember=True)
    phone_cookie = _cookies(phone)["remember_token"]
    page = laptop.get("/logout").get_data(as_text=True)
    assert "Logg ut overalt" in page
    response = laptop.post("/logout/everywhere", data={"csrf_token": csrf_of(laptop)})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert _is_login(laptop.get(ADMIN_HOME))
    assert _is_login(phone.get(ADMIN_HOME))
    assert _is_login(_replay(app, {"remember_token": phone_cookie}))
    log_in(phone, user.email)  # signing in again works as before
    assert phone.get(ADMIN_HOME).status_code == 200


def test_a_new_password_ends_every_sign_in(app, make):
    user = make.user(EventRole.DOOR)
    browser = app.test_client()
    log_in(browser, user.email, remember=True)
    cookies = _cookies(browser)
    with app.app_context():
        db.session.get(User, user.id).set_password("et helt nytt passord")
        db.session.commit()
    assert _is_login(browser.get("/checkin/"))
    assert _is_login(_replay(app, cookies, only=("remember_token",)))
    response = browser.post("/login", data={"email": user.email, "password": PASSWORD,
                                            "csrf_token": csrf_of(browser)})
    assert response.status_code == 200, "the old password no longer works"


def test_an_organiser_signs_a_user_out_everywhere_from_the_users_page(app, make):
    staff = make.user(EventRole.DOOR)
    make.user(UserRole.ADMINISTRATOR, email="sjef@example.org")
    door = app.test_client()
    log_in(door, staff.email, remember=True)
    assert door.get("/checkin/").status_code == 200
    admin = user_client(app, "sjef@example.org")
    page = admin.html(f"/admin/users/{staff.id}")
    assert f'action="/admin/users/{staff.id}/end-sessions"' in page
    response = admin.post(f"/admin/users/{staff.id}/end-sessions")
    assert response.status_code == 303
    assert "logget ut på alle enheter" in admin.html(response.headers["Location"])
    assert _is_login(door.get("/checkin/"))
    assert admin.get(ADMIN_HOME).status_code == 200, "the organiser's own sign-in is untouched"
    assert "logget ut overalt" in admin.html(f"/admin/audit?type=user&id={staff.id}")


def test_a_copied_speaker_cookie_is_refused_after_logout(app, make):
    """The speakers' portal (not Flask-Login): signed in through a real single-use link, its cookie copied;
    after logout the copy gets the portal's sign-in page, and a second browser's sign-in is untouched."""
    import secrets
    from datetime import timedelta

    from app.core import clock, tokens
    from app.models import SpeakerLoginToken, SpeakerSignIn
    from tests.factories import csrf_from

    speaker = make.speaker(name="Máret Ŋuolja", email="maret@example.org")

    def signed_in_browser():
        token = secrets.token_urlsafe(32)
        with app.app_context():  # the row send_link stores (its e-mail is tested in tests/speakers/test_signin.py)
            db.session.add(SpeakerLoginToken(speaker_id=speaker.id, token_hash=tokens.digest(token), purpose="login",
                                             expires_at=clock.now() + timedelta(hours=1)))
            db.session.commit()
        browser = app.test_client()
        page = browser.get(f"/speaker/login/{token}")
        assert browser.post(f"/speaker/login/{token}",
                            data={"csrf_token": csrf_from(page.get_data(as_text=True))}).status_code == 303
        return browser

    browser, other_device = signed_in_browser(), signed_in_browser()
    stolen = _cookies(browser)

    def replay(cookies):
        copy = app.test_client()
        for name, value in cookies.items():
            copy.set_cookie(name, value)
        return copy.get("/speaker/")

    assert replay(stolen).status_code == 200 and "Máret Ŋuolja" in replay(stolen).get_data(as_text=True)
    token = csrf_from(browser.get("/speaker/").get_data(as_text=True))
    assert browser.post("/speaker/logout", data={"csrf_token": token}).status_code == 303
    refused = replay(stolen)
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/speaker/login")
    assert other_device.get("/speaker/").status_code == 200, "logging out one browser leaves the other signed in"
    with app.app_context():
        rows = db.session.scalars(select(SpeakerSignIn).where(SpeakerSignIn.speaker_id == speaker.id)).all()
        assert sorted(row.revoked_at is None for row in rows) == [False, True]
        assert all(len(row.token_hash) == 64 for row in rows)
        assert not any(row.token_hash in value for row in rows for value in stolen.values())

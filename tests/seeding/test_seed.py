from sqlalchemy import func, select

from app.extensions import db
from app.models import County, Event, Municipality, Session, SessionSpeaker, Speaker, User
from app.registration import window
from app.seeding.run import seed_all, seed_demo_users


def _counts():
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m))
            for m in (Event, Session, Speaker, SessionSpeaker)}


def test_municipalities_and_counties_are_loaded(ctx):
    assert db.session.scalar(select(func.count()).select_from(Municipality)) == 357
    assert db.session.scalar(select(func.count()).select_from(County)) == 15
    karasjok = db.session.get(Municipality, "5610")
    assert karasjok.official_name == "Kárášjohka - Karasjok"
    assert karasjok.county.name == "Finnmark"


def test_seed_is_idempotent_and_completes_a_partial_seed(ctx):
    first = seed_all()
    assert first["events"] == 7
    counts = _counts()
    assert seed_all() == {}
    assert _counts() == counts

    # Remove part of the seed; running it again restores exactly what is missing.
    event = db.session.scalar(select(Event).where(Event.slug == "lederkonferansen-2027"))
    victim = next(s for s in event.sessions if s.import_key == "d1-ws-plf")
    db.session.delete(victim)
    db.session.commit()
    again = seed_all()
    assert again == {"sessions": 1, "speaker_links": 1}
    assert _counts() == counts


def test_seeded_conferences_match_the_presentation(ctx):
    seed_all()
    lk26 = db.session.scalar(select(Event).where(Event.slug == "lederkonferansen-2026"))
    assert lk26.theme == "Brobyggende ledelse"
    assert lk26.is_past
    names = {link.speaker.name for s in lk26.sessions for link in s.speaker_links}
    assert {"Marianne Mortensen", "Jørn-Arild Mikkelsen", "Geir Grønnestad", "Mona Sæbyskogen", "Elin Aase",
            "Tor Egil Vaule Andersen", "Marianne Ranum", "Ingun Elvhaug", "Tonje B. Kopstad"} <= names
    lk27 = db.session.scalar(select(Event).where(Event.slug == "lederkonferansen-2027"))
    assert not lk27.is_past and window.is_open(lk27)
    workshops = [s for s in lk27.sessions if s.is_signup]
    assert len(workshops) >= 6 and all(s.capacity for s in workshops)
    days = {s.starts_at.date() for s in lk27.sessions}
    assert len(days) == 2
    assert all(sp.email.endswith("@example.org") for sp in db.session.scalars(select(Speaker)))


def test_no_user_account_unless_demo_users_are_asked_for(ctx):
    seed_all()
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    created = dict(seed_demo_users())
    assert set(created) == {"arrangor@example.org", "dor@example.org"}
    assert all(len(pw) >= 12 for pw in created.values())
    assert dict(seed_demo_users()) == {"arrangor@example.org": None, "dor@example.org": None}
    staff = db.session.scalar(select(User).where(User.email == "dor@example.org"))
    assert ("lederkonferansen-2027", "door") in {(m.event.slug, m.role.value) for m in staff.team}


def test_demo_passwords_have_no_look_alike_characters(ctx):
    seed_all()
    passwords = [p for _, p in seed_demo_users()]
    assert len(passwords) == 2
    for password in passwords:
        assert len(password.replace("-", "")) >= 16
        assert not set(password) & set("0Oo1lIi"), password


def test_the_start_package_is_seeded_once_with_valid_themes(ctx):
    from app.mentoring.themes import THEMES
    from app.models import Resource, ResourceAudience

    assert seed_all()["resources"] == 6
    resources = list(db.session.scalars(select(Resource).order_by(Resource.slug)))
    assert all(set(r.theme_codes) <= set(THEMES) and r.body for r in resources)
    assert sorted(r.slug for r in resources if r.audience == ResourceAudience.NEW_LEADERS) == [
        "arshjul-for-kulturskolelederen", "regelverket-du-ma-kjenne", "sjekkliste-de-forste-100-dagene"]
    assert "resources" not in seed_all()


def test_the_seeded_digital_meetings_carry_their_meeting_link_and_a_second_seed_changes_nothing(app, ctx):
    seed_all()
    online = {e.slug: e.meeting_url for e in db.session.scalars(select(Event).where(Event.is_online.is_(True)))}
    assert online == {
        "moteplass-nye-ledere-2027": "https://meet.example.org/kulturskoleradet/nye-ledere-2027",
        "nettverksmote-digitalt-2027-02": "https://meet.example.org/kulturskoleradet/nettverksmote-2027-02",
    }
    assert all(not e.meeting_url for e in db.session.scalars(select(Event).where(Event.is_online.is_(False))))
    db.session.remove()
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Seed data already complete; nothing changed." in result.output

"""One person per e-mail address, case-insensitively, only with the consent to be remembered."""
from datetime import timedelta

from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import Person, Registration, SchoolSize
from tests.people.conftest import person_of, register, registrations_of


def test_the_same_address_in_other_letters_is_one_person(app, client, make):
    first, second = make.event(slug="konferansen"), make.event(slug="regionsamling")
    register(client, first.slug, "Kari@X.no", school_size="300-599")
    register(app.test_client(), second.slug, "kari@x.no", first_name="Kári", job_title="Rektor")
    with app.app_context():
        people = db.session.scalars(select(Person)).all()
        assert [(p.email, p.first_name, p.job_title, p.school_size) for p in people] == [
            ("kari@x.no", "Kári", "Rektor", None)]  # what was given last
    person = person_of(app, "KARI@x.no")
    assert registrations_of(app, person.id) == [("konferansen", person.id), ("regionsamling", person.id)]


def test_without_the_consent_nobody_is_remembered_or_linked(app, client, make):
    first, second = make.event(slug="forste"), make.event(slug="andre")
    register(client, first.slug, "ola@example.org", remember=False)
    assert person_of(app, "ola@example.org") is None
    register(app.test_client(), second.slug, "ola@example.org", school_size="lt100")
    person = person_of(app, "ola@example.org")
    assert person.school_size == SchoolSize.LT100
    assert registrations_of(app, person.id) == [("andre", person.id)]  # the first one was given without consent
    with app.app_context():
        assert db.session.scalar(select(Registration.person_id).where(Registration.event_id == first.id)) is None


def test_consents_are_dated_and_the_last_answer_counts(app, client, make):
    first, second = make.event(), make.event()
    moment = clock.now().replace(microsecond=0)
    clock.set_now(moment)
    register(client, first.slug, "sara@example.org", contact=True)
    person = person_of(app, "sara@example.org")
    assert person.remember_consent_at == moment and person.contact_ok_at == moment
    clock.set_now(moment + timedelta(days=1))
    register(app.test_client(), second.slug, "sara@example.org", contact=False)
    person = person_of(app, "sara@example.org")
    assert person.remember_consent_at == moment and person.contact_ok_at is None


def test_school_size_is_stored_on_the_registration_and_refused_outside_the_bands(app, client, make):
    event = make.event()
    register(client, event.slug, "liv@example.org", remember=False, school_size="gt1000")
    with app.app_context():
        assert db.session.scalar(select(Registration.school_size)) == SchoolSize.GT1000
    from tests.registration.conftest import FormClient, valid_form

    response = FormClient(app.test_client()).register(event.slug, valid_form(email="per@example.org",
                                                                             school_size="1000+"))
    assert response.status_code == 400
    assert "Velg antall elever fra listen." in response.get_data(as_text=True)

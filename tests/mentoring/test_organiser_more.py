"""/admin/mentoring beyond suggesting and approving: lesetilgang reads it and changes nothing, an organiser
unlocks a lock, chooses a mentor for a mentee with nobody nearby, gives the approved pairs a «mentorlunsj» in
the programme (both see it on their pages and in their calendar feed)."""
from __future__ import annotations

import html
from datetime import timedelta

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mentoring import service
from app.models import EventRole, MentorPair, PairStatus, Session, SessionKind
from app.registration import links
from tests.admin.test_read_only import controls
from tests.clients import log_in
from tests.factories import csrf_from
from tests.mentoring.test_mentoring_page import _opt_in, _page, _people, _row_of


def _post(client, path: str, event, **data):
    token = csrf_from(client.get(f"/admin/mentoring?event={event.id}&capacity=1").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, "event": event.id, "capacity": 1, **data})


def test_lesetilgang_reads_the_pairs_of_its_event_and_has_nothing_to_change(app, client, make):
    event, ids = _people(app, make)
    other = make.event(title="Regionsamling Nord")
    _opt_in(app, other, "Ánde Ođđa", "5601", "mentee")  # Alta: only at the other event
    with app.app_context(), transaction():
        service.lock(ids["anne"][0], ids["per"][0], SYSTEM)
    make.user(EventRole.VIEWER, email="les@example.org", events=[event])
    log_in(client, "les@example.org")
    response = client.get("/admin/mentoring")  # no event asked: its own, never all pooled
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Per Erfaren" in _row_of(page, "Anne Ny") and "Låst" in _row_of(page, "Anne Ny")
    assert "ingen mentor i nærheten" in page and "Ánde Ođđa" not in page
    assert "Du har lesetilgang" in page
    seen = controls(page)
    assert (seen.post_forms, seen.submits, seen.enabled) == ([], [], [])
    foreign = html.unescape(client.get(f"/admin/mentoring?event={other.id}").get_data(as_text=True))
    assert "Ánde Ođđa" not in foreign and "Anne Ny" in foreign  # back to its own event
    token = csrf_from(client.get("/me/signin").get_data(as_text=True))
    for path in ("/admin/mentoring/lock", "/admin/mentoring/unlock", "/admin/mentoring/approve",
                 "/admin/mentoring/lunch"):
        refused = client.post(path, data={"csrf_token": token, "event": event.id, "mentee": ids["anne"][0],
                                          "mentor": ids["mari"][0]})
        assert refused.status_code == 403, path
    with app.app_context():
        assert db.session.execute(select(MentorPair.mentor_id, MentorPair.status)).all() == [
            (ids["per"][0], PairStatus.LOCKED)]


def test_unlock_gives_the_mentee_back_to_the_matching_and_refuses_an_approved_pair(app, client, make, login):
    event, ids = _people(app, make)
    login(make.user().email)
    assert _post(client, "/admin/mentoring/lock", event, mentee=ids["anne"][0], mentor=ids["per"][0]).status_code == 303
    assert "Lås opp" in _row_of(_page(client, event), "Anne Ny")
    response = _post(client, "/admin/mentoring/unlock", event, mentee=ids["anne"][0])
    assert response.status_code == 303
    page = _page(client, event)
    assert "Paret er låst opp." in page
    assert "Máret Erfaren" in _row_of(page, "Anne Ny") and "Forslag" in _row_of(page, "Anne Ny")
    assert "Lås opp" not in _row_of(page, "Anne Ny")
    with app.app_context():
        assert db.session.scalar(select(db.func.count(MentorPair.id))) == 0
    again = _post(client, "/admin/mentoring/unlock", event, mentee=ids["anne"][0])
    assert again.status_code == 303 and "Paret er ikke låst." in _page(client, event)
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)
    _post(client, "/admin/mentoring/unlock", event, mentee=ids["anne"][0])
    assert "Paret er allerede godkjent og kan ikke endres her." in _page(client, event)
    with app.app_context():
        assert db.session.scalar(select(MentorPair.status).where(MentorPair.mentee_id == ids["anne"][0])) == \
            PairStatus.APPROVED


def test_a_mentee_with_nobody_nearby_is_flagged_and_can_get_a_mentor_from_far_away(app, client, make, login):
    event, ids = _people(app, make)
    login(make.user().email)
    page = _page(client, event)
    assert "1 mentee har ingen mentor i nærheten." in page
    response = _post(client, "/admin/mentoring/lock", event, mentee=ids["cecilie"][0], mentor=ids["mari"][0])
    assert response.status_code == 303
    page = _page(client, event)
    assert "Máret Erfaren" in _row_of(page, "Cecilie Ny") and "låst av arrangør, ulike fylker" in page


def test_a_mentor_who_withdraws_after_approval_is_told_to_the_organiser(app, client, make, login):
    event, ids = _people(app, make)
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)
        service.withdraw(links.by_manage_token(ids["mari"][1]).id, SYSTEM)
    login(make.user().email)
    page = _page(client, event)
    assert "Anne Ny står uten mentor etter at paret med Máret Erfaren ble avsluttet." in page


def test_approved_pairs_get_a_mentorlunsj_in_the_programme_and_both_see_it(app, client, make, login):
    event, ids = _people(app, make)
    login(make.user().email)
    nothing = _post(client, "/admin/mentoring/lunch", event, session="new")
    assert nothing.status_code == 303
    assert "Ingen godkjente par ved dette arrangementet ennå." in _page(client, event)
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)
    plenary = make.session(event, title="Åpning")
    refused = _post(client, "/admin/mentoring/lunch", event, session=plenary.id)
    assert refused.status_code == 303
    assert "Velg en lunsj eller en sosial sesjon i programmet til arrangementet." in _page(client, event)
    bad_time = _post(client, "/admin/mentoring/lunch", event, session="new", title="Mentorlunsj", starts_at="",
                     minutes=60)
    assert bad_time.status_code == 303
    assert "Skriv når mentorlunsjen begynner" in _page(client, event)
    starts = clock.oslo(event.starts_at + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    made = _post(client, "/admin/mentoring/lunch", event, session="new", title="Mentorlunsj i Sámi", starts_at=starts,
                 minutes=45)
    assert made.status_code == 303
    page = _page(client, event)
    assert "2 par har fått mentorlunsj." in page
    with app.app_context():
        lunch = db.session.scalar(select(Session).where(Session.title == "Mentorlunsj i Sámi"))
        assert (lunch.kind, lunch.ends_at - lunch.starts_at) == (SessionKind.MEAL, timedelta(minutes=45))
        assert set(db.session.scalars(select(MentorPair.session_id))) == {lunch.id}
        lunch_id = lunch.id
    anne = html.unescape(client.get(f"/me/{ids['anne'][1]}").get_data(as_text=True))
    assert "Mentorlunsj i Sámi</strong>" in anne and "sammen med Máret Erfaren" in anne
    mari = html.unescape(client.get(f"/me/{ids['mari'][1]}").get_data(as_text=True))
    assert "sammen med Anne Ny" in mari
    per = html.unescape(client.get(f"/me/{ids['per'][1]}").get_data(as_text=True))
    assert "sammen med Bjørn Ny" in per and "sammen med Anne Ny" not in per
    with app.app_context():
        token = links.feed_token(links.by_manage_token(ids["anne"][1]))
    feed = client.get(f"/calendar/{token}.ics").get_data(as_text=True)
    assert "SUMMARY:Mentorlunsj i Sámi" in feed
    # an existing session: chosen from the list
    existing = _post(client, "/admin/mentoring/lunch", event, session=lunch_id)
    assert existing.status_code == 303 and "2 par har fått mentorlunsj." in _page(client, event)


def test_an_approved_pair_stays_when_the_mentor_has_moved_to_the_mentees_kommune(app, client, make, login):
    event, ids = _people(app, make)
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)
        links.by_manage_token(ids["mari"][1]).municipality_number = "3405"  # Máret now works in Lillehammer too
    login(make.user().email)
    page = _page(client, event)
    assert "Máret Erfaren" in _row_of(page, "Anne Ny") and "Godkjent" in _row_of(page, "Anne Ny")
    assert "Per Erfaren" in _row_of(page, "Bjørn Ny")

"""Mentoring in the database and on /admin/mentoring: opting in on the registration form, the suggested
pairs with their reasons, locking (a swap), approving with the introduction e-mails, withdrawing after
approval (the pair is «avsluttet», nothing else changes)."""
from __future__ import annotations

import html
import re

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mentoring import service
from app.models import MentoringProfile, MentorPair, OutboxMessage, PairStatus
from app.registration import links
from app.registration import service as registration_service
from tests.factories import applicant, csrf_from
from tests.registration.conftest import FormClient, valid_form


def _opt_in(app, event, name: str, kommune: str, role: str, themes=(), phone: str = "") -> tuple[int, str]:
    """A confirmed registration that opted in; (profile id, manage token)."""
    first, last = name.split(" ", 1)
    with app.app_context(), transaction():
        registration = registration_service.register(event.id, applicant(
            first_name=first, last_name=last, email=f"{first.lower()}@example.org", municipality_number=kommune,
            organisation=f"{first} kulturskole", phone=phone))
        profile = service.opt_in(registration, role, themes, f"Hei fra {first}")
        return profile.id, links.manage_token(registration)


def _people(app, make):
    event = make.event(title="Lederkonferansen")
    ids = {
        "anne": _opt_in(app, event, "Anne Ny", "3405", "mentee", ("juss",)),  # Lillehammer, Innlandet
        "bjorn": _opt_in(app, event, "Bjørn Ny", "0301", "mentee"),  # Oslo
        "cecilie": _opt_in(app, event, "Cecilie Ny", "5501", "mentee"),  # Tromsø: no mentor nearby
        "mari": _opt_in(app, event, "Máret Erfaren", "3401", "mentor", ("juss", "okonomi"), "912 34 567"),
        "per": _opt_in(app, event, "Per Erfaren", "3201", "mentor"),  # Bærum, Akershus
    }
    return event, ids


def _admin(make, login):
    login(make.user().email)


def _page(client, event, capacity=1) -> str:
    response = client.get(f"/admin/mentoring?event={event.id}&capacity={capacity}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _row_of(page: str, name: str) -> str:
    start = page.index(f'<tr><th scope="row">{name}')
    return page[start:page.index("</tr>", start)]


def test_registration_form_stores_the_opt_in_and_refuses_an_unknown_role(app, client, make):
    event = make.event()
    forms = FormClient(client)
    bad = forms.register(event.slug, valid_form(mentoring="sjef"))
    assert bad.status_code == 400
    assert "Velg et av svarene om mentorordningen." in bad.get_data(as_text=True)
    ok = forms.register(event.slug, valid_form(mentoring="mentee", mentoring_themes=["juss", "rammeplan"],
                                               mentoring_note="Ny som rektor"))
    assert ok.status_code == 303
    plain = forms.register(event.slug, valid_form(email="uten@example.org"))
    assert plain.status_code == 303
    with app.app_context():
        rows = db.session.execute(select(MentoringProfile.role, MentoringProfile.themes, MentoringProfile.note)).all()
        assert [tuple(r) for r in rows] == [("mentee", "juss,rammeplan", "Ny som rektor")]


def test_page_shows_the_suggested_pairs_with_reasons_and_the_unmatched_with_why(app, client, make, login):
    event, _ids = _people(app, make)
    _admin(make, login)
    page = _page(client, event)
    assert "Máret Erfaren" in _row_of(page, "Anne Ny")
    assert "samme fylke, 1 felles tema, skolestørrelse ukjent" in _row_of(page, "Anne Ny")
    assert "Per Erfaren" in _row_of(page, "Bjørn Ny") and "nabofylke, ingen felles temaer" in _row_of(page, "Bjørn Ny")
    assert ("Cecilie Ny <span class=\"hint\">(Cecilie kulturskole)</span>: ingen mentor i nærheten (samme fylke "
            "eller nabofylke, en annen kommune)") in page


def test_lock_swaps_a_mentor_and_the_next_suggestion_keeps_it(app, client, make, login):
    event, ids = _people(app, make)
    _admin(make, login)
    token = csrf_from(_page(client, event))
    response = client.post("/admin/mentoring/lock", data={"csrf_token": token, "event": event.id, "capacity": 1,
                                                          "mentee": ids["anne"][0], "mentor": ids["per"][0]})
    assert response.status_code == 303
    page = _page(client, event)
    assert "Per Erfaren" in _row_of(page, "Anne Ny") and "Låst" in _row_of(page, "Anne Ny")
    assert "låst av arrangør, nabofylke" in _row_of(page, "Anne Ny")
    # Per has his one place taken; Máret in Innlandet is no neighbour of Oslo.
    assert "Bjørn Ny <span class=\"hint\">(Bjørn kulturskole)</span>: mentorene i nærheten har ikke flere ledige " \
           "plasser" in page
    same = client.post("/admin/mentoring/lock", data={"csrf_token": token, "event": event.id, "capacity": 1,
                                                      "mentee": ids["anne"][0], "mentor": ids["mari"][0]})
    assert same.status_code == 303  # Lillehammer and Kongsvinger: two kommuner, allowed
    with app.app_context():
        assert db.session.execute(select(MentorPair.mentee_id, MentorPair.mentor_id, MentorPair.status)).all() == [
            (ids["anne"][0], ids["mari"][0], PairStatus.LOCKED)]


def test_approve_makes_pairs_and_introduces_both_by_email_once(app, client, make, login):
    event, ids = _people(app, make)
    _admin(make, login)
    token = csrf_from(_page(client, event))
    for _ in range(2):
        response = client.post("/admin/mentoring/approve", data={"csrf_token": token, "event": event.id,
                                                                  "capacity": 1})
        assert response.status_code == 303
    with app.app_context():
        pairs = db.session.execute(select(MentorPair.mentee_id, MentorPair.mentor_id, MentorPair.status)
                                   .order_by(MentorPair.id)).all()
        assert [tuple(p) for p in pairs] == [(ids["anne"][0], ids["mari"][0], PairStatus.APPROVED),
                                             (ids["bjorn"][0], ids["per"][0], PairStatus.APPROVED)]
        mails = db.session.execute(select(OutboxMessage.kind, OutboxMessage.to_address, OutboxMessage.subject)
                                   .where(OutboxMessage.kind != "registration.confirmed")
                                   .order_by(OutboxMessage.id)).all()
        assert [tuple(m) for m in mails] == [
            ("mentoring.introduction", "anne@example.org", "Du har fått en mentor: Máret Erfaren"),
            ("mentoring.introduction", "máret@example.org", "Du er mentor for Anne Ny"),
            ("mentoring.introduction", "bjørn@example.org", "Du har fått en mentor: Per Erfaren"),
            ("mentoring.introduction", "per@example.org", "Du er mentor for Bjørn Ny"),
        ]
        to_anne = db.session.scalar(select(OutboxMessage.body_text).where(
            OutboxMessage.to_address == "anne@example.org", OutboxMessage.kind == "mentoring.introduction"))
        assert "Máret Erfaren\nRektor, Máret kulturskole\nE-post: máret@example.org\nTelefon: 912 34 567\n" in to_anne
        assert "Om seg selv: Hei fra Máret" in to_anne
    assert "Godkjent" in _row_of(_page(client, event), "Anne Ny")


def test_a_mentor_who_withdraws_after_approval_ends_the_pair_and_nothing_else(app, client, make, login):
    event, ids = _people(app, make)
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)
    mari_token = ids["mari"][1]
    page = client.get(f"/me/{mari_token}")
    assert "Du er med som mentor." in page.get_data(as_text=True)
    response = client.post(f"/me/{mari_token}/mentoring/withdraw",
                           data={"csrf_token": csrf_from(page.get_data(as_text=True))})
    assert response.status_code == 303
    assert "Du meldte deg av mentorordningen" in client.get(f"/me/{mari_token}").get_data(as_text=True)
    with app.app_context():
        pairs = db.session.execute(select(MentorPair.mentee_id, MentorPair.status).order_by(MentorPair.id)).all()
        assert [tuple(p) for p in pairs] == [(ids["anne"][0], PairStatus.ENDED), (ids["bjorn"][0], PairStatus.APPROVED)]
        assert db.session.scalar(select(db.func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == "mentoring.introduction")) == 4  # no new mail
    _admin(make, login)
    admin_page = _page(client, event)
    assert "Anne Ny <span class=\"hint\">(Anne kulturskole)</span> – Máret Erfaren" in admin_page
    assert "(mentor meldte seg av)" in admin_page
    # Máret is out; Per (one place) keeps Bjørn: Anne waits for the organiser, with why.
    assert "Anne Ny <span class=\"hint\">(Anne kulturskole)</span>: mentorene i nærheten har ikke flere ledige " \
           "plasser" in admin_page


def test_all_events_pools_the_opted_in_and_leaves_out_the_withdrawn(app, client, make, login):
    first, second = make.event(title="Høstsamling"), make.event(title="Vårsamling")
    _opt_in(app, first, "Anne Ny", "3405", "mentee")
    _gone, gone_token = _opt_in(app, first, "Gunn Borte", "3401", "mentor")
    _opt_in(app, second, "Per Erfaren", "3201", "mentor")
    with app.app_context(), transaction():
        service.withdraw(links.by_manage_token(gone_token).id, SYSTEM)
    _admin(make, login)
    page = html.unescape(client.get("/admin/mentoring").get_data(as_text=True))
    assert "Per Erfaren" in _row_of(page, "Anne Ny") and "nabofylke" in _row_of(page, "Anne Ny")
    assert "Gunn Borte" not in page
    only_first = _page(client, first)
    assert "Anne Ny <span class=\"hint\">(Anne kulturskole)</span>: ingen mentor i nærheten" in only_first


def _button_names(page: str) -> list[str]:
    """Every button's name as a screen reader reads it: its text, visually hidden parts included."""
    return [" ".join(re.sub(r"<[^>]+>", " ", inner).split())
            for inner in re.findall(r"<button[^>]*>(.*?)</button>", page, flags=re.S)]


def test_each_lock_and_choose_button_names_its_mentee(app, client, make, login):
    """One «Lås» per row and one «Velg som mentor» per unmatched mentee: each names the mentee it is for, so
    a screen reader (or a keyboard user's list of buttons) tells them apart."""
    event, ids = _people(app, make)
    _admin(make, login)
    names = _button_names(_page(client, event))
    assert "Lås Anne Ny" in names and "Lås Bjørn Ny" in names
    assert "Velg som mentor Cecilie Ny" in names
    assert len(names) == len(set(names)), names


def test_the_mentor_choices_say_where_each_mentor_works(app, client, make, login):
    """Swapping a mentor: the list names each mentor's kommune (the organiser chooses by where they are)."""
    event, _ids = _people(app, make)
    _admin(make, login)
    row = _row_of(_page(client, event), "Anne Ny")
    options = re.findall(r"<option[^>]*>([^<]*)</option>", row)
    assert options == ["Máret Erfaren (Kongsvinger)", "Per Erfaren (Bærum)"]


def test_once_every_pair_is_approved_there_is_nothing_left_to_approve(app, client, make, login):
    """The approve button is offered while a suggested or locked pair waits, not after: a second click only
    said «Ingen nye par å godkjenne»."""
    event, _ids = _people(app, make)
    _admin(make, login)
    page = _page(client, event)
    assert "Godkjenn parene og send introduksjonen" in _button_names(page)
    client.post("/admin/mentoring/approve", data={"csrf_token": csrf_from(page), "event": event.id, "capacity": 1})
    page = _page(client, event)
    assert "Godkjent" in _row_of(page, "Anne Ny") and "Godkjent" in _row_of(page, "Bjørn Ny")
    assert "Godkjenn parene og send introduksjonen" not in _button_names(page)
    assert "Alle parene er godkjent." in page


def test_a_mentor_left_without_a_mentee_is_listed_as_free(app, client, make, login):
    """With one mentee per mentor, Anne and Bjørn take a mentor each (Cecilie in Tromsø has none nearby): first no
    mentor is free; a third mentor then has nobody, and the page lists her instead of leaving her out."""
    event, _ = _people(app, make)
    _admin(make, login)
    page = _page(client, event)
    assert "Alle mentorene har minst én mentee." in _free_section(page)
    _opt_in(app, event, "Siri Erfaren", "3403", "mentor")  # Hamar, Innlandet
    page = _page(client, event)
    paired = set(re.findall(r'<td data-label="Mentor">(\w+ \w+)', _pairs_section(page)))
    mentors = {"Máret Erfaren", "Per Erfaren", "Siri Erfaren"}
    assert len(paired) == 2 and paired < mentors
    (free,) = mentors - paired
    assert free in _free_section(page) and not any(name in _free_section(page) for name in paired)


def test_mentees_are_listed_in_norwegian_order(app, client, make, login):
    """Ŋ sorts with the N's (app/core/collation.py), not after Z as its code point would put it."""
    event = make.event(title="Lederkonferansen")
    _opt_in(app, event, "Ánne Ŋuvttoš", "5601", "mentee")
    _opt_in(app, event, "Ola Olsen", "4601", "mentee")
    _opt_in(app, event, "Per Erfaren", "3201", "mentor")
    _admin(make, login)
    page = _page(client, event, capacity=2)
    assert page.index("Ánne Ŋuvttoš") < page.index("Ola Olsen")


def _pairs_section(page: str) -> str:
    return page[page.index('<h2 id="pairs">'):page.index('<h2 id="unmatched">')]


def _free_section(page: str) -> str:
    return page[page.index('<h2 id="idle-mentors">'):page.index('<h2 id="mentorlunsj">')]

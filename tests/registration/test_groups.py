"""Group registration: the form with rows, the split confirm step, the lock, the group page (add, replace,
cancel) and the e-mails each one causes."""
from __future__ import annotations

import html as htmllib
import re
from datetime import timedelta
from email.header import decode_header, make_header

from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.mail import outbox
from app.models import AuditEntry, OutboxMessage, Registration, RegistrationGroup, RegistrationStatus, SessionKind
from app.registration import groups, links, service
from tests.factories import applicant, csrf_from
from tests.registration.conftest import errors_of


def contact(**overrides) -> dict:
    data = {"contact_name": "Åse Kontakt", "contact_email": "ase@kommune.no", "contact_phone": "",
            "organisation": "Kautokeino kulturskole", "kommune": "5612", "privacy_accepted": "y"}
    data.update(overrides)
    return data


def row(n: int, **overrides) -> dict:
    base = {"first_name": f"Kollega{n}", "last_name": "Nordmann", "email": f"k{n}@kommune.no",
            "job_title": "Avdelingsleder", "years_as_leader": "1-3"}
    base.update(overrides)
    return {f"colleagues-{n}-{k}": v for k, v in base.items()}


def group_data(count: int, **overrides) -> dict:
    data = contact(**overrides)
    for n in range(count):
        data.update(row(n))
    return data


class GroupClient:
    def __init__(self, client, slug: str) -> None:
        self.client, self.slug = client, slug
        self.path = f"/events/{slug}/register/group"
        self.token = csrf_from(client.get(self.path).get_data(as_text=True))

    def post(self, data: dict, **extra):
        return self.client.post(self.path, data={**data, **extra, "csrf_token": self.token})

    def preview(self, data: dict):
        response = self.post(data)
        page = response.get_data(as_text=True)
        found = re.search(r'name="split" type="hidden" value="([0-9:]+)"', page) or \
            re.search(r'id="split" name="split" type="hidden" value="([0-9:]+)"', page)
        return response, page, found.group(1) if found else None

    def confirm(self, data: dict, split: str):
        return self.post(data, split=split, confirm="1")


def _deliver(app, smtp, count: int):
    with app.app_context():
        outbox.deliver_due()
    return smtp.wait_for(count)


def _split_text(page: str) -> str:
    found = re.search(r'<p class="split-text"><strong>(.*?)</strong>', page, re.S)
    return htmllib.unescape(found.group(1)) if found else ""


def _group_token(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].removeprefix("/group/")


def test_the_form_starts_with_one_row_and_add_row_keeps_everything_typed(app, client, make):
    event = make.event()
    groupc = GroupClient(client, event.slug)
    page = client.get(groupc.path).get_data(as_text=True)
    assert 'name="colleagues-0-first_name"' in page and 'name="colleagues-1-first_name"' not in page
    response = groupc.post({**contact(contact_name="Ánne Máret"), **row(0, first_name="Biret Máret")}, add_row="1")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="colleagues-1-first_name"' in page
    assert 'value="Biret Máret"' in page and 'value="Ánne Máret"' in page
    assert errors_of(page) == []  # adding a row is not a submission
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_a_row_left_empty_is_left_out(app, client, make):
    event = make.event(capacity=5)
    response, page, split = GroupClient(client, event.slug).preview(
        {**contact(), **row(0), **{k: "" for k in row(1)}, **row(2)})
    assert response.status_code == 200 and split == "2:0"
    assert 'name="colleagues-1-first_name"' not in page and 'value="k2@kommune.no"' in page


def test_errors_are_tied_to_the_row_and_duplicates_in_the_group_are_refused(app, client, make):
    event = make.event()
    groupc = GroupClient(client, event.slug)
    data = {**contact(), **row(0), **row(1, email="K0@kommune.no"), **row(2, first_name="")}
    response = groupc.post(data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="colleagues-1-email-error"' in page
    assert 'id="colleagues-2-first_name-error"' in page
    assert errors_of(page) == ["Denne e-postadressen står allerede på en annen kollega i gruppen.",
                               "Skriv fornavnet til kollegaen."]
    assert "Fornavn (kollega 3): Skriv fornavnet til kollegaen." in htmllib.unescape(page)


def test_an_address_already_registered_is_named_on_its_row(app, client, make):
    event = make.event(title="Lederkonferansen")
    with app.app_context(), transaction():
        from app.registration import service
        from tests.factories import applicant
        service.register(event.id, applicant(1, email="k1@kommune.no"))
    response, page, split = GroupClient(client, event.slug).preview(group_data(2))
    assert response.status_code == 400 and split is None
    assert errors_of(page) == ["Denne e-postadressen er allerede påmeldt Lederkonferansen."]
    assert 'id="colleagues-1-email-error"' in page


def test_preview_shows_the_split_and_writes_nothing_then_confirm_registers_all(app, client, make, smtp):
    event = make.event(capacity=3, title="Lederkonferansen")
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10, title="Verksted A")
    groupc = GroupClient(client, event.slug)
    data = group_data(4)
    data["colleagues-0-sessions"] = str(ws.id)
    response, page, split = groupc.preview(data)
    assert response.status_code == 200
    assert split == "3:1"
    assert _split_text(page) == "3 får plass, 1 kommer på venteliste"
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None

    token = _group_token(groupc.confirm(data, split))
    with app.app_context():
        group = db.session.scalar(select(RegistrationGroup))
        regs = db.session.scalars(select(Registration).order_by(Registration.id)).all()
        assert [(r.email, r.status, r.waitlist_position, r.group_id) for r in regs] == [
            ("k0@kommune.no", RegistrationStatus.CONFIRMED, None, group.id),
            ("k1@kommune.no", RegistrationStatus.CONFIRMED, None, group.id),
            ("k2@kommune.no", RegistrationStatus.CONFIRMED, None, group.id),
            ("k3@kommune.no", RegistrationStatus.WAITLISTED, 1, group.id)]
        assert {(r.organisation, r.municipality_number) for r in regs} == {("Kautokeino kulturskole", "5612")}
        assert [c.session_id for c in regs[0].choices] == [ws.id]
        assert group.contact_name == "Åse Kontakt" and groups.by_token(token).id == group.id
        manage_paths = {r.email: "/me/" + links.manage_token(r) for r in regs}

    received = _deliver(app, smtp, 5)
    by_to = {}
    for m in received:
        by_to.setdefault(m["To"], []).append(m)
    assert sorted(by_to) == ["ase@kommune.no", "k0@kommune.no", "k1@kommune.no", "k2@kommune.no", "k3@kommune.no"]
    contact_text = smtp.text_of(by_to["ase@kommune.no"][0])
    assert f"/group/{token}" in contact_text
    assert "- Kollega3 Nordmann (k3@kommune.no): nummer 1 på ventelisten" in contact_text
    k0 = smtp.text_of(by_to["k0@kommune.no"][0])
    assert manage_paths["k0@kommune.no"] in k0 and "Du er påmeldt Lederkonferansen" in k0
    assert any(p.get_filename() == "program.ics" or (p.get_filename() or "").endswith(".ics")
               for p in by_to["k0@kommune.no"][0].walk())
    assert "venteliste" in smtp.text_of(by_to["k3@kommune.no"][0])
    assert client.get(manage_paths["k1@kommune.no"]).status_code == 200
    assert client.get(manage_paths["k1@kommune.no"] + "/badge.pdf").status_code == 200


def test_confirm_rechecks_under_the_lock_and_shows_the_new_split_writing_nothing(app, client, make):
    event = make.event(capacity=3)
    groupc = GroupClient(client, event.slug)
    data = group_data(3)
    _response, _page, split = groupc.preview(data)
    assert split == "3:0"
    with app.app_context(), transaction():  # someone else takes a seat meanwhile
        from app.registration import service
        from tests.factories import applicant
        service.register(event.id, applicant("other"))
    response = groupc.confirm(data, split)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert _split_text(page) == "2 får plass, 1 kommer på venteliste"
    assert "Plassene har endret seg" in page
    with app.app_context():
        assert db.session.scalar(select(RegistrationGroup.id)) is None
        assert [r.email for r in db.session.scalars(select(Registration))] == ["deltakerother@example.org"]
    token = _group_token(groupc.confirm(data, "2:1"))
    assert token


def _make_group(app, client, event, count=3) -> str:
    groupc = GroupClient(client, event.slug)
    data = group_data(count)
    _r, _p, split = groupc.preview(data)
    return _group_token(groupc.confirm(data, split))


def _page_token(client, token: str) -> str:
    return csrf_from(client.get(f"/group/{token}").get_data(as_text=True))


def test_group_page_lists_colleagues_and_terms_and_needs_the_right_token(app, client, make):
    event = make.event(capacity=2)
    token = _make_group(app, client, event)
    page = htmllib.unescape(client.get(f"/group/{token}").get_data(as_text=True))
    assert "Kollega0 Nordmann" in page and "Kollega2 Nordmann" in page
    assert "Har plass" in page and "Nummer 1 på ventelisten" in page
    assert "Du kan bytte ut en kollega med en annen gratis fram til påmeldingsfristen" in page
    assert client.get("/group/" + "A" * 24).status_code == 404


def test_replace_gives_the_seat_and_choices_to_a_new_person_and_tells_both(app, client, make, smtp):
    event = make.event(capacity=5, title="Lederkonferansen")
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10, title="Verksted R")
    groupc = GroupClient(client, event.slug)
    data = {**group_data(2), "colleagues-0-sessions": str(ws.id)}
    _r, _p, split = groupc.preview(data)
    token = _group_token(groupc.confirm(data, split))
    _deliver(app, smtp, 3)
    with app.app_context():
        old = db.session.scalar(select(Registration).where(Registration.email == "k0@kommune.no"))
        rid, old_manage = old.id, "/me/" + links.manage_token(old)
    csrf = _page_token(client, token)
    response = client.post(f"/group/{token}/{rid}/replace", data={
        f"r{rid}-csrf_token": csrf, f"r{rid}-first_name": "Máhtte", f"r{rid}-last_name": "Ŋuolja",
        f"r{rid}-email": "mahtte@kommune.no", f"r{rid}-job_title": "Rektor", f"r{rid}-years_as_leader": "gt10"})
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    with app.app_context():
        r = db.session.get(Registration, rid)
        assert (r.full_name, r.email, r.status) == ("Máhtte Ŋuolja", "mahtte@kommune.no", RegistrationStatus.CONFIRMED)
        assert [c.session_id for c in r.choices] == [ws.id]  # the same seat and choices
        new_manage = "/me/" + links.manage_token(r)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "replace"))
        assert entry.entity_id == rid and entry.actor_label == "Åse Kontakt (kontaktperson for gruppe)"
    assert client.get(old_manage).status_code == 404
    assert client.get(new_manage).status_code == 200
    received = _deliver(app, smtp, 5)
    to = {m["To"]: smtp.text_of(m) for m in received[3:]}
    assert set(to) == {"k0@kommune.no", "mahtte@kommune.no"}
    assert "Åse Kontakt har gitt plassen din på Lederkonferansen til en kollega" in to["k0@kommune.no"]
    [farewell] = [m for m in received[3:] if m["To"] == "k0@kommune.no"]
    [ics] = [p for p in farewell.walk() if p.get_content_type() == "text/calendar"]
    calendar = ics.get_payload(decode=True).decode()
    assert "METHOD:CANCEL" in calendar and "k0@kommune.no" in calendar and "Verksted R" in calendar
    assert new_manage in to["mahtte@kommune.no"]


def test_replace_after_the_registration_deadline_is_refused_with_the_reason(app, client, make, frozen_now):
    event = make.event(capacity=5)
    token = _make_group(app, client, event, count=1)
    with app.app_context():
        rid = db.session.scalar(select(Registration.id))
    csrf = _page_token(client, token)
    frozen_now(event.registration_closes_at + timedelta(minutes=1))
    response = client.post(f"/group/{token}/{rid}/replace", data={
        f"r{rid}-csrf_token": csrf, f"r{rid}-first_name": "Ny", f"r{rid}-last_name": "Person",
        f"r{rid}-email": "ny@kommune.no", f"r{rid}-job_title": "Rektor", f"r{rid}-years_as_leader": "gt10"})
    assert response.status_code == 303
    page = htmllib.unescape(client.get(f"/group/{token}").get_data(as_text=True))
    assert "Påmeldingsfristen har gått ut, så kolleger kan ikke byttes ut lenger." in page
    with app.app_context():
        assert db.session.get(Registration, rid).email == "k0@kommune.no"


def test_cancel_one_frees_the_seat_for_the_waiting_list_and_is_audited(app, client, make, smtp):
    event = make.event(capacity=2)
    token = _make_group(app, client, event, count=3)
    _deliver(app, smtp, 4)
    with app.app_context():
        first = db.session.scalar(select(Registration).where(Registration.email == "k0@kommune.no")).id
    response = client.post(f"/group/{token}/{first}/cancel", data={"csrf_token": _page_token(client, token)})
    assert response.status_code == 303
    with app.app_context():
        by_email = {r.email: r for r in db.session.scalars(select(Registration))}
        assert by_email["k0@kommune.no"].status == RegistrationStatus.CANCELLED
        assert by_email["k2@kommune.no"].status == RegistrationStatus.CONFIRMED
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "cancel"))
        assert entry.entity_id == first
    received = _deliver(app, smtp, 6)
    assert sorted((m["To"], str(make_header(decode_header(m["Subject"])))) for m in received[4:]) == [
        ("k0@kommune.no", f"Du er meldt av {event.title}"), ("k2@kommune.no", f"Du har fått plass på {event.title}")]


def test_cancel_after_the_change_deadline_is_refused(app, client, make, frozen_now):
    event = make.event(capacity=5)
    token = _make_group(app, client, event, count=1)
    with app.app_context():
        rid = db.session.scalar(select(Registration.id))
    csrf = _page_token(client, token)
    frozen_now(event.change_deadline + timedelta(minutes=1))
    client.post(f"/group/{token}/{rid}/cancel", data={"csrf_token": csrf})
    with app.app_context():
        assert db.session.get(Registration, rid).status == RegistrationStatus.CONFIRMED


def test_add_a_colleague_from_the_group_page(app, client, make):
    event = make.event(capacity=5)
    token = _make_group(app, client, event, count=1)
    csrf = _page_token(client, token)
    response = client.post(f"/group/{token}/add", data={
        "add-csrf_token": csrf, "add-first_name": "Ny", "add-last_name": "Kollega", "add-email": "K0@kommune.no",
        "add-job_title": "Rektor", "add-years_as_leader": "lt1"})
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [f"Denne e-postadressen er allerede påmeldt {event.title}."]
    response = client.post(f"/group/{token}/add", data={
        "add-csrf_token": csrf, "add-first_name": "Ny", "add-last_name": "Kollega", "add-email": "ny@kommune.no",
        "add-job_title": "Rektor", "add-years_as_leader": "lt1"})
    assert response.status_code == 303
    with app.app_context():
        group = db.session.scalar(select(RegistrationGroup))
        assert [r.email for r in group.registrations] == ["k0@kommune.no", "ny@kommune.no"]
        assert group.registrations[1].organisation == "Kautokeino kulturskole"
        assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.to_address == "ny@kommune.no"))


def test_the_organiser_sees_the_group_in_the_list_and_on_the_detail(app, client, make, login):
    event = make.event(capacity=5)
    _make_group(app, client, event, count=2)
    with app.app_context(), transaction():
        service.register(event.id, applicant("alene", first_name="Alene", last_name="Aas"))
    user = make.user()
    login(user.email)
    page = htmllib.unescape(client.get(f"/admin/events/{event.slug}/registrations").get_data(as_text=True))
    with app.app_context():
        group = db.session.scalar(select(RegistrationGroup))
        first = group.registrations[0].id
    assert page.count("Gruppe: Åse Kontakt") == 2
    listed = htmllib.unescape(client.get(f"/admin/events/{event.slug}/registrations?group={group.id}&status=all")
                              .get_data(as_text=True))
    assert "Kollega0" in listed and "Kollega1" in listed and "Alene" not in listed
    assert "Viser bare kollegene i én gruppepåmelding." in listed
    detail = htmllib.unescape(client.get(f"/admin/events/{event.slug}/registrations/{first}").get_data(as_text=True))
    assert "Meldt på av Åse Kontakt" in detail and "Alle 2 i gruppen" in detail
    assert f"registrations?group={group.id}" in detail



def test_the_retention_purge_anonymises_the_group_contact_and_closes_the_page(app, client, make, frozen_now):
    from app.privacy import service as privacy

    event = make.event(capacity=5)
    token = _make_group(app, client, event, count=1)
    with app.app_context(), transaction():
        privacy.purge(event.ends_at + timedelta(days=3 * 366))
    with app.app_context():
        group = db.session.scalar(select(RegistrationGroup))
        assert (group.contact_name, group.contact_email, group.contact_phone) == ("", None, "")
        assert group.revoked_at is not None
        labels = {e.actor_label for e in db.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_type.in_(("registration", "registration_group"))))}
        assert labels == {""}
    assert client.get(f"/group/{token}").status_code == 404

"""A person's series: a member points at the remembered person with their address (case-insensitive), whether the
person came first or the membership; Min side lists the series with the member link and the choices; withdrawing
the consent to be contacted, or «Glem meg», acts on the memberships at once."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import JoinedVia, OutboxMessage, OutboxStatus, SeriesKind, SeriesMember
from app.series import invitations, service
from tests.factories import csrf_from
from tests.people.conftest import person_of, register


def _series(app, title: str, slug: str) -> int:
    with app.app_context(), transaction():
        return service.create(service.SeriesDraft(title, slug, SeriesKind.REGIONAL_NETWORK), SYSTEM).id


def _join(app, series_id: int, name: str, email: str, **kw) -> tuple[int, str]:
    with app.app_context(), transaction():
        member = service.join(series_id, service.MemberDraft(name, email, **kw), JoinedVia.INVITATION, SYSTEM).member
        return member.id, service.member_token(member)


def _members(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.execute(select(SeriesMember.email, SeriesMember.person_id, SeriesMember.show_in_member_list,
                                         SeriesMember.mail_ok).order_by(SeriesMember.id))
        return [tuple(r) for r in rows]


def _invite(app, series_id: int, event_id: int) -> int:
    with app.app_context(), transaction():
        event = service.add_event(series_id, event_id, SYSTEM)
        return invitations.invite_members(service.get(series_id), event, SYSTEM)


def _post(client, path: str, form_page: str = "/me/", **fields):
    token = csrf_from(client.get(form_page).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **fields})


def test_a_member_joining_later_points_at_the_remembered_person_whatever_the_case(app, client, make):
    nord = _series(app, "Nettverk Nord", "nord")
    register(client, make.event().slug, "kari@example.org")
    person_id = person_of(app, "kari@example.org").id
    _join(app, nord, "Kari Nordmann", "Kari@Example.ORG")
    _join(app, nord, "Ola Nordmann", "ola@example.org")  # nobody remembered with this address
    assert _members(app) == [("kari@example.org", person_id, False, True), ("ola@example.org", None, False, True)]


def test_a_person_remembered_later_takes_over_the_memberships_with_their_address(app, client, make):
    nord, digital = _series(app, "Nettverk Nord", "nord"), _series(app, "Digitalt nettverk", "digital")
    _join(app, nord, "Kari Nordmann", "kari@example.org")
    _join(app, digital, "Kari Nordmann", "kari@example.org")
    _join(app, digital, "Ola Nordmann", "ola@example.org")
    register(client, make.event().slug, "ola@example.org", remember=False)  # no «Husk meg»: nobody remembered
    assert [m[1] for m in _members(app)] == [None, None, None]
    register(app.test_client(), make.event().slug, "KARI@example.org")
    person_id = person_of(app, "kari@example.org").id
    assert [m[1] for m in _members(app)] == [person_id, person_id, None]


def test_joining_from_the_registration_form_with_husk_meg_is_linked(app, client, make):
    nord = _series(app, "Nettverk Nord", "nord")
    event = make.event(slug="nettverksmote")
    _invite(app, nord, event.id)
    register(client, event.slug, "Aile@Example.org", join_series="y")
    assert _members(app) == [("aile@example.org", person_of(app, "aile@example.org").id, False, True)]


def test_min_side_lists_the_persons_series_with_the_member_link_and_the_choices(app, client, make, signed_in):
    nord, digital = _series(app, "Regionalt ledernettverk Nord", "nord"), _series(app, "Digitalt nettverk", "digital")
    register(client, make.event().slug, "kari@example.org")
    _id, nord_token = _join(app, nord, "Kari Nordmann", "kari@example.org", show_in_member_list=True)
    _id, digital_token = _join(app, digital, "Kari Nordmann", "kari@example.org", mail_ok=False)
    _join(app, nord, "Ola Nordmann", "ola@example.org")
    signed_in("kari@example.org")
    html = client.get("/me/").get_data(as_text=True)
    section = re.search(r'<section id="nettverk" aria-labelledby="series-heading">(.*?)</section>', html, re.S).group(1)
    assert re.findall(r'id="series-\d+"><a href="([^"]+)">([^<]+)</a>', section) == [
        (f"/series/digital/m/{digital_token}", "Digitalt nettverk"),
        (f"/series/nord/m/{nord_token}", "Regionalt ledernettverk Nord")]
    assert re.findall(r"<dd>(Ja|Nei)</dd>", section) == ["Nei", "Nei", "Ja", "Ja"]
    assert f'href="/series/nord/m/{nord_token}#valg"' in section and "Ola" not in section


def test_min_side_without_series_says_so(app, client, make, signed_in):
    register(client, make.event().slug, "kari@example.org")
    signed_in("kari@example.org")
    assert "Du er ikke medlem av noe nettverk med denne e-postadressen." in client.get("/me/").get_data(as_text=True)


def test_withdrawing_the_contact_consent_takes_the_person_out_of_member_lists_invitations_and_prefill_at_once(
        app, client, make, signed_in, smtp):
    nord = _series(app, "Nettverk Nord", "nord")
    register(client, make.event().slug, "kari@example.org", first_name="Kári", contact=True)
    _id, kari_token = _join(app, nord, "Kári Nordmann", "kari@example.org", show_in_member_list=True)
    _id, ola_token = _join(app, nord, "Ola Nordmann", "ola@example.org", show_in_member_list=True)
    _invite(app, nord, make.event(title="Møte 1").id)  # queued for both, not sent yet
    signed_in("kari@example.org")
    make.event(slug="neste")
    assert " checked " in re.search(r'<input[^>]*name="contact_ok"[^>]*>',
                                    client.get("/events/neste/register").get_data(as_text=True)).group(0)

    response = _post(client, "/me/contact")  # the box left empty: withdrawn
    assert response.status_code == 303
    assert person_of(app, "kari@example.org").contact_ok_at is None
    person_id = person_of(app, "kari@example.org").id
    assert _members(app) == [("kari@example.org", person_id, False, False), ("ola@example.org", None, True, True)]
    assert "Kári Nordmann" not in client.get(f"/series/nord/m/{ola_token}").get_data(as_text=True)
    assert _invite(app, nord, make.event(title="Møte 2").id) == 1  # Ola only
    with app.app_context():
        deliver_due()
        sent = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.status, OutboxMessage.reason)
                                  .where(OutboxMessage.kind == "series.invitation").order_by(OutboxMessage.id)).all()
        assert [tuple(m) for m in sent] == [
            ("kari@example.org", OutboxStatus.SUPERSEDED, "not_wanted"), ("ola@example.org", OutboxStatus.SENT, ""),
            ("ola@example.org", OutboxStatus.SENT, "")]
    assert sorted(m["To"] for m in smtp.messages if m["List-Unsubscribe"]) == ["ola@example.org"] * 2
    form = client.get("/events/neste/register").get_data(as_text=True)
    assert "checked" not in re.search(r'<input[^>]*name="contact_ok"[^>]*>', form).group(0)


def test_glem_meg_deletes_the_memberships_and_the_series_mail_to_them(app, client, make, signed_in):
    nord, digital = _series(app, "Nettverk Nord", "nord"), _series(app, "Digitalt nettverk", "digital")
    _id, kari_token = _join(app, nord, "Kári Nordmann", "kari@example.org", show_in_member_list=True)
    register(client, make.event().slug, "kari@example.org", first_name="Kári", contact=True)
    _join(app, digital, "Kári Nordmann", "kari@example.org")
    _id, ola_token = _join(app, nord, "Ola Nordmann", "ola@example.org")
    _invite(app, nord, make.event(title="Møte 1").id)
    with app.app_context(), transaction():  # a membership with her address that was never linked
        db.session.scalar(select(SeriesMember).where(SeriesMember.series_id == digital)).person_id = None
    signed_in("kari@example.org")
    make.event(slug="neste")

    response = _post(client, "/me/forget", "/me/forget")
    assert response.status_code == 303
    assert _members(app) == [("ola@example.org", None, False, True)]
    assert client.get(f"/series/nord/m/{kari_token}").status_code == 404
    assert "Kári" not in client.get(f"/series/nord/m/{ola_token}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.to_address).where(
            OutboxMessage.kind.like("series.%"))).all() == ["ola@example.org"]
    form = client.get("/events/neste/register").get_data(as_text=True)
    assert "Kári" not in form and "kari@example.org" not in form

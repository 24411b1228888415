"""What participants see of a kollegagruppe: on the manage page (published only; the others' name and kommune
only), printed on the badge (text extracted from the real PDF; a long Sami group name stays inside its badge and
clear of the QR), listed under the programme's group session, and «fortsett som nettverk» (a digital network
series, members joined by the organiser, each e-mailed her member link through the outbox)."""
from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from app.badges import service as badges
from app.badges.layout import MM, Qr, Text
from app.extensions import db
from app.models import Event, JoinedVia, OutboxMessage, PeerGroup, Series, SeriesKind, SeriesMember
from tests.checkin.helpers import decode_qr, render_pages
from tests.peer_groups.helpers import enrol, group_ids, groups, post, text

LONG_NAME = "Čáhppes-Ŋuorra Sámi kulturskoleledere i Guovdageaidnu"
LONG_PLACE = "Grupperom Áltá-Ŋávdeš 12"


@pytest.fixture
def formed(app, client, make, login):
    """Ten participants in two draft groups; Ánde (Sami name, Kautokeino) is the first."""
    event = make.event(title="Lederkonferansen 2027")
    people = [enrol(app, event, 0, first="Ánde", last="Ŋuorra-Đávvet", kommune="5612")]
    people += [enrol(app, event, n, first=f"Kari{n}") for n in range(1, 10)]
    login(make.user().email)
    post(client, event.slug, "/form", {"size": "5"})
    return event, people


def _group_of(app, event, registration_id):
    ids = group_ids(app, event.id)
    return next(gid for gid, (_, _, members) in zip(ids, groups(app, event.id), strict=True)
                if registration_id in members)


def test_the_manage_page_shows_the_group_only_once_published_with_name_and_kommune_only(app, client, formed):
    event, people = formed
    ande_id, ande_token = people[0]
    gid = _group_of(app, event, ande_id)
    post(client, event.slug, f"/{gid}", {"name": "Nordlys", "place": "Bord 4"})

    assert "Din kollegagruppe" not in text(client.get(f"/me/{ande_token}"))  # a draft: nobody sees it

    post(client, event.slug, "/publish")
    page = text(client.get(f"/me/{ande_token}"))
    assert "Din kollegagruppe: Nordlys, Bord 4" in page
    with app.app_context():
        group = db.session.get(PeerGroup, gid)
        others = [m.registration for m in group.active_members if m.registration_id != ande_id]
        for other in others:
            assert f"{other.full_name}, {other.municipality.display_name}" in page
            assert other.email not in page  # never the others' e-mail
        db.session.remove()
    assert "de andre i gruppen ser bare navnet ditt og kommunen din" in page
    assert "Ánde" not in page.split("De andre i gruppen")[1].split("Personvern")[0]  # not herself
    mine = client.get(f"/me/{ande_token}/data.json").get_json()
    assert mine["peer_group"]["name"] == "Nordlys" and mine["peer_group"]["table_or_room"] == "Bord 4"
    assert mine["peer_group"]["state"] == "published" and mine["peer_group"]["left_at"] is None


def _pdf_text(pdf: bytes) -> str:
    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_the_badge_prints_the_published_group_and_table(app, client, formed):
    event, people = formed
    ande_id, ande_token = people[0]
    gid = _group_of(app, event, ande_id)
    post(client, event.slug, f"/{gid}", {"name": "Nordlys", "place": "Bord 4"})
    assert "Nordlys" not in _pdf_text(client.get(f"/me/{ande_token}/badge.pdf").data)  # not before publishing

    post(client, event.slug, "/publish")
    pdf = client.get(f"/me/{ande_token}/badge.pdf").data
    assert "Ánde\r\nŊuorra-Đávvet" in _pdf_text(pdf)
    assert "Nordlys · Bord 4" in _pdf_text(pdf)
    [qr] = decode_qr(render_pages(pdf, dpi=200)[0])  # still reads
    assert qr.text.startswith("http://samling.test/b/")


@pytest.mark.parametrize("layout", ["a6", "a7"])
def test_a_long_sami_group_name_fits_its_badge_and_keeps_clear_of_the_qr(app, client, formed, layout):
    event, people = formed
    gid = _group_of(app, event, people[0][0])
    post(client, event.slug, f"/{gid}", {"name": LONG_NAME, "place": LONG_PLACE})
    post(client, event.slug, "/publish")
    drawn = []
    with app.app_context():
        ev = db.session.get(Event, event.id)
        pdf = badges.sheet(ev, badges.confirmed(ev.id), layout, record=lambda p, box, items: drawn.append((box, items)))
        db.session.remove()

    extracted = _pdf_text(pdf).replace("\r\n", " ")
    assert f"{LONG_NAME} · {LONG_PLACE}" in extracted
    assert extracted.count("Kollegagruppe 2") == 5  # the other group's five badges
    margin = (8 if layout == "a6" else 6) * MM - 0.5
    for box, items in drawn:
        inside = box.inset(margin)
        [qr] = [i for i in items if isinstance(i, Qr)]
        texts = [i for i in items if isinstance(i, Text)]
        for t in texts:
            assert inside.contains(t.bbox), t
            overlaps_qr = (t.bbox.x < qr.box.right and qr.box.x < t.bbox.right
                           and t.bbox.y < qr.box.top and qr.box.y < t.bbox.top)
            assert not overlaps_qr, t
            for other in texts:  # no two lines overlap
                if other is not t and t.bbox.x < other.bbox.right and other.bbox.x < t.bbox.right:
                    assert t.bbox.top <= other.bbox.y + 0.01 or other.bbox.top <= t.bbox.y + 0.01, (t, other)
    sizes = [t.size for _, items in drawn for t in items if isinstance(t, Text) and "Ŋávdeš" in t.text]
    assert sizes and min(sizes) >= 5  # shrunk, still printable


def test_the_group_session_lists_the_published_groups_in_the_programme(app, client, make, formed):
    event, _people = formed
    session = make.session(event, title="Kollegagruppene møtes")
    make.session(event, title="Lunsj")
    gid = group_ids(app, event.id)[0]
    post(client, event.slug, f"/{gid}", {"name": "Nordlys", "place": "Bord 4"})
    saved = text(post(client, event.slug, "/session", {"session": session.id}))
    assert "Gruppesesjonen er lagret." in saved

    assert "Kollegagruppene møtes her" not in text(client.get(f"/events/{event.slug}"))  # drafts are not listed
    post(client, event.slug, "/publish")
    page = text(client.get(f"/events/{event.slug}"))
    listed = page.split("Kollegagruppene møtes her:")[1].split("Lunsj")[0]
    assert "Nordlys – Bord 4" in listed and "Kollegagruppe 2 – Bord 2" in listed

    renamed = text(post(client, event.slug, f"/{gid}", {"name": "Midnattsol", "place": "Rom 2"}))
    assert "Midnattsol er lagret." in renamed
    assert "Midnattsol – Rom 2" in text(client.get(f"/events/{event.slug}"))  # the cached article is renewed

    wrong = text(post(client, event.slug, "/session", {"session": "999999"}))
    assert "Velg en programpost i dette arrangementet." in wrong


def test_continuing_as_a_network_joins_the_members_and_mails_each_her_link(app, client, formed):
    event, people = formed
    gid = _group_of(app, event, people[0][0])
    refused = text(post(client, event.slug, f"/{gid}/network"))
    assert "Bare publiserte grupper kan fortsette som nettverk." in refused

    post(client, event.slug, "/publish")
    page = text(post(client, event.slug, f"/{gid}/network"))
    assert "5 medlemmer har fått e-post med lenken." in page
    with app.app_context():
        series = db.session.scalar(select(Series))
        assert series.kind == SeriesKind.DIGITAL_NETWORK and series.public is False
        assert series.title == "Kollegagruppe 1 – Lederkonferansen 2027"
        members = db.session.scalars(select(SeriesMember).where(SeriesMember.series_id == series.id)).all()
        assert len(members) == 5 and {m.joined_via for m in members} == {JoinedVia.ORGANISER}
        assert all(m.role == "" for m in members)  # name and kommune only
        mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "peer_groups.network")).all()
        assert sorted(m.to_address for m in mails) == sorted(m.email for m in members)
        ande = next(m for m in mails if m.registration_id == people[0][0])
        link = next(w for w in ande.body_text.split() if "/series/" in w)
        slug = series.slug
        db.session.remove()
    assert "Fortsetter som nettverket Kollegagruppe 1 – Lederkonferansen 2027" in page
    member_page = client.get(link.replace("http://samling.test", ""))
    assert member_page.status_code == 200  # not public, but open to its members
    assert "Ánde Ŋuorra-Đávvet" in text(member_page)
    assert client.get(f"/series/{slug}").status_code == 404  # not listed for anyone else
    again = text(post(client, event.slug, f"/{gid}/network"))
    assert "Gruppen fortsetter allerede som nettverk." in again

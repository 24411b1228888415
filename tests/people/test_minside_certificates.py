"""Min side links the kursbevis of a past event once the organiser has issued it, and only then."""
from datetime import timedelta

from app.audit.log import SYSTEM
from app.certificates import service as certificates
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import Registration
from app.registration import links
from tests.people.conftest import register


def test_the_kursbevis_link_appears_on_min_side_when_issued(app, client, make, signed_in):
    done = make.event(title="Regionsamling Nord", slug="nord", starts_at=clock.now() + timedelta(days=3))
    make.event(title="Lederkonferansen", slug="konferansen", starts_at=clock.now() + timedelta(days=40))
    for slug in ("nord", "konferansen"):
        register(app.test_client(), slug, "kari@example.org")
    signed_in("kari@example.org")
    with app.app_context():
        mine = {r.event.slug: r for r in db.session.query(Registration).filter(Registration.person_id.is_not(None))}
        url = f"/me/{links.manage_token(mine['nord'])}/certificate.pdf"
        other = f"/me/{links.manage_token(mine['konferansen'])}/certificate.pdf"
        nord_id = mine["nord"].id
        db.session.remove()
    assert url not in client.get("/me/").get_data(as_text=True)

    clock.set_now(done.ends_at + timedelta(days=1))
    with app.app_context():
        with transaction():
            certificates.issue_one(db.session.get(Registration, nord_id), SYSTEM)
        db.session.remove()
    html = client.get("/me/").get_data(as_text=True)
    assert f'href="{url}"' in html and other not in html
    assert html.count("Kursbevis (PDF)") == 1
    assert client.get(url).mimetype == "application/pdf"

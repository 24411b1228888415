"""Kollegagrupper in the browser: the organiser forms the groups, names one, moves a person and publishes; a
participant finds her group on her manage page and on her badge. Screenshots (1280 and 360 px, axe-core on each):
tests/e2e/artifacts/peer_groups/organiser-*.png, manage-*.png, and the badge rendered as badge.png."""
from __future__ import annotations

from app.badges import service as badges
from app.extensions import db
from app.models import Event, SchoolSize, YearsBand
from tests.checkin.helpers import render_pages
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_steps import look, sign_in
from tests.peer_groups.helpers import enrol

FOLDER = ARTIFACTS / "peer_groups"
PEOPLE = [("Ánde", "Ŋuorra-Đávvet", "5612"), ("Máret", "Šávža", "5601"), ("Kari", "Nordmann", "0301"),
          ("Ola", "Hansen", "1103"), ("Siri", "Bakken", "1506"), ("Per", "Lie", "1804"), ("Åse", "Øvre", "3101"),
          ("Nils", "Dahl", "3201"), ("Ingrid", "Moen", "3203"), ("Jon", "Berg", "4601"), ("Liv", "Strand", "5001"),
          ("Tor", "Aas", "5501")]


def test_the_organiser_forms_names_moves_and_publishes_and_the_participant_sees_it(app, make, page):
    event = make.event(title="Lederkonferansen 2027")
    tokens = [enrol(app, event, n, first=first, last=last, kommune=kommune, size=list(SchoolSize)[n % 3],
                    years=list(YearsBand)[n % 5])[1] for n, (first, last, kommune) in enumerate(PEOPLE)]
    sign_in(page, make.user().email, f"/admin/events/{event.slug}/peer-groups")

    page.get_by_label("Ønsket gruppestørrelse").select_option("6")
    page.get_by_role("button", name="Lag grupper").click()
    page.get_by_text("2 grupper er laget som utkast.").wait_for()

    page.get_by_text("Endre navn og bord/rom").first.click()
    page.locator("#group-1 input[name=name], [id^=name-]").first.fill("Čáhppes-Ŋuorra – kulturskoleledere i nord")
    page.locator("[id^=place-]").first.fill("Grupperom Áltá 12")
    page.get_by_role("button", name="Lagre").nth(1).click()
    page.get_by_text("Čáhppes-Ŋuorra – kulturskoleledere i nord er lagret.").wait_for()

    page.get_by_role("button", name="Flytt").first.click()
    page.get_by_text("Deltakeren er flyttet.").wait_for()
    page.get_by_role("button", name="Publiser gruppene").click()
    page.get_by_text("2 grupper er publisert").wait_for()
    look(page, "organiser", FOLDER)

    page.goto(f"/me/{tokens[0]}")
    page.get_by_role("heading", name="Din kollegagruppe:").wait_for()
    look(page, "manage", FOLDER)

    badge = page.request.get(f"/me/{tokens[0]}/badge.pdf")
    assert badge.ok
    [image] = render_pages(badge.body(), dpi=110)
    image.save(FOLDER / "badge.png")
    with app.app_context():  # the print sheet, with the long Sami group name on the first group's badges
        ev = db.session.get(Event, event.id)
        sheet = badges.sheet(ev, badges.confirmed(ev.id), "a6")
        db.session.remove()
    render_pages(sheet, dpi=110)[0].save(FOLDER / "badge-sheet.png")

"""A speaker follows the e-mailed link, changes the bio, uploads a photo and slides, and sees it all
on the public program. axe-core checks every page; screenshots at 1280 and 360 px."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Speaker, User, UserRole
from app.speakers import signin
from tests.e2e.conftest import check_a11y, screenshot
from tests.smtp import SmtpServer
from tests.speakers import files

SHOTS = Path("/work/shots/forms")
NEW_BIO = "Rektor i Aas kulturskole siden 2019. Opptatt av ledelse som lagarbeid."


@pytest.fixture
def invited(app, make, live_server, smtp):
    """Anna is on the program of a published event, and an organiser has invited her."""
    event = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027",
                       contact_name="Kari Arrangør", contact_email="kari@kulturskoleradet.no")
    anna = make.speaker(name="Anna Aas", title="rektor", organisation="Aas kulturskole", email="anna@example.org",
                        bio="Gammel bio.")
    co = make.speaker(name="Bjørn Berg", organisation="Berg kulturskole")
    session = make.session(event, title="Ledelse i praksis", abstract="Om ledelse.", speakers=[anna, co])
    organiser = make.user(UserRole.ADMINISTRATOR)
    with app.app_context():
        with transaction():
            signin.send_link(db.session.get(Speaker, anna.id), invited_by=db.session.get(User, organiser.id))
        deliver_due()
    text = SmtpServer.text_of(smtp.wait_for(1)[0])
    link = re.search(r"http://\S+/speaker/login/\S+", text).group(0)
    assert link.startswith(live_server)
    return {"event": event, "session": session, "link": link}


def _shots(page, name: str) -> None:
    """Full-page screenshots at 1280 and 360 px for the people reviewing the change, where there is a place."""
    if SHOTS.parent.is_dir():
        SHOTS.mkdir(exist_ok=True)
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def _both_widths(page, name: str) -> None:
    screenshot(page, f"{name}-1280")
    page.set_viewport_size({"width": 360, "height": 740})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: horizontal scroll at 360 px ({width})"
    check_a11y(page, f"{name} 360 px")
    screenshot(page, f"{name}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_speaker_updates_bio_photo_and_slides_and_sees_them_on_the_program(page, invited):
    page.goto(invited["link"])
    assert page.get_by_role("heading", name="Hei, Anna Aas").is_visible()
    check_a11y(page, "innloggingssiden")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/speaker/")
    assert page.get_by_text("Velkommen, Anna Aas! Du er logget inn.").is_visible()
    assert page.get_by_role("link", name="Ledelse i praksis").is_visible()
    check_a11y(page, "oversikten")
    _both_widths(page, "speaker-home")

    # Profile: the counter shows what is left while typing, and tells screen readers politely.
    page.get_by_role("navigation", name="Foredragsholdersidene").get_by_role("link", name="Min profil").click()
    page.wait_for_url("**/speaker/profile")
    bio = page.get_by_label("Kort biografi")
    assert page.locator("#bio-count").inner_text() == f"Du har {600 - len('Gammel bio.')} tegn igjen"
    bio.fill("")
    bio.press_sequentially(NEW_BIO[:20])
    bio.fill(NEW_BIO)
    assert page.locator("#bio-count").inner_text() == f"Du har {600 - len(NEW_BIO)} tegn igjen"
    expect(page.locator("#bio-count-status")).to_have_text(f"Du har {600 - len(NEW_BIO)} tegn igjen")
    assert page.locator("#bio-count-status").get_attribute("aria-live") == "polite"
    check_a11y(page, "profilen")

    # «Forhåndsvis» shows the bio as the program will, rendered by the server; nothing is saved yet.
    bio.fill(NEW_BIO + "\n\n**Velkommen** til [Aas](https://aas.example.org).")
    page.get_by_role("button", name="Forhåndsvis").click()
    preview = page.get_by_role("region", name="Forhåndsvisning")
    expect(preview.locator("strong")).to_have_text("Velkommen")
    assert preview.get_by_role("link", name="Aas").get_attribute("href") == "https://aas.example.org"
    check_a11y(page, "profilen med forhåndsvisning")
    _shots(page, "speaker-profile-preview")

    # The bio and the photo are one form: a refused photo keeps the typed bio, a good one is saved with it.
    page.set_input_files("#photo", {"name": "portrett.jpg", "mimeType": "image/jpeg", "buffer": files.pdf()})
    page.get_by_role("button", name="Lagre profilen").click()
    assert page.get_by_role("link", name=re.compile("Filen er ikke et bilde vi kan lese")).is_visible()
    assert bio.input_value().startswith(NEW_BIO)
    check_a11y(page, "profilen med feil")
    page.set_input_files("#photo", {"name": "portrett.jpg", "mimeType": "image/jpeg",
                                    "buffer": files.jpeg_with_gps(size=(800, 600))})
    page.get_by_role("button", name="Lagre profilen").click()
    assert page.get_by_text("Profilen og bildet er lagret.").is_visible()
    assert bio.input_value().startswith(NEW_BIO)
    assert page.locator("img.profile-photo").evaluate("img => img.complete && img.naturalWidth") == 400
    _shots(page, "speaker-profile")
    _both_widths(page, "speaker-profile")

    # Slides for the session.
    page.get_by_role("link", name="Mine sesjoner").click()
    check_a11y(page, "sesjonslisten")
    page.get_by_role("link", name="Ledelse i praksis").click()
    assert page.get_by_text("Bjørn Berg (Berg kulturskole)").is_visible()
    page.get_by_label("Beskrivelse").fill("Vi ser på **ledelse som lagarbeid**.\n\n<script>alert(1)</script>")
    page.get_by_role("button", name="Lagre sesjonen").click()
    assert page.get_by_text("Sesjonen er lagret.").is_visible()
    page.set_input_files("#file-file", {"name": "lysbilder.pdf", "mimeType": "application/pdf", "buffer": files.png()})
    page.get_by_role("button", name="Last opp filen").click()
    assert page.get_by_role("link", name=re.compile("Filen er ikke en PDF")).is_visible()
    page.set_input_files("#file-file", {"name": "lysbilder.pdf", "mimeType": "application/pdf",
                                        "buffer": files.pdf("Ledelse i praksis")})
    page.get_by_label("Navn på materiellet").fill("Lysbilder")
    page.get_by_role("button", name="Last opp filen").click()
    assert page.get_by_text("Filen er lagt til.").is_visible()
    assert page.locator(".material-list").get_by_role("link", name="Lysbilder").is_visible()
    check_a11y(page, "sesjonen")
    _both_widths(page, "speaker-session")

    page.get_by_role("link", name="Mitt program").click()
    assert page.get_by_text("kari@kulturskoleradet.no").is_visible()
    check_a11y(page, "mitt program")
    _both_widths(page, "speaker-schedule")

    # The public program shows it all at once.
    page.goto(f"/events/{invited['event'].slug}")
    speaker_card = page.locator("li.speaker", has_text="Anna Aas")
    assert speaker_card.get_by_text(NEW_BIO).is_visible()
    assert speaker_card.locator("img.speaker-photo").evaluate("img => img.complete && img.naturalWidth") == 192
    session_item = page.locator(f"#session-{invited['session'].id}")
    session_item.get_by_text("Les mer").click()
    assert session_item.locator("strong", has_text="ledelse som lagarbeid").is_visible()
    assert session_item.get_by_text("<script>alert(1)</script>").is_visible()  # shown as text, never run
    slides = page.locator(f"#session-{invited['session'].id}").get_by_role("link", name="Lysbilder")
    download = page.request.get(slides.get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF-")
    assert download.headers["content-type"] == "application/pdf"
    check_a11y(page, "programsiden")
    _both_widths(page, "speaker-public-program")


def test_a_photo_over_the_pixel_budget_is_refused_on_the_form(page, invited):
    """The issue's 78 KB PNG of 9000 × 9000 px: refused from its header, with the reason and what to do."""
    page.goto(invited["link"])
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/speaker/")
    page.goto("/speaker/profile")
    page.set_input_files("#photo", {"name": "plakat.png", "mimeType": "image/png",
                                         "buffer": files.png_bomb(9000, 9000)})
    page.get_by_role("button", name="Lagre profilen").click()
    message = "Bildet er 9000 × 9000 piksler (81 megapiksler), for mange til at vi kan behandle det trygt."
    expect(page.locator("#photo-error")).to_contain_text(message)
    check_a11y(page, "profilen med for stort bilde")
    _both_widths(page, "speaker-photo-too-many-pixels")

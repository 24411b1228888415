"""Issue 19's «Done means», in Chromium on one running server with real e-mail (aiosmtpd) and a real badge PDF:

two new leaders and three experienced ones opt in to the mentoring through the registration form (mentee or
mentor, themes, a note; from Finnmark, Troms and Nordland, Sami names); the organiser signs in through /login,
opens /admin/mentoring for the conference, sees the matching's suggestion, gives one new leader another mentor
(a lock) and approves; the four introduction e-mails arrive, each with the other's contact details. Seven more
participants register (through the service); the organiser forms the kollegagrupper for the conference (two
groups of six), names one and publishes them; the badge sheet downloaded from the Navneskilt tab is rendered with
pdftoppm and read with pdftotext badge by badge: every participant's group is on their badge, and the QR of one
decodes to her badge address. The new leader follows the start-package link of her confirmation e-mail to
/ressurser?for=nye-ledere and opens a checklist.

Every page is checked with axe-core and photographed at 1280 and 360 px (`look`) into tests/e2e/artifacts/issue19/;
the first badge page is tests/e2e/artifacts/issue19/badges.png.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.clock import OSLO
from app.core.transaction import transaction
from app.extensions import db
from app.models import PeerGroup, PeerGroupMember, Registration, SchoolSize, UserRole, YearsBand
from app.peer_groups import service as peer_groups
from app.registration import links
from app.resources import service as resources
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.journey_steps import deliver, link_in, look, sign_in, subject
from tests.peer_groups.helpers import enrol

pytestmark = pytest.mark.e2e

SHOTS = ARTIFACTS / "issue19"
ORGANISER = "arrangor@example.org"
SLUG = "lederkonferansen-2027"


@dataclass(frozen=True)
class Leader:
    first: str
    last: str
    email: str
    phone: str
    organisation: str
    kommune: str  # what is typed into the kommune picker
    option: str  # the picker's option
    years: str  # the label of «Erfaring som leder i kulturskolen»
    size: str  # the label of «Antall elever i kulturskolen»
    role: str  # the label of the mentoring answer
    themes: tuple[str, ...]
    note: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


MENTEE = "Ja, som mentee (ny leder som ønsker en mentor)"
MENTOR = "Ja, som mentor (erfaren leder)"
ANNE = Leader("Ánne Sárá", "Ŋuvttoš", "anne.sara@example.org", "912 34 567", "Kárášjoga kulturskole", "Kárášjohka",
              "Kárášjohka - Karasjok", "Mindre enn 1 år", "100–299 elever", MENTEE,
              ("Juss og regelverk", "Personalledelse"), "Ny rektor siden august, vil lære budsjett og juss.")
BIRET = Leader("Biret Máhtte", "Šimma", "biret@example.org", "413 22 901", "Bodø kulturskole", "Bodø", "Bodø",
               "1–3 år", "300–599 elever", MENTEE, ("Rammeplanarbeid",), "Vil komme i gang med rammeplanen.")
INGER = Leader("Inger Ánne", "Gaino", "inger@example.org", "977 10 200", "Tromsø kulturskole", "Tromsø",
               "Tromsø", "Mer enn 10 år", "100–299 elever", MENTOR,
               ("Juss og regelverk", "Personalledelse"), "Rektor i 14 år.")
PER = Leader("Per Ŧomas", "Nilsen", "per.tomas@example.org", "908 76 543", "Alta kulturskole", "Alta",
             "Alta", "7–10 år", "600–999 elever", MENTOR, ("Økonomi og politiske prosesser",),
             "Har bygd opp Alta kulturskole.")
KARI = Leader("Kari", "Žáhkoš Berg", "kari@example.org", "934 56 789", "Vefsn kulturskole", "Vefsn", "Vefsn",
              "Mer enn 10 år", "300–599 elever", MENTOR, ("Rammeplanarbeid", "Strategi og utviklingsarbeid"),
              "Leder i Vefsn i 12 år.")
LEADERS = [ANNE, BIRET, INGER, PER, KARI]
OTHERS = [("Ola", "Hansen", "0301"), ("Siri", "Bakken", "1506"), ("Åse", "Øvre", "3101"), ("Nils", "Dahl", "3201"),
          ("Jon", "Berg", "4601"), ("Liv", "Strand", "5001"), ("Máijá", "Đuolja", "1108")]


@pytest.fixture
def world(app, make):
    """The conference in April (with a session for the groups), the organiser, and one checklist in the library."""
    clock.set_now(datetime(2027, 2, 1, 9, 0, tzinfo=UTC))
    conference = make.event(title="Lederkonferansen 2027", slug=SLUG, starts_at=datetime(2027, 4, 14, 9, 0, tzinfo=OSLO),
                            ends_at=datetime(2027, 4, 15, 15, 0, tzinfo=OSLO))
    make.session(conference, title="Kollegagrupper: erfaringsdeling", starts_at=datetime(2027, 4, 14, 13, 0, tzinfo=OSLO),
                 ends_at=datetime(2027, 4, 14, 14, 0, tzinfo=OSLO))
    make.user(UserRole.ADMINISTRATOR, email=ORGANISER)
    with app.app_context():
        with transaction():
            resources.create(resources.ResourceDraft(
                "Sjekkliste for de første 100 dagene", "Det du bør ha gjort før jul.", "sjekkliste", "nye-ledere",
                ("personalledelse",), "## Før skolestart\n\n- Møt rådmannen\n- Gå gjennom budsjettet"), None, SYSTEM)
        db.session.remove()
    return conference


def _register(page, leader: Leader) -> None:
    """The registration form, filled in as the leader does, with the mentoring opt-in."""
    page.goto(f"/events/{SLUG}/register")
    page.get_by_label("Fornavn").fill(leader.first)
    page.get_by_label("Etternavn").fill(leader.last)
    page.get_by_label("E-postadresse").fill(leader.email)
    page.get_by_label("Mobilnummer").fill(leader.phone)
    page.get_by_label("Arbeidssted").fill(leader.organisation)
    page.get_by_role("combobox", name="Kommune").fill(leader.kommune)
    page.get_by_role("option", name=leader.option, exact=True).click()
    page.get_by_label("Stilling", exact=True).fill("Kulturskolerektor")
    page.get_by_role("group", name="Erfaring som leder i kulturskolen").get_by_label(leader.years, exact=True).check()
    page.get_by_role("group", name="Antall elever i kulturskolen").get_by_label(leader.size, exact=True).check()
    mentoring = page.get_by_role("group", name="Mentorordningen")
    mentoring.get_by_label(leader.role, exact=True).check()
    for theme in leader.themes:
        mentoring.get_by_label(theme, exact=True).check()
    mentoring.get_by_label("Kort om deg og hva du ønsker").fill(leader.note)
    if leader is ANNE:
        look(page, "register-mentoring", SHOTS)
    page.get_by_label("Jeg har lest og godtar personvernerklæringen").check()
    page.get_by_role("button", name="Meld meg på").click()
    page.wait_for_url(f"**/events/{SLUG}/registered*")


def _to(messages, leader: Leader, start: str):
    found = [m for m in messages if m["To"] == leader.email and subject(m).startswith(start)]
    assert len(found) == 1, [(m["To"], subject(m)) for m in messages]
    return found[0]


def _pairs(organiser) -> list[list[str]]:
    """The pairs table: mentee, mentor, why, status (names without the organisation in brackets)."""
    rows = organiser.locator("table.mentoring-pairs tbody tr")
    return [[re.sub(r"\s*\(.*?\)$", "", " ".join(cell.split())) for cell in row.locator("th, td").all_inner_texts()[:4]]
            for row in rows.all()]


def _badge_texts(pdf_path, pages: int) -> list[str]:
    """pdftotext, one A6 badge (a quarter of the A4 page, in points) at a time: the words of each badge."""
    width, height = 595 // 2, 842 // 2
    texts = []
    for number in range(1, pages + 1):
        for row in range(2):
            for col in range(2):
                out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-x", str(col * width),
                                      "-y", str(row * height), "-W", str(width), "-H", str(height), str(pdf_path), "-"],
                                     check=True, capture_output=True, text=True).stdout
                if out.strip():
                    texts.append(" ".join(out.split()))
    return texts


def test_mentoring_peer_groups_badges_and_the_start_package(page, browser, world, app, smtp, live_server):
    conference = world

    # Two new leaders and three experienced ones opt in on the registration form.
    for leader in LEADERS:
        _register(page, leader)
        if leader is ANNE:  # under a year as leader: the confirmation page points to the start package
            assert page.get_by_role("link", name="Se startpakken for nye ledere").is_visible()
            look(page, "registered-new-leader", SHOTS)
    # Five confirmations and one welcome (Ánne Sárá is the only one with under a year as leader).
    messages = deliver(app, smtp, 6)
    confirmation = _to(messages, ANNE, "Du er påmeldt")
    assert subject(_to(messages, ANNE, "Velkommen")).startswith("Velkommen")

    # The organiser opens the mentoring for the conference: the matching's suggestion, with the reasons.
    organiser_context = browser.new_context(base_url=live_server, locale="nb-NO", timezone_id="Europe/Oslo",
                                            viewport={"width": 1280, "height": 900})
    organiser = organiser_context.new_page()
    organiser.on("pageerror", lambda err: page.problems.append(f"organiser page error: {err}"))
    sign_in(organiser, ORGANISER, "/admin/mentoring")
    organiser.get_by_label("Arrangement").select_option(label="Lederkonferansen 2027")
    organiser.get_by_role("button", name="Vis forslag").click()
    organiser.wait_for_url(f"**/admin/mentoring?event={conference.id}*")
    assert _pairs(organiser) == [
        [ANNE.name, INGER.name, "nabofylke, 2 felles temaer, lik skolestørrelse", "Forslag"],
        [BIRET.name, KARI.name, "samme fylke, 1 felles tema, lik skolestørrelse", "Forslag"],
    ]
    look(organiser, "mentoring-suggested", SHOTS)

    # She gives Ánne Sárá another mentor (Per Ŧomas in Alta, her own fylke) and locks the pair.
    organiser.get_by_label(f"Mentor for {ANNE.name}").select_option(label=f"{PER.name} (Alta)")
    organiser.get_by_role("button", name=f"Lås {ANNE.name}").click()
    assert organiser.get_by_text("Paret er låst. Det beholdes når forslagene lages på nytt.").is_visible()
    assert _pairs(organiser)[0] == [ANNE.name, PER.name, "låst av arrangør, samme fylke, ingen felles temaer, "
                                    "ulik skolestørrelse", "Låst"]
    look(organiser, "mentoring-locked", SHOTS)

    organiser.get_by_role("button", name="Godkjenn parene og send introduksjonen").click()
    assert organiser.get_by_text("2 par er godkjent, og begge i hvert par har fått en e-post med den andres "
                                 "kontaktinformasjon.").is_visible()
    assert [row[3] for row in _pairs(organiser)] == ["Godkjent", "Godkjent"]
    assert organiser.get_by_text("Alle parene er godkjent.").is_visible()  # nothing more to approve
    assert organiser.get_by_role("button", name="Godkjenn parene og send introduksjonen").count() == 0
    look(organiser, "mentoring-approved", SHOTS)

    # The introduction e-mails: each of the four gets the other's name, workplace, e-mail and phone.
    messages = deliver(app, smtp, 10)[6:]
    for me, other, start in ((ANNE, PER, "Du har fått en mentor"), (PER, ANNE, "Du er mentor for"),
                             (BIRET, KARI, "Du har fått en mentor"), (KARI, BIRET, "Du er mentor for")):
        mail = _to(messages, me, start)
        assert subject(mail) == f"{start}{':' if start.endswith('mentor') else ''} {other.name}"
        text = smtp.text_of(mail)
        for detail in (other.name, other.organisation, other.email, other.phone, other.note):
            assert detail in text, (me.name, detail, text)
        assert me.email not in text.split(f"Hei {me.name}")[1]  # never their own details as the other's
    assert INGER.email not in {m["To"] for m in messages}  # no pair: no e-mail

    # Seven more participants; the organiser forms the kollegagrupper for the conference and publishes them.
    sizes, years = list(SchoolSize), [YearsBand.Y1_3, YearsBand.Y4_6, YearsBand.Y7_10, YearsBand.GT10]
    for n, (first, last, kommune) in enumerate(OTHERS):
        enrol(app, conference, 100 + n, first=first, last=last, kommune=kommune, size=sizes[n % 5], years=years[n % 4])
    deliver(app, smtp, 17)
    organiser.goto(f"/admin/events/{SLUG}/")
    organiser.get_by_role("link", name="Påmeldinger", exact=True).first.click()
    organiser.get_by_role("link", name="Kollegagrupper").click()
    organiser.wait_for_url(f"**/admin/events/{SLUG}/peer-groups")
    organiser.get_by_label("Ønsket gruppestørrelse").select_option("6")
    organiser.get_by_role("button", name="Lag grupper").click()
    assert organiser.get_by_text("2 grupper er laget som utkast.").is_visible()
    first_group = organiser.locator("li.peer-group").first
    first_group.get_by_text("Endre navn og bord/rom").click()
    first_group.get_by_label("Navn").fill("Guovdageaidnu-gruppa – Ŋuorra")
    first_group.get_by_label("Bord eller rom").fill("Bord Áltá 3")
    first_group.get_by_role("button", name="Lagre").click()
    assert organiser.get_by_text("Guovdageaidnu-gruppa – Ŋuorra er lagret.").is_visible()
    organiser.get_by_role("button", name="Publiser gruppene").click()
    assert organiser.get_by_text("2 grupper er publisert: de står på navneskiltene og deltakernes sider.").is_visible()
    look(organiser, "peer-groups-published", SHOTS)

    with app.app_context():
        group_of = {r.full_name: peer_groups.label(g) for r, g in db.session.execute(
            select(Registration, PeerGroup).join(PeerGroupMember, PeerGroupMember.registration_id == Registration.id)
            .join(PeerGroup).where(PeerGroup.event_id == conference.id))}
        anne = db.session.scalar(select(Registration).where(Registration.email == ANNE.email))
        anne_badge = f"{live_server}/b/{links.badge_code(anne)}"
        db.session.remove()
    assert len(group_of) == 12 and sorted(set(group_of.values())) == ["Guovdageaidnu-gruppa – Ŋuorra · Bord Áltá 3",
                                                                      "Kollegagruppe 2 · Bord 2"]

    # The badge sheet from the Navneskilt tab: every badge carries its group; the QR reads as the badge's address.
    organiser.get_by_role("link", name="Navneskilt", exact=True).first.click()
    organiser.wait_for_url(f"**/admin/events/{SLUG}/badges")
    look(organiser, "badges-form", SHOTS)
    with organiser.expect_download() as download:
        organiser.get_by_role("button", name="Last ned PDF").click()
    pdf = SHOTS / "badges.pdf"
    download.value.save_as(pdf)
    for old in SHOTS.glob("badges-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "110", str(pdf), str(SHOTS / "badges-page")], check=True)
    pages = sorted(SHOTS.glob("badges-page-*.png"))
    assert len(pages) == 3  # twelve A6 badges, four to a sheet
    (SHOTS / "badges.png").write_bytes(pages[0].read_bytes())
    badges = _badge_texts(pdf, len(pages))
    assert len(badges) == 12
    for name, label in group_of.items():
        [badge] = [b for b in badges if name in b]
        assert label in badge, (name, label, badge)

    import zxingcpp
    from PIL import Image

    [anne_page] = [i for i, b in enumerate(badges) if ANNE.name in b]
    image = Image.open(pages[anne_page // 4])
    w, h = image.size
    col, row = anne_page % 4 % 2, anne_page % 4 // 2
    quarter = image.crop((col * w // 2, row * h // 2, (col + 1) * w // 2, (row + 1) * h // 2))
    assert [r.text for r in zxingcpp.read_barcodes(quarter, formats=zxingcpp.BarcodeFormat.QRCode)] == [anne_badge]
    organiser_context.close()

    # Ánne Sárá, from her confirmation e-mail, finds the start package and opens the checklist.
    page.goto(link_in(confirmation, r"http://127\.0\.0\.1:\d+/ressurser\?for=nye-ledere"))
    assert page.get_by_role("heading", name="1 ressurs").is_visible()
    look(page, "start-package", SHOTS)
    page.get_by_role("link", name="Sjekkliste for de første 100 dagene").click()
    assert page.get_by_role("heading", name="Sjekkliste for de første 100 dagene").is_visible()
    assert page.get_by_text("Gå gjennom budsjettet").is_visible()
    look(page, "start-package-checklist", SHOTS)
    # … and her group on her registration's page.
    page.goto(link_in(confirmation, r"http://127\.0\.0\.1:\d+/me/[A-Z0-9]{24}"))
    assert page.get_by_role("heading", name="Din kollegagruppe:").is_visible()
    assert page.get_by_text(group_of[ANNE.name].split(" · ")[0]).first.is_visible()
    look(page, "manage-group", SHOTS)

"""Steps shared by the journeys (tests/e2e/test_journeys.py): looking at a page at both widths, signing in,
fetching a calendar feed as a calendar client does, reading the e-mail, decoding a badge's QR code."""
from __future__ import annotations

import io
import re
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from pathlib import Path

from icalendar import Calendar

from app.extensions import db
from app.mail.outbox import deliver_due
from tests.e2e.conftest import ARTIFACTS, check_a11y
from tests.factories import PASSWORD
from tests.smtp import SmtpServer

JOURNEYS = ARTIFACTS / "journeys"
WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def look(page, name: str, folder: Path = JOURNEYS) -> None:
    """The page as people see it: axe-core and a full-page screenshot at 1280 px and at 360 px (where
    nothing may scroll sideways), saved as tests/e2e/artifacts/journeys/<name>-<width>.png (or in `folder`)."""
    folder.mkdir(parents=True, exist_ok=True)
    before = page.viewport_size
    for size in (WIDE, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=str(folder / f"{name}-{size['width']}.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], f"{name}: {width} px wide at {size['width']} px (sideways scrolling)"
        check_a11y(page, f"{name} ({size['width']} px)")
    page.set_viewport_size(before)


def sign_in(page, email: str, path: str) -> None:
    """Sign an organiser or door staff in through /login, on the way to `path`."""
    page.goto(f"/login?next={path}")
    page.get_by_label("E-postadresse").fill(email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"**{path}")


def deliver(app, smtp: SmtpServer, total: int) -> list:
    """Send what the outbox holds (as `flask outbox send` does); wait until `total` messages have arrived."""
    with app.app_context():
        deliver_due()
        db.session.remove()
    messages = smtp.wait_for(total)
    assert len(messages) == total, [m["Subject"] for m in messages]
    return messages


def subject(message) -> str:
    """The decoded Subject header."""
    return str(make_header(decode_header(message["Subject"]))).replace("\n", "")


def link_in(message, pattern: str) -> str:
    text = SmtpServer.text_of(message)
    found = re.search(pattern, text)
    assert found, f"no link matching {pattern} in:\n{text}"
    return found.group(0)


@dataclass(frozen=True)
class FeedEvent:
    summary: str
    start: datetime
    sequence: int


def fetch_feed(url: str) -> dict[str, FeedEvent]:
    """GET the feed without cookies, as a calendar client does; its events by title."""
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/calendar")
        calendar = Calendar.from_ical(response.read())
    return {
        str(e["SUMMARY"]): FeedEvent(str(e["SUMMARY"]), e.decoded("DTSTART"), int(e.get("SEQUENCE", 0)))
        for e in calendar.walk("VEVENT")
    }


def feed_url_on(page) -> str:
    """The personal calendar link shown on the manage page (the field Outlook users copy)."""
    return page.get_by_label("Kalenderlenke").input_value()


def qr_texts(pdf: bytes, dpi: int = 200) -> list[str]:
    """Every QR code on every page of the PDF, read from the rendered page (pypdfium2 + zxing-cpp)."""
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        found = []
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72).to_pil()
            found += [b.text for b in zxingcpp.read_barcodes(image) if b.format == zxingcpp.BarcodeFormat.QRCode]
        return found
    finally:
        doc.close()


def pdf_lines(pdf: bytes) -> list[str]:
    """The text lines of the PDF, as a reader would copy them."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        return [line.strip() for line in text.splitlines() if line.strip()]
    finally:
        doc.close()

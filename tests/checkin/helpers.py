"""Shared by the badge and check-in tests: participants with their badge codes, scanner tokens, scans."""
from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from app.audit.log import SYSTEM
from app.auth.service import issue_api_token
from app.core.transaction import transaction
from app.extensions import db
from app.models import User
from app.registration import links
from app.registration import service as registrations
from tests.factories import applicant


@dataclass(frozen=True)
class Enrolled:
    id: int
    code: str
    token: str
    name: str
    status: str


def enrol(app, event, n: int | str = 1, *, sessions=(), **kw) -> Enrolled:
    """Register participant `n` at `event` through the registration service."""
    with app.app_context():
        with transaction():
            reg = registrations.register(event.id, applicant(n, **kw), list(sessions))
        enrolled = Enrolled(reg.id, links.badge_code(reg), links.manage_token(reg), reg.full_name, reg.status.value)
        db.session.remove()
    return enrolled


def cancel(app, enrolled: Enrolled) -> None:
    with app.app_context():
        with transaction():
            registrations.cancel(enrolled.id, actor=SYSTEM)
        db.session.remove()


def api_token(app, user) -> str:
    with app.app_context():
        with transaction():
            token = issue_api_token(db.session.get(User, user.id))
        db.session.remove()
    return token


def scan(client, slug: str, code: str | None, token: str | None, *, nonce: str | None = None, **body):
    payload = {"code": code, "session_id": None, "nonce": nonce or uuid.uuid4().hex, **body}
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/v1/events/{slug}/checkins", json=payload, headers=headers)


def render_pages(pdf: bytes, dpi: int = 300):
    """The PDF's pages as PIL images (pypdfium2)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(io.BytesIO(pdf))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def decode_qr(image):
    """Every QR code zxing-cpp finds in the image."""
    import zxingcpp

    return [r for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]

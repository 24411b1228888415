"""Inviting a segment in the browser: choose «Et fylke», Finnmark and the conference, see the count and the mail,
send; at 1280 and 360 px (no sideways scrolling, axe clean). Screenshots in /tmp/reach-invite-*.png."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, UserRole
from tests.e2e.journey_steps import look, sign_in
from tests.reach.segment_world import build

SHOTS = Path("/tmp")


def test_invite_a_fylke_to_the_conference(app, make, frozen_now, page):
    build(app, make, frozen_now)
    make.user(UserRole.ADMINISTRATOR, email="inviter@example.org")
    sign_in(page, "inviter@example.org", "/admin/reach?year=2027")
    page.get_by_role("link", name="Inviter fra et utvalg").click()
    look(page, "reach-invite-form", folder=SHOTS)
    page.get_by_label("Et fylke").check()
    page.get_by_label("Fylke", exact=True).select_option(label="Finnmark")
    page.get_by_label("Invitasjon til").select_option(label="Lederkonferansen 2027 (1. mars 2027)")
    page.get_by_role("button", name="Vis mottakere og e-post").click()
    assert page.get_by_text("2 personer får invitasjonen.").is_visible()
    look(page, "reach-invite-preview", folder=SHOTS)
    page.get_by_role("button", name="Send invitasjonen til 2 personer").click()
    assert page.get_by_text("2 invitasjoner til Lederkonferansen 2027 er lagt i utboksen.").is_visible()
    look(page, "reach-invite-sent", folder=SHOTS)
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(OutboxMessage.kind == "reach.invitation")) == 2

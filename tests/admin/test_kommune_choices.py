"""The back office's kommune lists are in Norwegian alphabetical order (æ ø å last, Sami names with their
base letter), like the registration form's: the venue form, a participant's form and the list's filter."""
from __future__ import annotations

import re

from app.core.transaction import transaction
from app.registration import service
from tests.factories import applicant


def _options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [label for value, label in re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)
            if value]


def _assert_norwegian(options: list[str]) -> None:
    firsts = [o[0] for o in options]
    assert firsts.index("Ø") > max(i for i, f in enumerate(firsts) if f not in "ØÅ")
    assert firsts.index("Å") > max(i for i, f in enumerate(firsts) if f == "Ø")


def test_venue_and_participant_forms_offer_the_kommuner_in_norwegian_order(admin, make):
    event = make.event()
    venue = _options(admin.html("/admin/venues/new"), "municipality_number")
    participant = _options(admin.html(f"/admin/events/{event.slug}/registrations/new"), "kommune")
    assert venue == participant
    assert len(venue) == 357
    _assert_norwegian(venue)
    assert venue[-3:] == ["Ås", "Åseral", "Åsnes"]
    assert venue.index("Kárášjohka - Karasjok") < venue.index("Karmøy")  # á with a


def test_the_list_filters_offer_kommuner_and_counties_in_norwegian_order(admin, make, app):
    event = make.event()
    with app.app_context():
        for i, number in enumerate(["3218", "5501", "3403", "4204", "3105"]):  # Ås, Tromsø, Hamar, Kristiansand, Sarpsborg
            with transaction():
                service.register(event.id, applicant(i, municipality_number=number))
    html = admin.html(f"/admin/events/{event.slug}/registrations")
    assert _options(html, "kommune") == ["Hamar", "Kristiansand", "Sarpsborg", "Tromsø", "Ås"]
    counties = _options(html, "county")
    assert counties[-1] == "Østfold"

"""The event page's «Pris» and «Tillegg»: the flat fee when the event has no price categories, otherwise the
lowest price a visitor may choose without a code («fra …» when the prices differ, «Gratis» only when all are free),
kept in the cached article without a query per category."""
from __future__ import annotations

import re
from datetime import date

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.invoicing import price_admin
from app.models import PriceAudience
from tests.conftest import count_queries

NB = "\u00a0"


def _meta(client, event) -> dict[str, str]:
    """The event page's facts (dt → dd, tags and spacing removed)."""
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    pairs = re.findall(r"<div><dt>([^<]+)</dt><dd>(.*?)</dd></div>", html, flags=re.DOTALL)
    return {dt: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", dd).replace(NB, " ")).strip() for dt, dd in pairs}


def test_the_flat_fee_is_shown_when_the_event_has_no_categories(client, make):
    event = make.event(fee_nok=4500)
    assert _meta(client, event)["Pris"] == "4 500 kr"
    assert "Tillegg" not in _meta(client, event)
    assert "Pris" not in _meta(client, make.event())


def test_with_categories_the_lowest_price_anyone_may_choose_is_shown_from(client, make):
    event = make.event(fee_nok=4500)  # the flat fee is not the price once there are categories
    make.price(event, name="Medlemspris", amount_ore=390_000, audience=PriceAudience.MEMBER)
    make.price(event, name="Ordinær pris", amount_ore=520_000, audience=PriceAudience.NON_MEMBER)
    make.price(event, name="Foredragsholder", amount_ore=0, access_code="SCENE27")  # behind a code: not shown
    make.price(event, name="Inaktiv", amount_ore=100_000, active=False)
    make.add_on(event, name="Konferansemiddag")
    make.add_on(event, name="Utflukt", unit_price_ore=0, vat_category="E", vat_rate_bp=0)
    meta = _meta(client, event)
    assert meta["Pris"] == "fra kr 3 900,00"
    assert meta["Tillegg"] == "Konferansemiddag: kr 950,00 (pluss 25 % mva.) Utflukt: Gratis"


def test_one_price_is_shown_without_from_and_all_free_is_gratis(client, make):
    one = make.event()
    make.price(one, name="Ordinær pris", amount_ore=420_000)
    assert _meta(client, one)["Pris"] == "kr 4 200,00"
    free = make.event(fee_nok=300)
    make.price(free, name="Medlem", amount_ore=0, audience=PriceAudience.MEMBER)
    make.price(free, name="Ikke medlem", amount_ore=0, audience=PriceAudience.NON_MEMBER)
    assert _meta(client, free)["Pris"] == "Gratis"
    coded = make.event(fee_nok=300)
    make.price(coded, name="Gjest", amount_ore=0, access_code="GJEST")
    assert "Pris" not in _meta(client, coded)  # nothing is open to a visitor without the code


def test_an_early_bird_ends_on_the_page_the_day_after_its_last_day(client, make, frozen_now):
    frozen_now(clock.parse_local("2027-01-15T12:00"))
    event = make.event(starts_at=clock.parse_local("2027-04-14T09:00"))
    make.price(event, name="Tidligpris", amount_ore=350_000, valid_until=date(2027, 1, 31))
    make.price(event, name="Ordinær pris", amount_ore=420_000)
    assert _meta(client, event)["Pris"] == "fra kr 3 500,00"
    frozen_now(clock.parse_local("2027-01-31T23:59"))
    assert _meta(client, event)["Pris"] == "fra kr 3 500,00"
    frozen_now(clock.parse_local("2027-02-01T00:00"))
    assert _meta(client, event)["Pris"] == "kr 4 200,00"


def test_a_price_change_shows_at_once(app, client, make):
    event = make.event()
    category = make.price(event, name="Ordinær pris", amount_ore=420_000)
    assert _meta(client, event)["Pris"] == "kr 4 200,00"
    with app.app_context(), transaction():
        values = {f: getattr(category, f) for f in price_admin.CATEGORY_FIELDS} | {"amount_ore": 450_000}
        price_admin.save_category(event.id, category.id, values, SYSTEM)
    assert _meta(client, event)["Pris"] == "kr 4 500,00"
    with app.app_context(), transaction():
        price_admin.save_add_on(event.id, None, dict(name="Hotellnatt 13. april", kind="hotel_night",
                                                     unit_price_ore=160_000, quota=40, night=date(2027, 4, 13),
                                                     position=0, vat_category="S", vat_rate_bp=1200,
                                                     exemption_reason=""), SYSTEM)
    assert _meta(client, event)["Tillegg"] == "Hotellnatt 13. april: kr 1 600,00 (pluss 12 % mva.)"


def test_prices_cost_the_cached_page_no_query(app, client, make):
    plain = make.event()
    priced = make.event()
    for n in range(6):
        make.price(priced, name=f"Pris {n}", amount_ore=300_000 + n * 10_000)
        make.add_on(priced, name=f"Tillegg {n}")
    for event in (plain, priced):
        client.get(f"/events/{event.slug}")  # builds the cached article
    with count_queries(app) as without:
        client.get(f"/events/{plain.slug}")
    with count_queries(app) as with_prices:
        response = client.get(f"/events/{priced.slug}")
    assert "fra kr 3 000,00" in response.get_data(as_text=True).replace(NB, " ")
    assert len(with_prices) == len(without), with_prices


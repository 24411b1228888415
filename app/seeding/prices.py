"""Seeded price categories, add-ons and cancellation terms of an event (its JSON's "prices", "add_ons" and
"cancellation"); idempotent: what exists by name is left as it is."""
from __future__ import annotations

from collections import Counter
from datetime import date

from app.extensions import db
from app.models import AddOn, AddOnKind, Event, PriceAudience, PriceCategory


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _vat(entry: dict) -> dict:
    return {"vat_category": entry.get("vat_category", "E"), "vat_rate_bp": int(entry.get("vat_rate", 0) * 100),
            "exemption_reason": entry.get("exemption_reason", "")}


def seed_prices(event: Event, data: dict, added: Counter) -> None:
    db.session.flush()  # the event's id
    terms = data.get("cancellation")
    if terms and event.free_cancellation_until is None:
        event.free_cancellation_until = _day(terms["free_until"])
        event.cancellation_share_percent = terms["share_percent"]
    have = {c.name for c in db.session.query(PriceCategory).filter_by(event_id=event.id)}
    for position, entry in enumerate(data.get("prices", [])):
        if entry["name"] not in have:
            db.session.add(PriceCategory(
                event_id=event.id, name=entry["name"], amount_ore=entry["kroner"] * 100, position=position,
                audience=PriceAudience(entry.get("audience", "everyone")), valid_until=_day(entry.get("valid_until")),
                day=_day(entry.get("day")), access_code=entry.get("code", ""), **_vat(entry)))
            added["price categories"] += 1
    have = {a.name for a in db.session.query(AddOn).filter_by(event_id=event.id)}
    for position, entry in enumerate(data.get("add_ons", [])):
        if entry["name"] not in have:
            db.session.add(AddOn(
                event_id=event.id, name=entry["name"], kind=AddOnKind(entry["kind"]), position=position,
                unit_price_ore=entry["kroner"] * 100, quota=entry.get("quota"), night=_day(entry.get("night")),
                **_vat(entry)))
            added["add-ons"] += 1

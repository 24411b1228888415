"""The organisers' changes to an event's prices, add-ons and cancellation terms. The caller owns the transaction;
each change is audited. A change of price is for new registrations only: what existing ones owe was frozen when
they registered (app.invoicing.prices.frozen, app.registration.add_ons)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.audit.log import Actor, diff, record
from app.extensions import db
from app.models import AddOn, Event, PriceCategory, Registration, RegistrationAddOn
from app.program.errors import NotFound

CATEGORY_FIELDS = ("name", "amount_ore", "audience", "valid_until", "day", "access_code", "position",
                   "vat_category", "vat_rate_bp", "exemption_reason")
ADD_ON_FIELDS = ("name", "kind", "unit_price_ore", "quota", "night", "position", "vat_category", "vat_rate_bp",
                 "exemption_reason")


def _plain(value):
    return value.isoformat() if isinstance(value, date) else getattr(value, "value", value)


def _save(model, fields, event_id: int, item_id: int | None, values: dict, actor: Actor, entity: str):
    if item_id is None:
        item = model(event_id=event_id, **values)
        db.session.add(item)
        db.session.flush()
        record(actor, entity, item.id, "create", {k: [None, _plain(values[k])] for k in fields}, event_id=event_id)
        return item
    item = db.session.get(model, item_id)
    if item is None or item.event_id != event_id:
        raise NotFound(item_id)
    before = {k: _plain(getattr(item, k)) for k in fields}
    for name, value in values.items():
        setattr(item, name, value)
    record(actor, entity, item.id, "update", diff(before, {k: _plain(values[k]) for k in fields}), event_id=event_id)
    db.session.flush()
    return item


def save_category(event_id: int, category_id: int | None, values: dict, actor: Actor) -> PriceCategory:
    return _save(PriceCategory, CATEGORY_FIELDS, event_id, category_id, values, actor, "price_category")


def save_add_on(event_id: int, add_on_id: int | None, values: dict, actor: Actor) -> AddOn:
    return _save(AddOn, ADD_ON_FIELDS, event_id, add_on_id, values, actor, "add_on")


def set_active(model, event_id: int, item_id: int, active: bool, actor: Actor):
    """Offer a category or add-on again, or no more (what registrations hold stays theirs)."""
    item = db.session.get(model, item_id)
    if item is None or item.event_id != event_id:
        raise NotFound(item_id)
    if item.active != active:
        entity = "price_category" if model is PriceCategory else "add_on"
        record(actor, entity, item.id, "update", {"active": [item.active, active]}, event_id=event_id)
        item.active = active
    return item


def save_terms(event: Event, free_until: date | None, share: int | None, actor: Actor) -> None:
    before = {"free_cancellation_until": _plain(event.free_cancellation_until),
              "cancellation_share_percent": event.cancellation_share_percent}
    event.free_cancellation_until, event.cancellation_share_percent = free_until, share
    record(actor, "event", event.id, "update", diff(before, {"free_cancellation_until": _plain(free_until),
                                                             "cancellation_share_percent": share}), event_id=event.id)


def registrations_per_category(event_id: int) -> dict[int, int]:
    return dict(db.session.execute(select(Registration.price_category_id, func.count())
                                   .where(Registration.event_id == event_id, Registration.price_category_id.is_not(None))
                                   .group_by(Registration.price_category_id)).all())


def held_per_add_on(event_id: int) -> dict[int, int]:
    return dict(db.session.execute(select(RegistrationAddOn.add_on_id, func.sum(RegistrationAddOn.quantity))
                                   .join(AddOn).where(AddOn.event_id == event_id)
                                   .group_by(RegistrationAddOn.add_on_id)).all())

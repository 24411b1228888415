"""Add-ons (the conference dinner, hotel nights, excursions) under the same rules as seats: taken and given
back only in a transaction that holds the event's row lock (app.registration.seats), so a quota is never
oversold. A registration holds an add-on from registration (also on the waiting list) until it cancels or
drops it; what it holds keeps the price and VAT of the moment it was taken.

The registration rush pays nothing for this when nobody chose an add-on: no query at all.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Row, bindparam, delete, func, insert, select

from app.core import clock
from app.core.urls import is_row_id
from app.extensions import db
from app.models import AddOn, RegistrationAddOn
from app.registration.errors import AddOnFull, InvalidAddOn

_ADD_ONS, _HELD = AddOn.__table__.c, RegistrationAddOn.__table__.c
_CHOSEN = (select(_ADD_ONS.id, _ADD_ONS.event_id, _ADD_ONS.name, _ADD_ONS.active, _ADD_ONS.quota,
                  _ADD_ONS.unit_price_ore, _ADD_ONS.vat_category, _ADD_ONS.vat_rate_bp, _ADD_ONS.exemption_reason)
           .where(_ADD_ONS.id.in_(bindparam("ids", expanding=True))).order_by(_ADD_ONS.position, _ADD_ONS.id))
_TAKEN = (select(_HELD.add_on_id, func.sum(_HELD.quantity)).where(_HELD.add_on_id.in_(bindparam("ids", expanding=True)))
          .group_by(_HELD.add_on_id))
_INSERT = insert(RegistrationAddOn.__table__)


def validate(event_id: int, add_on_ids: Iterable[int]) -> list[Row]:
    """The chosen add-ons of `event_id` (rows), or InvalidAddOn; no query when none is chosen."""
    ids = sorted({int(i) for i in add_on_ids})
    if not ids:
        return []
    if not all(is_row_id(i) for i in ids):
        raise InvalidAddOn()
    rows = list(db.session.connection().execute(_CHOSEN, {"ids": ids}))
    if len(rows) != len(ids) or any(r.event_id != event_id or not r.active for r in rows):
        raise InvalidAddOn()
    return rows


def taken(add_on_ids: Iterable[int]) -> dict[int, int]:
    """How many of each add-on are held now (read under the event's lock to be the final word)."""
    ids = list(add_on_ids)
    if not ids:
        return {}
    return {add_on_id: int(n) for add_on_id, n in db.session.connection().execute(_TAKEN, {"ids": ids})}


def check_room(rows: list[Row]) -> None:
    """Under the event's lock: AddOnFull for the first chosen add-on with no room left (one query, and none
    when no chosen add-on has a quota)."""
    limited = [r for r in rows if r.quota is not None]
    held = taken(r.id for r in limited)
    for row in limited:
        if held.get(row.id, 0) + 1 > row.quota:
            raise AddOnFull(row.name)


def insert_held(registration_id: int, rows: list[Row]) -> None:
    """The registration's add-ons, in one statement, with their prices as they are now."""
    if rows:
        now = clock.now()
        db.session.connection().execute(_INSERT, [
            {"registration_id": registration_id, "add_on_id": r.id, "quantity": 1, "name": r.name,
             "unit_price_ore": r.unit_price_ore, "vat_category": r.vat_category, "vat_rate_bp": r.vat_rate_bp,
             "exemption_reason": r.exemption_reason, "created_at": now} for r in rows])


def release_all(registration_id: int) -> None:
    db.session.execute(delete(RegistrationAddOn).where(RegistrationAddOn.registration_id == registration_id))


def change(registration_id: int, event_id: int, add_on_ids: Iterable[int]) -> bool:
    """Under the event's lock: the registration holds exactly `add_on_ids`; kept ones keep their price, new
    ones must have room (AddOnFull, nothing changed). True when something changed."""
    wanted = {r.id: r for r in validate(event_id, add_on_ids)}
    held = set(db.session.scalars(select(RegistrationAddOn.add_on_id)
                                  .where(RegistrationAddOn.registration_id == registration_id)))
    new = [r for add_on_id, r in wanted.items() if add_on_id not in held]
    dropped = held - set(wanted)
    check_room(new)
    if dropped:
        db.session.execute(delete(RegistrationAddOn).where(RegistrationAddOn.registration_id == registration_id,
                                                           RegistrationAddOn.add_on_id.in_(dropped)))
    insert_held(registration_id, new)
    return bool(new or dropped)

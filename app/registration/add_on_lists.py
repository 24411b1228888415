"""Who holds which add-on: the kitchen's dinner count, the hotel's room list per night, the excursion list.
Active registrations only (a cancellation gives its add-ons back); for organisers (view)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from app.core.collation import norwegian_key
from app.core.spreadsheets import csv_document
from app.extensions import db
from app.models import AddOn, AddOnKind, Municipality, Registration, RegistrationAddOn, RegistrationStatus


@dataclass(frozen=True)
class Holder:
    name: str
    organisation: str
    kommune: str
    status: RegistrationStatus


@dataclass(frozen=True)
class AddOnList:
    add_on: AddOn
    holders: list[Holder]

    @property
    def count(self) -> int:
        return len(self.holders)


def lists(event_id: int) -> list[AddOnList]:
    """Each add-on of the event (hotel nights in date order) with its holders by last name."""
    add_ons = list(db.session.scalars(select(AddOn).where(AddOn.event_id == event_id)
                                      .order_by(AddOn.night.nulls_first(), AddOn.position, AddOn.id)))
    rows = db.session.execute(
        select(RegistrationAddOn.add_on_id, Registration.first_name, Registration.last_name, Registration.organisation,
               func.coalesce(Municipality.name, ""), Registration.status)
        .join(Registration, Registration.id == RegistrationAddOn.registration_id)
        .outerjoin(Municipality, Municipality.number == Registration.municipality_number)
        .join(AddOn, AddOn.id == RegistrationAddOn.add_on_id)
        .where(AddOn.event_id == event_id, Registration.status != RegistrationStatus.CANCELLED)).all()
    by_add_on: dict[int, list[tuple]] = {}
    for add_on_id, first, last, organisation, kommune, status in rows:
        by_add_on.setdefault(add_on_id, []).append(((norwegian_key(last), norwegian_key(first)),
                                                    Holder(f"{first} {last}".strip(), organisation, kommune, status)))
    return [AddOnList(a, [h for _key, h in sorted(by_add_on.get(a.id, []), key=lambda item: item[0])])
            for a in add_ons]


def counts(event_id: int) -> list[tuple[str, date | None, int]]:
    """(name, night, holders) per add-on: the catering summary's lines."""
    return [(found.add_on.name, found.add_on.night, found.count) for found in lists(event_id)]


KIND_WORDS = {AddOnKind.DINNER: "Middag", AddOnKind.HOTEL_NIGHT: "Hotellnatt", AddOnKind.EXCURSION: "Utflukt",
              AddOnKind.OTHER: "Annet"}


def to_csv(found: list[AddOnList]) -> bytes:
    """One row per add-on and holder, `;`-separated with a BOM, for Excel (headers in bokmål, like the exports)."""
    rows: list[list] = [["Tillegg", "Slags", "Natt", "Navn", "Arbeidssted", "Kommune", "Venteliste"]]
    for item in found:
        for h in item.holders:
            rows.append([item.add_on.name, KIND_WORDS[item.add_on.kind], item.add_on.night, h.name, h.organisation,
                         h.kommune, "ja" if h.status == RegistrationStatus.WAITLISTED else ""])
    return csv_document(rows).encode("utf-8")

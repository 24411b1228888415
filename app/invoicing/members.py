"""Which kommuner are members (their member price applies), and each kommune's invoice address (the buyer's
postal address on invoices issued from now on; those already issued keep theirs): set by the organisers on
/admin/members, by ticking them, by one kommune's address form, or by importing the member list as a CSV of
kommunenummer, optionally with the address in the next three columns (street; postcode; town). The caller owns
the transaction; every change is audited (entity "municipality"). An import is all or nothing: one bad row, and
nothing is changed.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.audit.log import Actor, record
from app.extensions import db
from app.models import Municipality

MAX_BYTES = 1_000_000


class ImportRefused(ValueError):
    """The file cannot be imported; `problems` lists every reason (line by line), in words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Outcome:
    members: int  # members after the change
    added: tuple[str, ...]  # names that became members
    removed: tuple[str, ...]  # names that are members no more
    addresses: int = 0  # invoice addresses changed


@dataclass(frozen=True)
class InvoiceAddress:
    street: str
    postcode: str
    city: str


ADDRESS_FIELDS = ("invoice_street", "invoice_postcode", "invoice_city")


def address_problems(address: InvoiceAddress) -> list[str]:
    """Why `address` cannot be a kommune's invoice address: empty (no address) or a Norwegian one, a postcode of
    four digits and a town; the street (or Postboks) may be left out."""
    if not any((address.street, address.postcode, address.city)):
        return []
    found = []
    if not re.fullmatch(r"[0-9]{4}", address.postcode):
        found.append(_("Postnummeret må ha fire sifre (for eksempel 9730)."))
    if not address.city:
        found.append(_("Skriv poststedet."))
    if len(address.street) > 160 or len(address.city) > 80:
        found.append(_("Adressen eller poststedet er for langt."))
    return found


def clean_address(street: str, postcode: str, city: str) -> InvoiceAddress:
    return InvoiceAddress(" ".join((street or "").split()), (postcode or "").replace(" ", ""),
                          " ".join((city or "").split()))


def _apply_address(kommune: Municipality, address: InvoiceAddress, actor: Actor) -> bool:
    before = (kommune.invoice_street, kommune.invoice_postcode, kommune.invoice_city)
    after = (address.street, address.postcode, address.city)
    if before == after:
        return False
    kommune.invoice_street, kommune.invoice_postcode, kommune.invoice_city = after
    record(actor, "municipality", int(kommune.number), "update",
           {name: [old, new] for name, old, new in zip(ADDRESS_FIELDS, before, after, strict=True) if old != new})
    return True


def set_address(number: str, address: InvoiceAddress, actor: Actor) -> Municipality:
    """One kommune's invoice address (all empty: none). ImportRefused with every problem; nothing stored."""
    kommune = db.session.get(Municipality, number or "")
    if kommune is None:
        raise ImportRefused([_("Ukjent kommunenummer: %(numbers)s.", numbers=number or "–")])
    problems = address_problems(address)
    if problems:
        raise ImportRefused(problems)
    _apply_address(kommune, address, actor)
    db.session.flush()
    return kommune


def _by_number() -> dict[str, Municipality]:
    return {m.number: m for m in db.session.scalars(select(Municipality))}


def set_members(numbers: Iterable[str], actor: Actor) -> Outcome:
    """Exactly these kommuner are members now."""
    wanted = set(numbers)
    kommuner = _by_number()
    unknown = wanted - kommuner.keys()
    if unknown:
        raise ImportRefused([_("Ukjent kommunenummer: %(numbers)s.", numbers=", ".join(sorted(unknown)))])
    added, removed = [], []
    for number, kommune in sorted(kommuner.items()):
        member = number in wanted
        if kommune.member != member:
            (added if member else removed).append(kommune.display_name)
            record(actor, "municipality", int(number), "update", {"member": [kommune.member, member]})
            kommune.member = member
    db.session.flush()
    return Outcome(len(wanted), tuple(added), tuple(removed))


def _text(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise ImportRefused([_("Filen er for stor. En liste over kommunenummer er sjelden mer enn noen få kB.")])
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's «CSV UTF-8» has a BOM; its plain «CSV» is Windows-1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportRefused([_("Filen kunne ikke leses. Lagre den som CSV (UTF-8) og prøv igjen.")])


def parse(data: bytes) -> list[str]:
    """The kommunenummer of a CSV (`;` or `,`, one per line in the first column; a header line and empty
    lines are skipped; 301 is read as 0301, as Excel drops the leading zero). ImportRefused with every bad line."""
    return list(parse_rows(data))


def parse_rows(data: bytes) -> dict[str, InvoiceAddress | None]:
    """kommunenummer → the invoice address in the row, None where the row has none (the kommune keeps the
    address it has). The address columns are found by the header's names (adresse, postnummer, poststed; other
    columns, such as the kommune's name, are ignored); without a header, a row of four columns is
    kommunenummer; street; postcode; town. ImportRefused with every bad line."""
    text = _text(data)
    if not text.strip():
        raise ImportRefused([_("Filen er tom.")])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    known, numbers, problems = _by_number(), {}, []
    columns: dict[str, int] | None = None  # None: no header (positional when a row has four columns)
    for line_no, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cell = (row[0] if row else "").strip().strip('"')
        if line_no == 1 and cell and not re.search(r"\d", cell):
            columns = _address_columns(row)
            continue
        if not cell:
            continue
        if not re.fullmatch(r"\d{3,4}", cell):
            problems.append(_("Linje %(n)d: «%(cell)s» er ikke et kommunenummer (fire sifre, for eksempel 0301).",
                              n=line_no, cell=cell[:40]))
            continue
        number = cell.zfill(4)
        if number not in known:
            problems.append(_("Linje %(n)d: %(number)s er ikke et kommunenummer vi kjenner.", n=line_no,
                              number=number))
            continue
        address = _row_address(row, columns)
        found = address_problems(address)
        if found:
            problems.extend(_("Linje %(n)d: %(problem)s", n=line_no, problem=p) for p in found)
            continue
        numbers[number] = address if any((address.street, address.postcode, address.city)) else None
    if problems:
        raise ImportRefused(problems)
    if not numbers:
        raise ImportRefused([_("Filen har ingen kommunenummer.")])
    return numbers


_HEADER_NAMES = {"street": ("adresse", "gateadresse", "postadresse", "fakturaadresse", "postboks", "street", "address"),
                 "postcode": ("postnummer", "postnr", "postnr.", "postcode", "postal code", "zip"),
                 "city": ("poststed", "sted", "town", "city")}


def _address_columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().strip('"').lower() for h in header]
    return {key: names.index(name) for key, options in _HEADER_NAMES.items() for name in options if name in names}


def _row_address(row: list[str], columns: dict[str, int] | None) -> InvoiceAddress:
    if columns is None:
        columns = {"street": 1, "postcode": 2, "city": 3} if len(row) >= 4 else {}

    def cell(key: str) -> str:
        index = columns.get(key)
        return row[index] if index is not None and index < len(row) else ""

    return clean_address(cell("street"), cell("postcode"), cell("city"))


def import_members(data: bytes, actor: Actor) -> Outcome:
    """The file is the member list: the kommuner in it are members, all others not; the addresses in it are
    their invoice addresses (a row without one leaves the kommune's as it is)."""
    rows = parse_rows(data)
    outcome = set_members(rows, actor)
    kommuner = _by_number()
    changed = sum(_apply_address(kommuner[number], address, actor) for number, address in rows.items() if address)
    db.session.flush()
    return Outcome(outcome.members, outcome.added, outcome.removed, changed)

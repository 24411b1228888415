"""Which kommuner are members (their member price applies): set by the organisers on /admin/members, by ticking
them or by importing the member list as a CSV of kommunenummer. The caller owns the transaction; every change is
audited (entity "municipality"). An import is all or nothing: one bad row, and nothing is changed.
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
    text = _text(data)
    if not text.strip():
        raise ImportRefused([_("Filen er tom.")])
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    known, numbers, problems = _by_number(), [], []
    for line_no, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cell = (row[0] if row else "").strip().strip('"')
        if not cell or (line_no == 1 and not re.search(r"\d", cell)):
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
        numbers.append(number)
    if problems:
        raise ImportRefused(problems)
    if not numbers:
        raise ImportRefused([_("Filen har ingen kommunenummer.")])
    return numbers


def import_members(data: bytes, actor: Actor) -> Outcome:
    """The file is the member list: the kommuner in it are members, all others not."""
    return set_members(parse(data), actor)

"""Counties and municipalities from seeds/kommuner.csv (SSB, 357 municipalities in 15 counties)."""
from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import County, Municipality


def seed_municipalities(csv_path: Path) -> int:
    """Insert the counties and municipalities that are missing; returns how many rows were added."""
    with csv_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    counties = set(db.session.scalars(select(County.number)))
    municipalities = set(db.session.scalars(select(Municipality.number)))
    added = 0
    for row in rows:
        if row["fylkesnummer"] not in counties:
            db.session.add(County(number=row["fylkesnummer"], name=row["fylke"]))
            counties.add(row["fylkesnummer"])
            added += 1
    db.session.flush()
    for row in rows:
        if row["kommunenummer"] not in municipalities:
            db.session.add(
                Municipality(
                    number=row["kommunenummer"],
                    name=row["kommune"],
                    official_name=row["offisielt_navn"],
                    county_number=row["fylkesnummer"],
                )
            )
            added += 1
    return added

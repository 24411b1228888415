"""What the reach page and its exports show: the fylker on a tile grid, and the rows of the tables."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from app.charts.tiles import Tile, tile_map
from app.core.labels import EVENT_KIND, SCHOOL_SIZE, YEARS_BAND
from app.reach.service import Reach
from app.series.forms import KIND_LABELS as SERIES_KIND

# (column, row) of each fylke on the tile grid, north at the top.
PLACES = {"56": (4, 0), "55": (3, 0), "18": (2, 1), "50": (2, 2), "15": (1, 2), "46": (0, 3), "34": (2, 3),
          "11": (0, 4), "33": (1, 4), "32": (2, 4), "03": (3, 4), "42": (0, 5), "40": (1, 5), "39": (2, 5),
          "31": (3, 5)}
SHORT = {"15": "Møre og R.", "31": "Østfold"}


@dataclass(frozen=True)
class KommuneLookup:
    name: str
    reached: bool


def share_label(reached: int, total: int) -> str:
    """'6 %'; a share above nothing that rounds to 0 says so ('under 1 %'), so 1 of 357 never reads as none."""
    if not total or not reached:
        return "0 %"
    share = round(100 * reached / total)
    return _("under %(n)d %%", n=1) if share == 0 else f"{share} %"


def period_label(reach: Reach) -> str:
    p = reach.period
    return _("skoleåret %(a)d–%(b)d", a=p.year, b=p.year + 1) if p.school else str(p.year)


def county_map(reach: Reach) -> Markup:
    tiles = [Tile(c.name, SHORT.get(c.number, c.name), c.share, *PLACES.get(c.number, (4, 5 + i)))
             for i, c in enumerate(reach.counties)]
    return tile_map(tiles, title=_("Andel kommuner nådd per fylke, %(period)s", period=period_label(reach)),
                    description=_("Hver rute er et fylke med andelen kommuner som er nådd. Tallene står også i "
                                  "tabellen ved siden av."))


def offer_rows(reach: Reach) -> list[tuple[str, int]]:
    rows = [(str(EVENT_KIND[kind]), n) for kind, n in sorted(reach.by_event_kind.items())]
    rows += [(str(SERIES_KIND[kind]), n) for kind, n in sorted(reach.by_series_kind.items())]
    return rows


def years_rows(reach: Reach) -> list[tuple[str, int]]:
    return [(str(label), reach.by_years.get(band, 0)) for band, label in YEARS_BAND.items()]


def school_size_rows(reach: Reach) -> list[tuple[str, int]]:
    return [(str(label), reach.by_school_size.get(band, 0)) for band, label in SCHOOL_SIZE.items()]


def county_header() -> list[str]:
    return [_("Fylke"), _("Kommuner"), _("Nådd"), _("Andel"), _("Nådd året før")]


def county_rows(reach: Reach) -> list[list]:
    rows = [[c.name, c.total, c.reached, share_label(c.reached, c.total), c.reached_before] for c in reach.counties]
    return [*rows, [_("Hele landet"), reach.total, reach.reached, share_label(reach.reached, reach.total),
                    reach.reached_before]]

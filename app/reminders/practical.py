"""The practical information a reminder and the manage page share: the map link of the venue."""
from __future__ import annotations

from urllib.parse import quote_plus

from app.models import Venue

OSM_SEARCH = "https://www.openstreetmap.org/search?query="


def map_url(venue: Venue | None) -> str:
    """An OpenStreetMap search for the venue's address (its name when it has none); "" without a venue."""
    if venue is None:
        return ""
    where = venue.full_address or venue.name
    return OSM_SEARCH + quote_plus(where) if where else ""

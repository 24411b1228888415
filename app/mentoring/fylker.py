"""Norway's 15 fylker (from 2024, by fylkesnummer as in seeds/kommuner.csv) and which of them share a border on
land. The mentor matching prefers the same fylke, then a neighbouring one."""
from __future__ import annotations

_BORDERS = (
    ("03", "32"),  # Oslo – Akershus
    ("31", "32"),  # Østfold – Akershus
    ("32", "33"), ("32", "34"),  # Akershus – Buskerud, Innlandet
    ("33", "34"), ("33", "39"), ("33", "40"), ("33", "46"),  # Buskerud – Innlandet, Vestfold, Telemark, Vestland
    ("34", "46"), ("34", "15"), ("34", "50"),  # Innlandet – Vestland, Møre og Romsdal, Trøndelag
    ("39", "40"),  # Vestfold – Telemark
    ("40", "42"), ("40", "11"), ("40", "46"),  # Telemark – Agder, Rogaland, Vestland
    ("42", "11"),  # Agder – Rogaland
    ("11", "46"),  # Rogaland – Vestland
    ("46", "15"),  # Vestland – Møre og Romsdal
    ("15", "50"),  # Møre og Romsdal – Trøndelag
    ("50", "18"),  # Trøndelag – Nordland
    ("18", "55"),  # Nordland – Troms
    ("55", "56"),  # Troms – Finnmark
)

FYLKER = ("03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56")

NEIGHBOURS: dict[str, frozenset[str]] = {
    number: frozenset({b for a, b in _BORDERS if a == number} | {a for a, b in _BORDERS if b == number})
    for number in FYLKER
}


def are_neighbours(a: str, b: str) -> bool:
    return b in NEIGHBOURS.get(a, frozenset())

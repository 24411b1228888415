"""Single values: organisasjonsnummer (MOD11), phone numbers, the kommune list."""
import pytest

from app.registration.choices import kommune_options
from app.registration.validation import normalise_org_number, org_number_is_valid, phone_is_valid


@pytest.mark.parametrize(("text", "valid"), [
    ("974760673", True),  # Brønnøysundregistrene
    ("974 760 673", True),
    ("971526920", True),
    ("982463718", True),
    ("974760674", False),  # wrong check digit
    ("97476067", False),
    ("9747606730", False),
    ("abcdefghi", False),
    ("", False),
    ("000000000", True),  # remainder 0 → check digit 0
    ("400000001", False),  # the check digit would be 10: no such number
])
def test_org_number_mod11(text, valid):
    assert org_number_is_valid(text) is valid


def test_org_number_normalised():
    assert normalise_org_number(" 974.760 673 ") == "974760673"


@pytest.mark.parametrize(("text", "valid"), [
    ("91234567", True), ("912 34 567", True), ("+47 912 34 567", True), ("(+47) 22-33-44-55", True),
    ("1234567", False), ("ring meg", False), ("+47 912 34 567 123 456 789", False),
])
def test_phone_numbers(text, valid):
    assert phone_is_valid(text) is valid


def test_the_357_municipalities_with_their_parallel_names(ctx):
    options = kommune_options()
    assert len(options) == 357
    karasjok = next(o for o in options if o.number == "5610")
    assert (karasjok.name, karasjok.label) == ("Kárášjohka", "Kárášjohka - Karasjok")

"""Issuing works on the database: these tests get the suite's clean database back (tests/invoicing's conftest
switches it off for the value-only tests), and a seller, an event with a fee and payers to issue to."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.invoicing import seller
from app.program.cache import fragments
from tests.conftest import _truncate

KOMMUNE_ORG = "964830533"  # Karasjok kommune
OTHER_ORG = "974760673"
SELLER_VALUES = dict(name="Norsk kulturskoleråd", org_number="974 760 673", foretaksregisteret=True,
                     mva_registered=True, street="Postboks 4", postcode="7491", city="Trondheim",
                     bank_account="8601 11 17947", payment_terms_days=30, invoice_email="faktura@kulturskoleradet.no",
                     kid_enabled=True, number_prefix="2027-", accounts=seller.DEFAULT_ACCOUNTS)


@pytest.fixture(autouse=True)
def _clean_database(app) -> Iterator[None]:
    yield
    clock.set_now(None)
    _truncate(app)
    fragments.clear()


@pytest.fixture
def seller_details(app) -> dict:
    with app.app_context():
        with transaction():
            seller.save(dict(SELLER_VALUES), SYSTEM)
    return SELLER_VALUES

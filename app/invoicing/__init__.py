"""Invoicing: money in øre, Norwegian identifiers, invoice and credit-note documents, EHF (PEPPOL BIS
Billing 3.0) XML and the invoice PDF.

Plain modules over values: no Flask request, no database. The later routes and services build the documents
from registrations and hand them to `ehf.to_xml` / `pdf.render`.

Messages for people (errors) are bokmål, marked with `N_` for Babel's extraction; the caller shows them
through `_()`. The invoice PDF itself is always bokmål: it is the legal document sent to a Norwegian kommune.
"""


class InvoicingError(ValueError):
    """Bad input to invoicing, with one or more messages in bokmål (`problems`), `str()` joins them."""

    def __init__(self, *problems: str):
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


def N_(message: str) -> str:
    """Mark a message for Babel's extraction without translating it here (translated where it is shown)."""
    return message

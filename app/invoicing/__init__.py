"""Invoicing: money in øre, Norwegian identifiers, invoice and credit-note documents, EHF (PEPPOL BIS
Billing 3.0) XML and the invoice PDF.

Plain modules over values: no Flask request, no database. The later routes and services build the documents
from registrations and hand them to `ehf.to_xml` / `pdf.render`.

Messages for people (the problems of an `InvoicingError`) go through Babel (`gettext` when they are made: in a
request, the reader's language; outside one, bokmål — msgids are bokmål, English in the catalogue).
The invoice PDF and the EHF XML themselves are always bokmål: they are the legal document sent to a Norwegian
kommune.
"""


class InvoicingError(ValueError):
    """Bad input to invoicing, with one or more messages in bokmål (`problems`), `str()` joins them."""

    def __init__(self, *problems: str):
        self.problems = tuple(problems)
        super().__init__(" ".join(self.problems))


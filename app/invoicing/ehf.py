"""EHF Billing 3.0 = PEPPOL BIS Billing 3.0: the invoice as a UBL 2.1 `Invoice`, the credit note as a UBL 2.1
`CreditNote`, elements in the order the UBL schema requires.

- seller and buyer are addressed by organisation number, EndpointID scheme 0192 (Norwegian Enhetsregisteret);
- Norwegian seller rules: «Foretaksregisteret» as the seller's tax registration (PartyTaxScheme with scheme TAX,
  NO-R-002; also as CompanyLegalForm, BT-33) when registered, "NO…MVA" as the VAT identifier when
  VAT-registered (NO-R-001);
- VAT exemption reason for E lines, no Percent for O (not subject to VAT);
- payment means 30 (credit transfer, Norwegian account) or 58 (SEPA, IBAN) with the KID as PaymentID.
The standard library's ElementTree is enough: the documents are small and flat.
"""
from __future__ import annotations

from xml.etree import ElementTree as ET

from app.invoicing import documents, identifiers, money
from app.invoicing.documents import Address, CreditNote, Invoice, Line
from app.invoicing.money import ehf_amount, ehf_decimal

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
ORG_SCHEME = "0192"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
ROOT_NS = {"invoice": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
           "credit_note": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"}
ET.register_namespace("cbc", CBC)
ET.register_namespace("cac", CAC)


def _cbc(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{CBC}}}{tag}", attrs)
    element.text = text
    return element


def _cac(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{CAC}}}{name}")


def _amount(parent: ET.Element, name: str, ore: int, currency: str) -> None:
    _cbc(parent, name, ehf_amount(ore), currencyID=currency)


def to_xml(doc: Invoice) -> bytes:
    """The document as EHF XML (UTF-8, with declaration), after `documents.check` has accepted it."""
    documents.check(doc)
    credit = isinstance(doc, CreditNote)
    # The root's namespace as the default one (xmlns="…"), as every EHF file writes it.
    root = ET.Element("CreditNote" if credit else "Invoice", {"xmlns": ROOT_NS[doc.kind]})
    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", doc.number)
    _cbc(root, "IssueDate", doc.issue_date.isoformat())
    if not credit:
        _cbc(root, "DueDate", doc.due.isoformat())
    _cbc(root, "CreditNoteTypeCode" if credit else "InvoiceTypeCode", doc.type_code)
    if doc.note:
        _cbc(root, "Note", doc.note)
    _cbc(root, "DocumentCurrencyCode", doc.currency)
    _cbc(root, "BuyerReference", doc.buyer.reference.strip())
    if doc.order_reference:
        _cbc(_cac(root, "OrderReference"), "ID", doc.order_reference)
    if credit:
        reference = _cac(_cac(root, "BillingReference"), "InvoiceDocumentReference")
        _cbc(reference, "ID", doc.credited_number)
        _cbc(reference, "IssueDate", doc.credited_issue_date.isoformat())
    elif doc.prepaid_invoice:  # the credited invoice whose payment is this one's prepaid amount (BT-25)
        _cbc(_cac(_cac(root, "BillingReference"), "InvoiceDocumentReference"), "ID", doc.prepaid_invoice)
    _seller(_cac(root, "AccountingSupplierParty"), doc)
    _buyer(_cac(root, "AccountingCustomerParty"), doc)
    if doc.delivery_date:
        _cbc(_cac(root, "Delivery"), "ActualDeliveryDate", doc.delivery_date.isoformat())
    if not credit:
        _payment_means(root, doc)
    terms = _cac(root, "PaymentTerms")
    _cbc(terms, "Note", (f"Kreditert beløp motregnes eller betales tilbake. Gjelder faktura {doc.credited_number}."
                         if credit else f"Betalingsfrist {doc.seller.payment_terms_days} dager." + _prepaid_note(doc)))
    _tax_total(root, doc)
    _monetary_total(root, doc)
    for number, line in enumerate(doc.lines, start=1):
        _line(root, number, line, doc)
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _address(parent: ET.Element, address: Address) -> None:
    postal = _cac(parent, "PostalAddress")
    if address.street:
        _cbc(postal, "StreetName", address.street)
    if address.additional:
        _cbc(postal, "AdditionalStreetName", address.additional)
    if address.city:
        _cbc(postal, "CityName", address.city)
    if address.postcode:
        _cbc(postal, "PostalZone", address.postcode)
    _cbc(_cac(postal, "Country"), "IdentificationCode", address.country)


def _party(parent: ET.Element, name: str, org: str, address: Address, tax_schemes: list[tuple[str, str]],
           legal_form: str, contact: list[tuple[str, str]]) -> None:
    """A seller's or buyer's Party: endpoint and legal id by organisation number (0192), name, address, tax
    registrations (company id, scheme), legal form and contact (tag, value), empty values left out."""
    party = _cac(parent, "Party")
    _cbc(party, "EndpointID", org, schemeID=ORG_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", name)
    _address(party, address)
    for company_id, tax_scheme in tax_schemes:
        scheme = _cac(party, "PartyTaxScheme")
        _cbc(scheme, "CompanyID", company_id)
        _cbc(_cac(scheme, "TaxScheme"), "ID", tax_scheme)
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    _cbc(legal, "CompanyID", org, schemeID=ORG_SCHEME)
    if legal_form:
        _cbc(legal, "CompanyLegalForm", legal_form)
    if any(value for _, value in contact):
        element = _cac(party, "Contact")
        for tag, value in contact:
            if value:
                _cbc(element, tag, value)


def _seller(parent: ET.Element, doc: Invoice) -> None:
    seller = doc.seller
    schemes = ([(identifiers.vat_number(seller.org_number), "VAT")] if seller.mva_registered else []) + (
        [("Foretaksregisteret", "TAX")] if seller.foretaksregisteret else [])
    _party(parent, seller.name, seller.org_number, seller.address, schemes,
           "Foretaksregisteret" if seller.foretaksregisteret else "",
           [("Name", seller.contact_name), ("Telephone", seller.phone), ("ElectronicMail", seller.invoice_email)])


def _buyer(parent: ET.Element, doc: Invoice) -> None:
    buyer = doc.buyer
    _party(parent, buyer.name, buyer.org_number, buyer.address, [], "",
           [("Name", buyer.contact_name), ("ElectronicMail", buyer.email)])


def _payment_means(root: ET.Element, doc: Invoice) -> None:
    account = doc.seller.bank_account
    iban = account[:2].isalpha()
    means = _cac(root, "PaymentMeans")
    _cbc(means, "PaymentMeansCode", "58" if iban else "30",
         name="SEPA credit transfer" if iban else "Credit transfer")
    if doc.kid:
        _cbc(means, "PaymentID", doc.kid)
    _cbc(_cac(means, "PayeeFinancialAccount"), "ID", account)


def _prepaid_note(doc: Invoice) -> str:
    if not doc.prepaid:
        return ""
    paid = money.format_kroner(doc.prepaid, currency=True)
    return f" Allerede betalt {paid}" + (f" (faktura {doc.prepaid_invoice})." if doc.prepaid_invoice else ".")


def _category(parent: ET.Element, name: str, category: str, rate, reason: str | None) -> None:
    element = _cac(parent, name)
    _cbc(element, "ID", category)
    if category != "O":
        _cbc(element, "Percent", ehf_decimal(rate))
    if reason and name == "TaxCategory":
        _cbc(element, "TaxExemptionReason", reason)
    _cbc(_cac(element, "TaxScheme"), "ID", "VAT")


def _tax_total(root: ET.Element, doc: Invoice) -> None:
    totals = doc.totals
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", totals.tax, doc.currency)
    for group in totals.breakdown:
        subtotal = _cac(tax_total, "TaxSubtotal")
        _amount(subtotal, "TaxableAmount", group.taxable, doc.currency)
        _amount(subtotal, "TaxAmount", group.tax, doc.currency)
        reason = group.exemption_reason or ("Ikke omfattet av merverdiavgiftsloven" if group.category == "O" else None)
        _category(subtotal, "TaxCategory", group.category, group.rate, reason)


def _monetary_total(root: ET.Element, doc: Invoice) -> None:
    totals = doc.totals
    monetary = _cac(root, "LegalMonetaryTotal")
    _amount(monetary, "LineExtensionAmount", totals.line_extension, doc.currency)
    _amount(monetary, "TaxExclusiveAmount", totals.tax_exclusive, doc.currency)
    _amount(monetary, "TaxInclusiveAmount", totals.tax_inclusive, doc.currency)
    if totals.prepaid:
        _amount(monetary, "PrepaidAmount", totals.prepaid, doc.currency)
    _amount(monetary, "PayableAmount", totals.payable, doc.currency)


def _line(root: ET.Element, number: int, line: Line, doc: Invoice) -> None:
    credit = isinstance(doc, CreditNote)
    element = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(element, "ID", str(number))
    if line.note:
        _cbc(element, "Note", line.note)
    _cbc(element, "CreditedQuantity" if credit else "InvoicedQuantity", ehf_decimal(line.quantity),
         unitCode=line.unit)
    _amount(element, "LineExtensionAmount", line.net, doc.currency)
    if line.period_start or line.period_end:
        period = _cac(element, "InvoicePeriod")
        _cbc(period, "StartDate", (line.period_start or line.period_end).isoformat())
        _cbc(period, "EndDate", (line.period_end or line.period_start).isoformat())
    item = _cac(element, "Item")
    _cbc(item, "Name", line.description)
    _category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate, None)
    _amount(_cac(element, "Price"), "PriceAmount", line.unit_price, doc.currency)

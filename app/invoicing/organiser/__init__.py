"""Invoicing in the back office: an event's Fakturaer tab (/admin/events/<slug>/invoices…), each document
(/admin/invoices/<number>.pdf and .xml, the contract's URLs) and the seller's details (/admin/invoicing/seller,
administrators only)."""
from flask import Blueprint

from app.admin.labels import globals_
from app.invoicing import identifiers, money

bp = Blueprint("invoicing_organiser", __name__, url_prefix="/admin")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page
bp.add_app_template_filter(lambda ore: money.format_kroner(ore, currency=True), "kroner")
bp.add_app_template_filter(identifiers.format_bank_account, "bank_account")
bp.add_app_template_filter(identifiers.format_org_number, "org_number")

from app.invoicing.organiser import documents, invoices, payments, seller  # noqa: E402,F401

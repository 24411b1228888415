"""An issued document as it is kept (`Invoice.document`): the frozen Invoice or CreditNote as JSON, and back.

What was issued is never recomputed from today's registrations or seller details: the PDF and the EHF XML are
made from this, so they come out the same, byte for byte, whenever they are downloaded or sent.
"""
from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import date
from decimal import Decimal

from app.invoicing.documents import Address, Buyer, CreditNote, Invoice, Line, Seller

_DATES = {"issue_date", "due_date", "delivery_date", "credited_issue_date", "period_start", "period_end"}
_DECIMALS = {"quantity", "vat_rate"}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dump(doc: Invoice) -> str:
    data = _plain(asdict(doc))
    data["kind"] = doc.kind
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _typed(cls, data: dict):
    names = {f.name for f in fields(cls)}
    values = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key in _DATES and value is not None:
            value = date.fromisoformat(value)
        elif key in _DECIMALS:
            value = Decimal(value)
        values[key] = value
    return cls(**values)


def load(text: str) -> Invoice:
    data = json.loads(text)
    seller = data.pop("seller")
    buyer = data.pop("buyer")
    data["seller"] = _typed(Seller, {**seller, "address": _typed(Address, seller["address"])})
    data["buyer"] = _typed(Buyer, {**buyer, "address": _typed(Address, buyer["address"])})
    data["lines"] = tuple(_typed(Line, line) for line in data["lines"])
    cls = CreditNote if data.pop("kind") == "credit_note" else Invoice
    return _typed(cls, data)


def lines_key(lines: tuple[Line, ...]) -> str:
    """The lines as compared: two documents with the same key bill the same."""
    return json.dumps(_plain([asdict(line) for line in lines]), ensure_ascii=False, sort_keys=True)

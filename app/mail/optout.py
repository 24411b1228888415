"""Opting out of bulk mail with one click (RFC 8058).

Every bulk message carries `List-Unsubscribe: <BASE_URL/mail/unsubscribe/<token>>`; the token is derived
from the recipient's address (app.core.tokens, its own purpose), so the link needs no row of its own and
opens nothing else. An opt-out stores only the token's digest: the address itself is never written down.
Bulk mail to an address whose token is stored is not sent (app/mail/kinds.py).
"""
from __future__ import annotations

from sqlalchemy import exists, select

from app.core import clock, tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.models import MailOptOut

PURPOSE = "mail-unsubscribe"
LENGTH = 24


def token_for(address: str) -> str:
    return tokens.derive(PURPOSE, address.strip().lower(), LENGTH)


def url_for_address(address: str) -> str:
    return absolute_url("mail.unsubscribe", token=token_for(address))


def is_token(token: str) -> bool:
    normal = tokens.normalise(token)
    return len(normal) == LENGTH and set(normal) <= set(tokens.ALPHABET)


def opt_out(token: str) -> None:
    """Record the opt-out of the address behind `token` (again is harmless)."""
    digest = tokens.digest(token)
    if not db.session.scalar(select(exists().where(MailOptOut.token_digest == digest))):
        db.session.add(MailOptOut(token_digest=digest, created_at=clock.now()))


def is_opted_out(address: str) -> bool:
    digest = tokens.digest(token_for(address))
    return bool(db.session.scalar(select(exists().where(MailOptOut.token_digest == digest))))


def opted_out_among(addresses: list[str], chunk: int = 5000) -> set[str]:
    """Which of `addresses` (returned lower-cased) opted out: one query per `chunk` addresses, never one each."""
    digests = {tokens.digest(token_for(a)): a.strip().lower() for a in addresses}
    keys, found = list(digests), set()
    for start in range(0, len(keys), chunk):
        found.update(db.session.scalars(select(MailOptOut.token_digest)
                                        .where(MailOptOut.token_digest.in_(keys[start:start + chunk]))))
    return {digests[d] for d in found}

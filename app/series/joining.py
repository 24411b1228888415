"""A new leader joins the meeting place for new leaders from her registration (/me/<token>): the manage page the
confirmation e-mail links to offers the public new-leaders series she is not a member of yet, when she said she
has led a kulturskole for under three years. Joining takes what she registered with and needs her consent."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField

from app.core.forms import Form
from app.core.transaction import transaction
from app.extensions import db, limiter
from app.models import Registration, Series, SeriesKind, SeriesMember, YearsBand
from app.registration import links
from app.series import bp, invitations

NEW_LEADER_BANDS = frozenset({YearsBand.LT1, YearsBand.Y1_3})


class JoinAsRegisteredForm(Form):
    consent = BooleanField(_l("Jeg samtykker i at Kulturskolerådet lagrer navn, e-post, kommune og stilling fra "
                              "påmeldingen for å invitere meg til nettverkets møter. Jeg kan melde meg av når som "
                              "helst."))


def offered(registration: Registration) -> list[Series]:
    """The public new-leaders series the registrant may join from her registration (none she is in already)."""
    if not registration.is_active or not registration.email or registration.years_as_leader not in NEW_LEADER_BANDS:
        return []
    member_of = select(SeriesMember.series_id).where(SeriesMember.email == registration.email.lower())
    return list(db.session.scalars(select(Series).where(Series.kind == SeriesKind.NEW_LEADERS,
                                                        Series.public.is_(True), Series.id.not_in(member_of))
                                   .order_by(Series.title)))


@bp.post("/me/<token>/series/<slug:slug>/join")
@limiter.limit("20 per minute")
def join_from_registration(token: str, slug: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    series = next((s for s in offered(registration) if s.slug == slug), None)
    back = url_for("registration.manage", token=token) + "#series-offer"
    if series is None:  # not offered to her (or she joined already): nothing to do
        return redirect(back, code=303)
    form = JoinAsRegisteredForm(prefix=series.slug)
    if not form.validate_on_submit() or not form.consent.data:
        flash(_("Kryss av for samtykket for å bli med i %(series)s.", series=series.title), "error")
        return redirect(back, code=303)
    with transaction():
        invitations.join_as_registered(series, registration)
    flash(_("Du er med i %(series)s. Vi har sendt deg lenken til nettverkets side, og du får invitasjon til nye "
            "møter på e-post.", series=series.title), "success")
    return redirect(back, code=303)


@bp.app_context_processor
def _offer_globals() -> dict:
    """`series_offers(registration)` and its form, for the manage page."""
    return {"series_offers": offered, "series_offer_form": JoinAsRegisteredForm}

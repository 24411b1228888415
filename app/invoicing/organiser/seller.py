"""The seller's details: administrators only (/admin/invoicing/seller)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin.common import actor
from app.auth.access import requires
from app.core.transaction import transaction
from app.invoicing import InvoicingError
from app.invoicing import seller as sellers
from app.invoicing.forms import SellerForm
from app.invoicing.organiser import bp


def _form_for(row) -> SellerForm:
    if row is None:
        return SellerForm(formdata=None, accounts=sellers.DEFAULT_ACCOUNTS)
    form = SellerForm(formdata=None, obj=row)
    form.bank_account.data = row.bank_account
    return form


@bp.get("/invoicing/seller")
@requires("admin", event=None)
def seller():
    return render_template("invoicing/seller.html", form=_form_for(sellers.row()), problems=())


@bp.post("/invoicing/seller")
@requires("admin", event=None)
def save_seller():
    form = SellerForm()
    if not form.validate():
        return render_template("invoicing/seller.html", form=form, problems=()), 400
    try:
        with transaction():
            sellers.save(form.values(), actor())
    except InvoicingError as error:
        return render_template("invoicing/seller.html", form=form, problems=error.problems), 400
    flash(_("Selgeropplysningene er lagret. Fakturaer som alt er laget, beholder opplysningene de ble laget med."),
          "success")
    return redirect(url_for("invoicing_organiser.seller"), 303)

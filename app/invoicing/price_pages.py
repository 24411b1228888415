"""The organisers' price pages (blueprint `prices_organiser` under /admin): an event's price categories, add-ons and
cancellation terms (Innstillinger › Priser og tillegg), the add-on lists with their CSV (Påmeldinger), and the
member kommuner across events (/admin/members). Handlers parse, authorise, call the rules, render."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core.collation import norwegian_key
from app.core.downloads import file_response
from app.core.transaction import transaction
from app.core.urls import number_in
from app.extensions import db
from app.invoicing import members as member_rules
from app.invoicing import money, price_admin
from app.invoicing.price_forms import AddOnForm, KommuneAddressForm, PriceCategoryForm, TermsForm, ToggleForm
from app.models import AddOn, Municipality, PriceCategory
from app.program.errors import NotFound
from app.registration import add_on_lists
from app.registration.manage_prices import terms_text

bp = Blueprint("prices_organiser", __name__, url_prefix="/admin")


def _form_data(item, fields) -> dict:
    data = {name: getattr(item, name) for name in fields}
    data["vat_rate"] = money.ehf_decimal(item.vat_rate).replace(".", ",")
    return data


def _category_form(event_id: int, formdata=None) -> PriceCategoryForm:
    chosen = number_in(request.args.get("edit"))
    item = db.session.get(PriceCategory, chosen) if chosen else None
    if item is None or item.event_id != event_id:
        return PriceCategoryForm(prefix="price", formdata=formdata)
    data = _form_data(item, ("id", "name", "valid_until", "day", "access_code", "position", "vat_category",
                             "exemption_reason"))
    data.update(amount=money.format_kroner(item.amount_ore), audience=item.audience.value)
    return PriceCategoryForm(prefix="price", formdata=formdata, data=data)


def _add_on_form(event_id: int, formdata=None) -> AddOnForm:
    chosen = number_in(request.args.get("edit_add_on"))
    item = db.session.get(AddOn, chosen) if chosen else None
    if item is None or item.event_id != event_id:
        return AddOnForm(prefix="addon", formdata=formdata)
    data = _form_data(item, ("id", "name", "quota", "night", "position", "vat_category", "exemption_reason"))
    data.update(unit_price=money.format_kroner(item.unit_price_ore), kind=item.kind.value)
    return AddOnForm(prefix="addon", formdata=formdata, data=data)


def _page(event, price_form=None, add_on_form=None, terms_form=None, status: int = 200):
    categories = list(db.session.scalars(select_all(PriceCategory, event.id)))
    add_ons = list(db.session.scalars(select_all(AddOn, event.id)))
    terms_form = terms_form or TermsForm(formdata=None, data={
        "free_cancellation_until": event.free_cancellation_until,
        "cancellation_share_percent": event.cancellation_share_percent})
    return render_template(
        "invoicing/prices/index.html", event=event, categories=categories, add_ons=add_ons,
        per_category=price_admin.registrations_per_category(event.id), held=price_admin.held_per_add_on(event.id),
        price_form=price_form or _category_form(event.id), add_on_form=add_on_form or _add_on_form(event.id),
        terms_form=terms_form, toggle=ToggleForm(formdata=None), terms=terms_text(event)), status


def select_all(model, event_id: int):
    return select(model).where(model.event_id == event_id).order_by(model.active.desc(), model.position, model.id)


def _back(slug: str):
    return redirect(url_for("prices_organiser.prices", slug=slug), code=303)


@bp.get("/events/<slug:slug>/prices")
@requires("edit")
def prices(slug: str):
    return _page(event_or_404(slug))


def _item_id(form) -> int | None:
    return number_in(form.id.data) if form.id.data else None


@bp.post("/events/<slug:slug>/prices")
@requires("edit")
def save_price(slug: str):
    event = event_or_404(slug)
    form = PriceCategoryForm(prefix="price")
    if not form.validate_on_submit():
        return _page(event, price_form=form, status=400)
    try:
        with transaction():
            item = price_admin.save_category(event.id, _item_id(form), form.values(), actor())
    except NotFound:
        abort(404)
    flash(_("Prisen «%(name)s» er lagret. Den gjelder nye påmeldinger; de som er påmeldt, beholder prisen de fikk.",
            name=item.name), "success")
    return _back(slug)


@bp.post("/events/<slug:slug>/add-ons")
@requires("edit")
def save_add_on(slug: str):
    event = event_or_404(slug)
    form = AddOnForm(prefix="addon")
    if not form.validate_on_submit():
        return _page(event, add_on_form=form, status=400)
    try:
        with transaction():
            item = price_admin.save_add_on(event.id, _item_id(form), form.values(), actor())
    except NotFound:
        abort(404)
    flash(_("Tillegget «%(name)s» er lagret. Den nye prisen gjelder dem som velger det fra nå.", name=item.name),
          "success")
    return _back(slug)


@bp.post("/events/<slug:slug>/prices/active")
@requires("edit")
def set_price_active(slug: str):
    return _set_active(slug, PriceCategory)


@bp.post("/events/<slug:slug>/add-ons/active")
@requires("edit")
def set_add_on_active(slug: str):
    return _set_active(slug, AddOn)


def _set_active(slug: str, model):
    event = event_or_404(slug)
    form = ToggleForm()
    item_id = number_in(form.id.data)
    if not form.validate_on_submit() or item_id is None:
        flash(_("Velg hva som skal endres."), "error")
        return _back(slug)
    try:
        with transaction():
            price_admin.set_active(model, event.id, item_id, bool(form.active.data), actor())
    except NotFound:
        abort(404)
    flash(_("Tilbudet er endret. Påmeldinger som har valgt det, beholder det.") if not form.active.data
          else _("Tilbudet er åpnet igjen."), "success")
    return _back(slug)


@bp.post("/events/<slug:slug>/cancellation-terms")
@requires("edit")
def save_terms(slug: str):
    event = event_or_404(slug)
    form = TermsForm()
    if not form.validate_on_submit():
        return _page(event, terms_form=form, status=400)
    with transaction():
        price_admin.save_terms(event_or_404(slug), form.free_cancellation_until.data,
                               form.cancellation_share_percent.data, actor())
    flash(_("Avbestillingsvilkårene er lagret."), "success")
    return _back(slug)


# --- the add-on lists ---------------------------------------------------------------------------

@bp.get("/events/<slug:slug>/add-on-lists")
@requires("view")
def add_on_list(slug: str):
    event = event_or_404(slug)
    return render_template("invoicing/prices/add_on_lists.html", event=event, lists=add_on_lists.lists(event.id))


@bp.get("/events/<slug:slug>/add-on-lists.csv")
@requires("view")
def add_on_list_csv(slug: str):
    event = event_or_404(slug)
    return file_response(add_on_lists.to_csv(add_on_lists.lists(event.id)), "text/csv", f"tillegg-{event.slug}.csv")


# --- member kommuner ------------------------------------------------------------------------------

def _members_page(problems: list[str] | None = None, status: int = 200, address_form: KommuneAddressForm | None = None):
    kommuner = sorted(db.session.scalars(select(Municipality)), key=lambda m: norwegian_key(m.display_name))
    return render_template("invoicing/prices/members.html", kommuner=kommuner, problems=problems or [],
                           members=sum(1 for k in kommuner if k.member), address_form=address_form,
                           chosen=db.session.get(Municipality, address_form.kommune.data or "") if address_form else None
                           ), status


@bp.get("/members")
@requires("view", event=None)
def members():
    return _members_page()


def _outcome_message(outcome: member_rules.Outcome) -> str:
    message = _("%(n)d kommuner er medlemmer nå (%(added)d lagt til, %(removed)d fjernet).", n=outcome.members,
                added=len(outcome.added), removed=len(outcome.removed))
    if outcome.addresses:
        message += " " + _("%(n)d fakturaadresser er endret.", n=outcome.addresses)
    return message


@bp.get("/members/address")
@requires("view", event=None)
def member_address():
    """One kommune's invoice address form (?kommune=NNNN)."""
    if not request.args.get("kommune"):
        return redirect(url_for("prices_organiser.members", _anchor="addresses-heading"), code=303)
    kommune = db.session.get(Municipality, request.args["kommune"])
    if kommune is None:
        abort(404)
    form = KommuneAddressForm(formdata=None, data={"kommune": kommune.number, "street": kommune.invoice_street,
                                                   "postcode": kommune.invoice_postcode, "city": kommune.invoice_city})
    return _members_page(address_form=form)


@bp.post("/members/address")
@requires("edit", event=None)
def save_member_address():
    form = KommuneAddressForm()
    if not form.validate_on_submit() or db.session.get(Municipality, form.kommune.data or "") is None:
        return _members_page([str(e) for errors in form.errors.values() for e in errors]
                             or [_("Velg en kommune.")], 400, address_form=form)
    address = member_rules.clean_address(form.street.data, form.postcode.data, form.city.data)
    try:
        with transaction():
            kommune = member_rules.set_address(form.kommune.data, address, actor())
    except member_rules.ImportRefused as error:
        return _members_page(error.problems, 400, address_form=form)
    flash(_("Fakturaadressen til %(name)s er lagret. Den gjelder fakturaer som lages fra nå.",
            name=kommune.display_name), "success")
    return redirect(url_for("prices_organiser.members", _anchor="addresses-heading"), code=303)


@bp.post("/members")
@requires("edit", event=None)
def save_members():
    try:
        with transaction():
            outcome = member_rules.set_members(request.form.getlist("member"), actor())
    except member_rules.ImportRefused as error:
        return _members_page(error.problems, 400)
    flash(_outcome_message(outcome), "success")
    return redirect(url_for("prices_organiser.members"), code=303)


@bp.post("/members/import")
@requires("edit", event=None)
def import_members():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _members_page([_("Velg en CSV-fil med kommunenummer.")], 400)
    try:
        with transaction():
            outcome = member_rules.import_members(upload.read(member_rules.MAX_BYTES + 1), actor())
    except member_rules.ImportRefused as error:
        return _members_page([_("Ingenting er endret.")] + error.problems, 400)
    flash(_outcome_message(outcome), "success")
    return redirect(url_for("prices_organiser.members"), code=303)

"""The organisers' forms for prices, add-ons and cancellation terms (Flask-WTF). Amounts are typed in kroner
("4 200", "950,50") and kept in øre; the VAT rate in percent ("25") and kept in hundredths of a percent."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import ChoiceField, CountField, Form, NorDateField
from app.invoicing import InvoicingError, money
from app.models import AddOnKind, PriceAudience

VAT_CHOICES = [SelectChoice(v, label) for v, label in [("E", _l("Fritatt for mva. (E)")), ("S", _l("Standard sats (S)")), ("Z", _l("Nullsats (Z)")),
               ("O", _l("Utenfor mva.-området (O)"))]]
AUDIENCES = [SelectChoice(v, label) for v, label in [(PriceAudience.EVERYONE.value, _l("Alle")), (PriceAudience.MEMBER.value, _l("Kommuner som er medlem")),
             (PriceAudience.NON_MEMBER.value, _l("Kommuner som ikke er medlem"))]]
KINDS = [SelectChoice(v, label) for v, label in [(AddOnKind.DINNER.value, _l("Middag")), (AddOnKind.HOTEL_NIGHT.value, _l("Hotellnatt")),
         (AddOnKind.EXCURSION.value, _l("Utflukt")), (AddOnKind.OTHER.value, _l("Annet"))]]


def _kroner(_form, field) -> None:
    try:
        field.ore = money.parse_kroner(field.data or "")
    except InvoicingError as error:
        raise ValidationError(" ".join(error.problems)) from None


class VatFields(Form):
    vat_category = ChoiceField(_l("Momskategori"), choices=VAT_CHOICES, default="E")
    vat_rate = StringField(_l("Momssats (prosent)"), default="0", render_kw={"inputmode": "decimal"})
    exemption_reason = StringField(_l("Fritaksgrunn (for E)"), validators=[Length(max=200)],
                                   render_kw={"placeholder": "Unntatt etter merverdiavgiftsloven § 3-5"})

    def validate_vat_rate(self, field) -> None:
        try:
            field.rate = money.as_rate(field.data or "0")
        except InvoicingError as error:
            raise ValidationError(" ".join(error.problems)) from None
        category = self.vat_category.data
        if category == "S" and field.rate <= 0:
            raise ValidationError(_l("Standard sats (S) må ha en momssats over null, for eksempel 25 eller 12."))
        if category != "S" and field.rate != 0:
            raise ValidationError(_l("Nullsats, fritak og utenfor mva.-området har sats 0."))

    def validate_exemption_reason(self, field) -> None:
        if self.vat_category.data == "E" and not (field.data or "").strip():
            raise ValidationError(_l("Skriv fritaksgrunnen, for eksempel «Unntatt etter merverdiavgiftsloven § 3-5»."))

    def vat_values(self) -> dict:
        rate = getattr(self.vat_rate, "rate", Decimal(0))
        return {"vat_category": self.vat_category.data, "vat_rate_bp": int(rate * 100),
                "exemption_reason": (self.exemption_reason.data or "").strip() if self.vat_category.data == "E" else ""}


class PriceCategoryForm(VatFields):
    id = HiddenField()
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv et navn, for eksempel Medlemspris.")),
                                               Length(max=120)])
    amount = StringField(_l("Pris uten mva. (kroner)"), validators=[_kroner], render_kw={"inputmode": "decimal"})
    audience = ChoiceField(_l("Gjelder for"), choices=AUDIENCES, default=PriceAudience.EVERYONE.value)
    valid_until = NorDateField(_l("Tidligpris til og med"), validators=[Optional()])
    day = NorDateField(_l("Bare én dag (hvilken)"), validators=[Optional()])
    access_code = StringField(_l("Kode (for gratis- og gjestepriser)"), validators=[Length(max=64)],
                              render_kw={"autocomplete": "off"})
    position = CountField(_l("Rekkefølge"))

    def values(self) -> dict:
        return {"name": self.name.data.strip(), "amount_ore": self.amount.ore, "audience": PriceAudience(self.audience.data),
                "valid_until": self.valid_until.data, "day": self.day.data,
                "access_code": (self.access_code.data or "").strip(), "position": self.position.data or 0,
                **self.vat_values()}


class AddOnForm(VatFields):
    id = HiddenField()
    name = StringField(_l("Navn"), validators=[DataRequired(_l("Skriv et navn, for eksempel Konferansemiddag.")),
                                               Length(max=120)])
    kind = ChoiceField(_l("Slags"), choices=KINDS, default=AddOnKind.DINNER.value)
    unit_price = StringField(_l("Pris uten mva. (kroner)"), validators=[_kroner], render_kw={"inputmode": "decimal"})
    quota = CountField(_l("Antall plasser"))
    night = NorDateField(_l("Natt til (for hotell: datoen for kvelden)"), validators=[Optional()])
    position = CountField(_l("Rekkefølge"))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.kind.data == AddOnKind.HOTEL_NIGHT.value and self.night.data is None and not self.night.errors:
            self.night.errors = [*self.night.errors, str(_l("En hotellnatt må ha datoen for natten."))]
            ok = False
        return ok

    def values(self) -> dict:
        return {"name": self.name.data.strip(), "kind": AddOnKind(self.kind.data), "unit_price_ore": self.unit_price.ore,
                "quota": self.quota.data, "night": self.night.data, "position": self.position.data or 0,
                **self.vat_values()}


class TermsForm(Form):
    free_cancellation_until = NorDateField(_l("Gratis avbestilling til og med"), validators=[Optional()])
    cancellation_share_percent = CountField(_l("Deretter andel av avgiften (prosent)"),
                                            validators=[NumberRange(max=100, message=_l("Skriv en prosent fra 0 til 100."))])


class ToggleForm(Form):
    id = HiddenField()
    active = BooleanField()


class KommuneAddressForm(Form):
    """A kommune's invoice address on /admin/members (checked by app.invoicing.members)."""

    kommune = HiddenField()
    street = StringField(_l("Gateadresse eller postboks"), validators=[Optional(), Length(max=160)],
                         render_kw={"autocomplete": "off"})
    postcode = StringField(_l("Postnummer"), validators=[Optional(), Length(max=8)],
                           render_kw={"inputmode": "numeric", "autocomplete": "off"})
    city = StringField(_l("Poststed"), validators=[Optional(), Length(max=80)], render_kw={"autocomplete": "off"})

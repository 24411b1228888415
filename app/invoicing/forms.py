"""The invoicing pages' forms: the seller's details, the event's choice of when to invoice, sending an invoice,
the payments file, and marking a refund as paid back."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, IntegerField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.core.forms import EMAIL, REQUIRED, Form, NorDateField
from app.models import InvoicingMode


class SellerForm(Form):
    name = StringField(_l("Navn på selger"), validators=[DataRequired(REQUIRED), Length(max=160)])
    org_number = StringField(_l("Organisasjonsnummer"), validators=[DataRequired(REQUIRED)],
                             render_kw={"inputmode": "numeric", "autocomplete": "off"})
    foretaksregisteret = BooleanField(_l("Registrert i Foretaksregisteret"))
    mva_registered = BooleanField(_l("Registrert i Merverdiavgiftsregisteret (MVA)"))
    street = StringField(_l("Adresse"), validators=[DataRequired(REQUIRED), Length(max=160)])
    postcode = StringField(_l("Postnummer"), validators=[DataRequired(REQUIRED)], render_kw={"inputmode": "numeric"})
    city = StringField(_l("Poststed"), validators=[DataRequired(REQUIRED), Length(max=80)])
    bank_account = StringField(_l("Kontonummer (11 sifre eller IBAN)"), validators=[DataRequired(REQUIRED)])
    payment_terms_days = IntegerField(_l("Betalingsfrist i dager"), default=30, validators=[
        DataRequired(REQUIRED), NumberRange(min=1, max=120, message=_l("Skriv et antall dager mellom 1 og 120."))])
    invoice_email = EmailField(_l("E-post for spørsmål om fakturaer"), validators=[
        DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False), Length(max=254)])
    kid_enabled = BooleanField(_l("KID på fakturaene (MOD10, 10 sifre)"), default=True)
    number_prefix = StringField(_l("Prefiks for fakturanummer"), validators=[Optional(), Length(max=12)])
    accounts = TextAreaField(_l("Kontoplan for regnskapseksporten"), validators=[Optional()])
    refund_account = StringField(_l("Konto for tilbakebetalinger i regnskapseksporten"), default="1500",
                                 validators=[Optional(), Length(max=10)], render_kw={"inputmode": "numeric"})

    FIELDS = ("name", "org_number", "foretaksregisteret", "mva_registered", "street", "postcode", "city",
              "bank_account", "payment_terms_days", "invoice_email", "kid_enabled", "number_prefix", "accounts",
              "refund_account")

    def values(self) -> dict:
        return {name: getattr(self, name).data if getattr(self, name).data is not None else "" for name in self.FIELDS}


class ModeForm(Form):
    mode = RadioField(_l("Når fakturaene lages"), choices=[
        SelectChoice(InvoicingMode.AT_REGISTRATION.value, _l("Ved påmelding: hver betaler får faktura med en gang")),
        SelectChoice(InvoicingMode.BATCH.value, _l("Samlet etter påmeldingsfristen: en arrangør lager fakturaene"))],
        validators=[DataRequired(_l("Velg når fakturaene lages."))])


class SendForm(Form):
    email = EmailField(_l("Send til e-post"), validators=[DataRequired(REQUIRED), Email(EMAIL, check_deliverability=False),
                                                          Length(max=254)])


class PaymentsForm(Form):
    file = FileField(_l("Betalingsfil (CSV)"), validators=[FileRequired(_l("Velg en fil å laste opp."))],
                     render_kw={"accept": ".csv,text/csv,text/plain"})


class RefundForm(Form):
    refunded_on = NorDateField(_l("Tilbakebetalt den"), validators=[InputRequired(_l("Skriv datoen pengene ble betalt tilbake."))])

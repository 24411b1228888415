"""Forms for registrations: the list's filters, editing a registration, sessions, and bulk e-mail."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, IntegerField, StringField, TelField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp
from wtforms.widgets import HiddenInput

from app.admin import labels
from app.admin.labels import DIET, PARTICIPANT_ROLE, YEARS_BAND
from app.core.forms import CheckboxesField, ChoiceField, Form, IdSelectField
from app.core.urls import is_row_id
from app.models import ParticipantRole, Registration, YearsBand
from app.registration.listing import PAGE_SIZES, Filters, Sort, StatusFilter
from app.registration.service import Applicant

REQUIRED = _l("Fyll ut feltet.")


class FilterForm(Form):
    """The list's search and filters (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Søk etter navn, e-post eller organisasjon"), validators=[Optional(), Length(max=100)])
    status = ChoiceField(_l("Status"), choices=[], default=StatusFilter.ACTIVE.value, validators=[Optional()])
    county = ChoiceField(_l("Fylke"), choices=[], validators=[Optional()])
    kommune = ChoiceField(_l("Kommune"), choices=[], validators=[Optional()])
    years = ChoiceField(_l("År som leder"), choices=[], validators=[Optional()])
    session = IdSelectField(_l("Programpost"), choices=[], validators=[Optional()])
    checked_in = ChoiceField(_l("Sjekket inn"), choices=[], validators=[Optional()])
    group = IntegerField(widget=HiddenInput(), validators=[Optional()])  # «Alle i gruppen» from a registration
    sort = ChoiceField(_l("Sorter etter"), choices=[], default=Sort.NAME.value, validators=[Optional()])
    per_page = ChoiceField(_l("Per side"), choices=[], default="50",
                           validators=[Optional()])

    def fill_choices(self, counties, kommuner, sessions) -> None:
        """Plain text labels (translated once here, not once per option and page view)."""
        words = labels.current()
        self.status.choices = [("active", _("Aktive (bekreftet og venteliste)")), ("confirmed", _("Bekreftet")),
                               ("waitlisted", _("Venteliste")), ("cancelled", _("Avmeldt")), ("all", _("Alle"))]
        self.county.choices = [("", _("Alle fylker"))] + counties
        self.kommune.choices = [("", _("Alle kommuner"))] + kommuner
        self.years.choices = [("", _("Alle"))] + [(b.value, words["YEARS_BAND"][b]) for b in YearsBand]
        self.session.choices = [("", _("Alle"))] + [(s.id, s.title) for s in sessions]
        self.checked_in.choices = [("", _("Alle")), ("yes", _("Sjekket inn")), ("no", _("Ikke sjekket inn"))]
        self.per_page.choices = [(str(n), str(n)) for n in PAGE_SIZES]
        self.sort.choices = [("name", _("Navn")), ("newest", _("Nyeste først")), ("organisation", _("Organisasjon"))]

    def filters(self) -> Filters:
        """The valid filters (an invalid value is ignored, never an error page)."""
        def ok(field) -> bool:
            return not field.errors and field.data not in (None, "")
        self.validate()
        return Filters(
            q=(self.q.data or "").strip() if not self.q.errors else "",
            status=StatusFilter(self.status.data) if ok(self.status) else StatusFilter.ACTIVE,
            kommune=self.kommune.data if ok(self.kommune) else "",
            county=self.county.data if ok(self.county) else "",
            years=YearsBand(self.years.data) if ok(self.years) else None,
            session_id=self.session.data if ok(self.session) else None,
            checked_in={"yes": True, "no": False}.get(self.checked_in.data) if ok(self.checked_in) else None,
            group_id=self.group.data if ok(self.group) and is_row_id(self.group.data) else None,
        )

    def sort_order(self) -> Sort:
        return Sort(self.sort.data) if not self.sort.errors and self.sort.data else Sort.NAME

    def page_size(self) -> int:
        return int(self.per_page.data) if not self.per_page.errors and self.per_page.data else 50


class ApplicantForm(Form):
    first_name = StringField(_l("Fornavn"), validators=[DataRequired(REQUIRED), Length(max=100)])
    last_name = StringField(_l("Etternavn"), validators=[DataRequired(REQUIRED), Length(max=100)])
    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), Email(_l("Skriv en gyldig e-postadresse.")),
                                                         Length(max=254)])
    phone = TelField(_l("Telefon"), validators=[Optional(), Length(max=40)])
    organisation = StringField(_l("Organisasjon"), validators=[Optional(), Length(max=160)])
    kommune = ChoiceField(_l("Kommune"), choices=[], validators=[Optional()], render_kw={"data-combobox": "kommune"})
    job_title = StringField(_l("Stilling"), validators=[Optional(), Length(max=120)])
    years_as_leader = ChoiceField(_l("År som kulturskoleleder"), choices=[], validators=[Optional()])
    role = ChoiceField(_l("Rolle på navneskiltet"), choices=[])
    invoice_org_number = StringField(_l("Organisasjonsnummer for faktura"), validators=[
        Optional(), Regexp(r"^\d{9}$", message=_l("Organisasjonsnummeret har ni sifre."))])
    invoice_reference = StringField(_l("Fakturareferanse"), validators=[Optional(), Length(max=100)])
    health_consent = BooleanField(_l("Deltakeren har samtykket til at vi lagrer kosthold og tilrettelegging"))
    diet = CheckboxesField(_l("Kosthold"), choices=[], validators=[Optional()])
    diet_other = StringField(_l("Annet om kosthold eller allergier"), validators=[Optional(), Length(max=200)])
    accessibility_needs = TextAreaField(_l("Tilrettelegging"), validators=[Optional(), Length(max=2000)])

    def fill_choices(self, kommuner, registration: Registration | None = None) -> None:
        self.kommune.choices = [("", _l("Ikke oppgitt"))] + [(k.number, k.label) for k in kommuner]
        self.years_as_leader.choices = [("", _l("Ikke oppgitt"))] + [(b.value, str(YEARS_BAND[b])) for b in YearsBand]
        self.role.choices = [(r.value, str(PARTICIPANT_ROLE[r])) for r in ParticipantRole]
        codes = dict((code, str(label)) for code, label in DIET.items())
        for code in registration.diet_codes if registration else []:
            codes.setdefault(code, code)
        self.diet.choices = list(codes.items())

    def load(self, registration: Registration) -> None:
        """Fill the form from a registration (on GET)."""
        for name in ("first_name", "last_name", "email", "phone", "organisation", "job_title", "invoice_org_number",
                     "invoice_reference", "diet_other", "accessibility_needs"):
            getattr(self, name).data = getattr(registration, name)
        self.kommune.data = registration.municipality_number or ""
        self.years_as_leader.data = registration.years_as_leader.value if registration.years_as_leader else ""
        self.role.data = registration.role.value
        self.health_consent.data = registration.health_consent_at is not None
        self.diet.data = registration.diet_codes

    def applicant(self) -> Applicant:
        return Applicant(
            first_name=self.first_name.data, last_name=self.last_name.data, email=self.email.data,
            organisation=self.organisation.data or "", municipality_number=self.kommune.data or None,
            job_title=self.job_title.data or "",
            years_as_leader=YearsBand(self.years_as_leader.data) if self.years_as_leader.data else None,
            phone=self.phone.data or "", invoice_org_number=self.invoice_org_number.data or "",
            invoice_reference=self.invoice_reference.data or "", health_consent=self.health_consent.data,
            diet=tuple(self.diet.data or ()), diet_other=self.diet_other.data or "",
            accessibility_needs=self.accessibility_needs.data or "", role=ParticipantRole(self.role.data))


class SessionsForm(Form):
    sessions = CheckboxesField(_l("Programposter med påmelding"), choices=[], coerce=int, validators=[Optional()])


class NewRegistrationForm(ApplicantForm):
    sessions = CheckboxesField(_l("Programposter med påmelding"), choices=[], coerce=int, validators=[Optional()])


class BulkMailForm(Form):
    subject = StringField(_l("Emne"), validators=[DataRequired(REQUIRED), Length(max=200)])
    body = TextAreaField(_l("Melding"), validators=[DataRequired(REQUIRED), Length(max=20000)],
                         render_kw={"rows": 12})
    batch = HiddenField()

"""The invitation form on /admin/reach/invite: who (a segment and its value) and to what (an event or a series).
The same fields are read from the query string for the preview (GET, no CSRF) and from the POST that sends."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional, ValidationError

from app.core import clock
from app.core.forms import Form
from app.core.labels import SCHOOL_SIZE
from app.extensions import db
from app.models import County
from app.reach import invitations
from app.reach.segments import SCHOOL_YEAR, Segment, SegmentKind
from app.series import service as series_service

SEGMENT_LABELS = {
    SegmentKind.NOT_REACHED: _l("Kommunen er ikke nådd i året eller skoleåret"),
    SegmentKind.NEW_LEADERS: _l("Nye ledere"),
    SegmentKind.COUNTY: _l("Et fylke"),
    SegmentKind.SCHOOL_SIZE: _l("En skolestørrelse"),
    SegmentKind.SERIES: _l("Medlemmer av et nettverk"),
}
NEW_LEADER_LABELS = {"lt1": _l("Mindre enn 1 år som leder"), "lt4": _l("Mindre enn 4 år som leder (under 1 år og 1–3 år)")}
_CHOOSE = _l("Velg et av alternativene.")


class InviteForm(Form):
    segment = RadioField(_l("Hvem"), choices=[SelectChoice(k.value, v) for k, v in SEGMENT_LABELS.items()],
                         validate_choice=False)
    year = IntegerField(_l("År"), invalid_value_message=_l("Skriv et år mellom 2000 og 2100."),
                        validators=[Optional(), NumberRange(2000, 2100, message=_l("Skriv et år mellom 2000 og 2100."))])
    school_year = BooleanField(_l("Skoleåret (august–juli) som begynner dette året, ikke kalenderåret"))
    band = SelectField(_l("Erfaring som leder"), choices=[SelectChoice(k, v) for k, v in NEW_LEADER_LABELS.items()],
                       validate_choice=False)
    county = SelectField(_l("Fylke"), validate_choice=False)
    school_size = SelectField(_l("Elever i kulturskolen"), choices=[SelectChoice(k.value, v) for k, v in SCHOOL_SIZE.items()], validate_choice=False)
    series = SelectField(_l("Nettverk"), validate_choice=False)
    target = SelectField(_l("Invitasjon til"), validate_choice=False)

    @classmethod
    def build(cls, **kwargs) -> InviteForm:
        form = cls(**kwargs)
        form.county.choices = [SelectChoice(n, name) for n, name in
                               db.session.execute(select(County.number, County.name).order_by(County.number))]
        form.series.choices = [SelectChoice(str(s.id), s.title) for s in series_service.every_series()]
        events, series = _("Arrangementer som kommer"), _("Nettverk")
        form.target.choices = [
            *(SelectChoice(f"event-{e.id}", f"{e.title} ({clock.date_label(e.starts_at)})", optgroup=events)
              for e in invitations.upcoming_events()),
            *(SelectChoice(f"series-{s.id}", s.title, optgroup=series) for s in invitations.public_series())]
        if not form.year.data:
            form.year.data = clock.oslo(clock.now()).year
        return form

    def validate_segment(self, field) -> None:
        if field.data not in {k.value for k in SegmentKind}:
            raise ValidationError(_("Velg hvem som skal inviteres."))

    def _check(self, field, values) -> None:
        if field.data not in {str(v) for v in values}:
            field.errors.append(str(_CHOOSE))

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        kind = self.segment.data
        if kind == SegmentKind.NOT_REACHED and self.year.data is None and not self.year.errors:
            self.year.errors.append(_("Skriv et år mellom 2000 og 2100."))
        checks = {SegmentKind.NEW_LEADERS: (self.band, NEW_LEADER_LABELS),
                  SegmentKind.COUNTY: (self.county, [c.value for c in self.county.choices]),
                  SegmentKind.SCHOOL_SIZE: (self.school_size, [k.value for k in SCHOOL_SIZE]),
                  SegmentKind.SERIES: (self.series, [s.value for s in self.series.choices])}
        if kind in checks:
            self._check(*checks[kind])
        if not self.target.data:
            self.target.errors.append(_("Velg et arrangement eller et nettverk."))
        return ok and not any(f.errors for f in self)

    def to_segment(self) -> Segment:
        kind = SegmentKind(self.segment.data)
        year = f"{self.year.data}{SCHOOL_YEAR if self.school_year.data else ''}"
        value = {SegmentKind.NOT_REACHED: year, SegmentKind.NEW_LEADERS: self.band.data,
                 SegmentKind.COUNTY: self.county.data, SegmentKind.SCHOOL_SIZE: self.school_size.data,
                 SegmentKind.SERIES: self.series.data}[kind]
        return Segment(kind, value)

    def label(self) -> str:
        """The segment in words (the preview's heading and the audit log)."""
        kind = SegmentKind(self.segment.data)
        names = {SegmentKind.NEW_LEADERS: self.band, SegmentKind.COUNTY: self.county,
                 SegmentKind.SCHOOL_SIZE: self.school_size, SegmentKind.SERIES: self.series}
        if kind == SegmentKind.NOT_REACHED:
            if self.school_year.data:
                return _("Kommunen er ikke nådd i skoleåret %(years)s",
                         years=f"{self.year.data}/{(self.year.data + 1) % 100:02d}")
            return _("Kommunen er ikke nådd i %(year)d", year=self.year.data)
        value = self.to_segment().value
        chosen = next((str(c.label) for c in names[kind].choices if c.value == value), "")
        return f"{SEGMENT_LABELS[kind]}: {chosen}"

    def args(self) -> dict[str, str]:
        """The choice as query-string values (the preview's URL after sending)."""
        return {f.name: str(f.data) for f in (self.segment, self.year, self.school_year, self.band, self.county,
                                              self.school_size, self.series, self.target)
                if f.data not in (None, "", False)}

"""The dashboard's charts: numbers from app.registration.stats drawn with app.charts.svg.

Each chart comes with the same numbers as rows for the table beside it (templates/charts/_chart.html).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from app.admin.labels import YEARS_BAND
from app.charts.svg import Datum, bar_chart, column_chart, percent, with_percentages
from app.core.clock import day_month, time_label
from app.models import Event
from app.registration import stats
from app.registration.choices import seat_words


@dataclass(frozen=True)
class Chart:
    svg: Markup
    rows: list[Datum]
    caption: str
    headers: tuple[str, ...]


def over_time(event: Event) -> Chart | None:
    buckets = stats.registrations_over_time(event)
    if not buckets:
        return None
    weekly = buckets[0].weekly
    rows = [Datum(_("uke %(n)s", n=b.start.isocalendar().week) if weekly else format_date(b.start, "d.M."), b.count,
                  format_date(b.start, "medium")) for b in buckets]
    caption = _("Påmeldinger per uke") if weekly else _("Påmeldinger per dag")
    svg = column_chart(rows, title=caption, description=_("%(n)d aktive påmeldinger i alt", n=sum(b.count for b in buckets)))
    return Chart(svg, rows, caption, (_("Uke") if weekly else _("Dag"), _("Antall"), _("Fra")))


def counties(event_id: int) -> Chart | None:
    data = stats.by_county(event_id)
    if not data:
        return None
    rows = with_percentages([(name or _("Ukjent kommune"), n) for name, n in data])
    caption = _("Påmeldinger per fylke")
    return Chart(bar_chart(rows, title=caption), rows, caption, (_("Fylke"), _("Antall"), _("Andel")))


def years(event_id: int) -> Chart | None:
    data = stats.by_years(event_id)
    if not any(n for _band, n in data):
        return None
    rows = with_percentages([(str(YEARS_BAND[band]) if band else _("Ikke oppgitt"), n) for band, n in data])
    caption = _("År som kulturskoleleder")
    return Chart(bar_chart(rows, title=caption), rows, caption, (_("År som leder"), _("Antall"), _("Andel")))


def seats(event: Event) -> Chart | None:
    data = stats.session_seats(event)
    if not data:
        return None
    rows = []
    for item in data:
        c = item.counts
        note = seat_words(c, "organiser")
        label = f"{time_label(item.session.starts_at)} {item.session.title}"
        rows.append(Datum(label, c.registered, note))
    caption = _("Plasser og venteliste per programpost")
    top = max((item.counts.capacity or 0) for item in data) or None
    return Chart(bar_chart(rows, title=caption, max_value=top), rows, caption,
                 (_("Programpost"), _("Påmeldt"), _("Plasser og venteliste")))


def arrivals(event: Event) -> tuple[stats.Arrivals, Chart | None] | None:
    data = stats.checkins(event)
    if data is None:
        return None
    if not data.per_hour:
        return data, None
    rows = [Datum(f"{day_month(moment)} {time_label(moment)}", n, percent(n, data.confirmed))
            for moment, n in data.per_hour]
    caption = _("Ankomster per time")
    return data, Chart(column_chart(rows, title=caption), rows, caption, (_("Time"), _("Sjekket inn"), _("Andel")))

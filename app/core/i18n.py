"""Language choice (bokmål by default, English second) and time formatting in Europe/Oslo."""
from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app, g, request
from flask_babel import format_date, format_datetime, get_locale

from app.core.clock import OSLO

LANG_COOKIE = "lang"


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    choice = getattr(g, "lang_override", None) or request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return choice if choice in supported else current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


# English as it is written in Europe (day before month), not Babel's American "en" default.
_ENGLISH = {"full": "EEEE d MMMM yyyy", "long": "d MMMM yyyy"}


def _date(moment: datetime, width: str) -> str:
    return format_date(moment, width if str(get_locale()) == "nb" else _ENGLISH[width])


def day_label(moment: datetime) -> str:
    """'torsdag 15. april 2027' / 'Thursday 15 April 2027'."""
    return _date(moment, "full")


def date_label(moment: datetime) -> str:
    """'15. april 2027' / '15 April 2027'."""
    return _date(moment, "long")


def short_date(moment: datetime) -> str:
    """dd.mm.yyyy in Oslo time — the Norwegian everyday form."""
    return format_datetime(moment, "dd.MM.yyyy")


def time_label(moment: datetime) -> str:
    """'09:00' in Oslo time (the same in both languages; no Babel call on this hot path)."""
    return moment.astimezone(OSLO).strftime("%H:%M")


def datetime_label(moment: datetime) -> str:
    return format_datetime(moment, "d. MMMM yyyy 'kl.' HH:mm") if str(get_locale()) == "nb" else format_datetime(moment, "d MMMM yyyy, HH:mm")


def date_range_label(start: datetime, end: datetime) -> str:
    """'14.–15. april 2027' style, or one date when the event is one day (in Oslo time)."""
    same_day = format_datetime(start, "yyyyMMdd") == format_datetime(end, "yyyyMMdd")
    if same_day:
        return date_label(start)
    if str(get_locale()) == "nb":
        if format_datetime(start, "yyyyMM") == format_datetime(end, "yyyyMM"):
            return f"{format_datetime(start, 'd.')}–{format_date(end, 'long')}"
        return f"{format_datetime(start, 'd. MMMM')} – {format_date(end, 'long')}"
    if format_datetime(start, "yyyyMM") == format_datetime(end, "yyyyMM"):
        return f"{format_datetime(start, 'd')}–{date_label(end)}"
    return f"{date_label(start)} – {date_label(end)}"


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        day_label=day_label,
        date_label=date_label,
        short_date=short_date,
        time_label=time_label,
        datetime_label=datetime_label,
    )
    app.jinja_env.globals.update(date_range_label=date_range_label, current_locale=lambda: str(get_locale()))

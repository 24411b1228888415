"""Reading feeds the way calendar apps do: with icalendar and, independently, with vobject."""
from __future__ import annotations

import icalendar
import vobject


def parse_both(data: bytes):
    """Parse with both libraries; returns (icalendar.Calendar, vobject component)."""
    cal = icalendar.Calendar.from_ical(data)
    vcal = vobject.readOne(data.decode("utf-8"))
    assert cal.name == "VCALENDAR" and vcal.name == "VCALENDAR"
    return cal, vcal


def vevents(cal) -> dict[str, icalendar.Event]:
    events = list(cal.walk("VEVENT"))
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events), "UIDs must be unique"
    return by_uid


def vobject_vevents(vcal) -> dict[str, object]:
    events = list(getattr(vcal, "vevent_list", []))
    by_uid = {e.uid.value: e for e in events}
    assert len(by_uid) == len(events)
    return by_uid


def lines(data: bytes) -> list[bytes]:
    """The physical lines (CRLF-separated), checked for RFC 5545's folding rules."""
    assert data.endswith(b"\r\n")
    out = data[:-2].split(b"\r\n")
    for line in out:
        assert b"\n" not in line and b"\r" not in line
        assert line, "no blank lines anywhere"
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
    return out


def unfolded(data: bytes) -> list[str]:
    """Content lines with the folds undone."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]

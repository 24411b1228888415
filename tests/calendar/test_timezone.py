"""One VTIMEZONE for Europe/Oslo, right in every year: every session's UTC start computed from
the files themselves (vobject, and icalendar building the zone from our VTIMEZONE, not from its
own tz database), in one process across feeds of different years, against zoneinfo."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject

from app.calendar import attachments
from app.calendar.tokens import speaker_feed_url
from app.core.transaction import transaction
from app.extensions import db
from app.models import Registration, SessionKind
from app.registration import links, service
from tests.calendar.ics import vevents
from tests.factories import applicant

OSLO = ZoneInfo("Europe/Oslo")

# UTC starts around the changes of 2026 and 2027 (the Oslo wall-clock time in the comment).
STARTS_2026 = [
    datetime(2026, 3, 28, 9, 0, tzinfo=UTC),    # Sat 10:00 CET
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),   # Sun 01:30 CET, half an hour before the change
    datetime(2026, 3, 29, 1, 30, tzinfo=UTC),   # Sun 03:30 CEST, half an hour after it
    datetime(2026, 6, 10, 8, 0, tzinfo=UTC),    # 10:00 CEST
    datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # Sun 25th 00:30 CEST
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # Sun 02:30 CEST (the first 02:30 of the night)
    datetime(2026, 10, 25, 2, 30, tzinfo=UTC),  # Sun 03:30 CET
    datetime(2026, 10, 25, 11, 0, tzinfo=UTC),  # Sun 12:00 CET
]
STARTS_2027 = [
    datetime(2027, 3, 27, 1, 30, tzinfo=UTC),   # Sat 02:30 CET, the day before the change
    datetime(2027, 3, 28, 0, 30, tzinfo=UTC),   # Sun 01:30 CET
    datetime(2027, 3, 28, 1, 30, tzinfo=UTC),   # Sun 03:30 CEST
    datetime(2027, 4, 14, 8, 0, tzinfo=UTC),    # 10:00 CEST
    datetime(2027, 10, 31, 0, 30, tzinfo=UTC),  # Sun 02:30 CEST (the first 02:30)
    datetime(2027, 10, 31, 2, 30, tzinfo=UTC),  # Sun 03:30 CET
]


@pytest.fixture
def two_years(app, make, frozen_now):
    """A 2026 and a 2027 event (a plenary at each moment above, one workshop each), one speaker in
    every session, a registration for each event."""
    frozen_now(datetime(2026, 1, 10, 12, 0, tzinfo=UTC))
    speaker = make.speaker(name="Áile Ŋuolláš")
    sessions, registrations = {}, {}
    for year, starts in ((2026, STARTS_2026), (2027, STARTS_2027)):
        event = make.event(slug=f"tid-{year}", title=f"Samling {year}", starts_at=starts[0],
                           ends_at=starts[-1] + timedelta(hours=2))
        made = []
        for n, start in enumerate(starts):
            kind = SessionKind.WORKSHOP if n == 1 else SessionKind.PLENARY
            made.append(make.session(event, title=f"Økt {year}-{n}", kind=kind, capacity=10 if n == 1 else None,
                                     starts_at=start, ends_at=start + timedelta(minutes=30), speakers=[speaker]))
            sessions[f"session-{made[-1].id}@samling.test"] = start
        with app.app_context():
            with transaction():
                reg = service.register(event.id, applicant(year), [made[1].id])
            registrations[year] = (reg.id, links.feed_token(reg))
        first = made[0].id
    return {"speaker": speaker, "sessions": sessions, "registrations": registrations, "first_2027": first}


def _vtimezone(data: bytes) -> bytes:
    (block,) = re.findall(rb"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", data, flags=re.S)
    return block


def _feeds(client, app, two_years) -> list[tuple[str, bytes]]:
    """Every kind of calendar we make, 2026 before 2027 (the order that confused vobject)."""
    regs = two_years["registrations"]
    with app.app_context():
        with transaction():
            speaker_url = speaker_feed_url(db.session.merge(two_years["speaker"]))
        attachment = attachments.program_attachment(db.session.get(Registration, regs[2026][0])).data
    session_id = two_years["first_2027"]
    urls = [
        ("2026 event feed", "/events/tid-2026/calendar.ics"),
        ("2027 event feed", "/events/tid-2027/calendar.ics"),
        ("speaker feed, 2026 and 2027", speaker_url.removeprefix("http://samling.test")),
        ("one 2027 session", f"/events/tid-2027/sessions/{session_id}.ics"),
        ("2027 participant feed", f"/calendar/{regs[2027][1]}.ics"),
    ]
    feeds = []
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 200, (name, response.data)
        feeds.append((name, response.data))
    feeds.insert(1, ("2026 e-mail attachment", attachment))
    return feeds


def test_every_session_starts_at_its_utc_time_in_every_feed_read_by_two_parsers(client, app, two_years):
    getattr(vobject.icalendar, "__tzidMap").pop("Europe/Oslo", None)  # vobject keeps the first zone it reads
    expected = two_years["sessions"]
    feeds = _feeds(client, app, two_years)
    checked = set()
    for name, data in feeds:
        cal = icalendar.Calendar.from_ical(data)
        # icalendar's own zone from our VTIMEZONE (lookup_tzid=False: not its tz database).
        (component,) = cal.walk("VTIMEZONE")
        ours = component.to_tz(lookup_tzid=False)
        by_vobject = {e.uid.value: e.dtstart.value for e in vobject.readOne(data.decode()).vevent_list}
        for uid, event in vevents(cal).items():
            stored = expected[uid]
            local = stored.astimezone(OSLO)  # zoneinfo's Oslo time for what is stored
            assert f"DTSTART;TZID=Europe/Oslo:{local:%Y%m%dT%H%M%S}" in data.decode().replace("\r\n ", ""), (name, uid)
            wall = event.decoded("DTSTART").replace(tzinfo=None)
            assert wall.replace(tzinfo=ours).astimezone(UTC) == stored, (name, uid, wall)
            assert by_vobject[uid].astimezone(UTC) == stored, (name, uid, by_vobject[uid])
            assert by_vobject[uid].utcoffset() == local.utcoffset(), (name, uid)
            checked.add(uid)
    assert checked == set(expected)  # every session of both years was read somewhere
    # The same definition everywhere, in the standard form (local wall-clock DTSTART, yearly rules).
    blocks = {_vtimezone(data) for _name, data in feeds}
    assert len(blocks) == 1
    (block,) = blocks
    assert block.decode().split("\r\n") == [
        "BEGIN:VTIMEZONE", "TZID:Europe/Oslo", "X-LIC-LOCATION:Europe/Oslo",
        "BEGIN:DAYLIGHT", "TZNAME:CEST", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
        "DTSTART:19700329T020000", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZNAME:CET", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100",
        "DTSTART:19701025T030000", "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE", "",
    ]


def test_the_zone_we_write_agrees_with_zoneinfo_every_hour_of_the_change_days(two_years, client, app):
    data = client.get("/events/tid-2027/calendar.ics").data
    ours = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    for year in range(2024, 2036):
        for month in (3, 10):
            for day in range(25, 32):
                for minutes in range(0, 24 * 60, 30):
                    moment = datetime(year, month, day, tzinfo=UTC) + timedelta(minutes=minutes)
                    assert moment.astimezone(ours).utcoffset() == moment.astimezone(OSLO).utcoffset(), moment


ICALJS = Path("/tmp/icaljs/node_modules/ical.js/dist/ical.es5.cjs")
ICALJS_SCRIPT = """
const ICAL = require(process.argv[2]);
const fs = require("fs");
const out = [];
for (const file of process.argv.slice(3)) {  // one process, as Thunderbird: a later zone replaces an earlier
  const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    out.push([event.uid, event.startDate.toUnixTime()]);
  }
}
console.log(JSON.stringify(out));
"""


def _icaljs() -> Path:
    """ical.js (Thunderbird's parser) from npm into /tmp, never into the project; skip without it."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed: ical.js cannot run")
    if not ICALJS.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: ical.js cannot be fetched")
        try:
            subprocess.run([npm, "install", "--prefix", "/tmp/icaljs", "ical.js@2", "--no-audit", "--no-fund"],
                           check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            pytest.skip(f"ical.js could not be installed from npm (no network?): {exc}")
    return ICALJS


def test_icaljs_reads_every_session_at_its_utc_time(client, app, two_years, tmp_path):
    library = _icaljs()
    files = []
    for n, (_name, data) in enumerate(_feeds(client, app, two_years)):
        files.append(tmp_path / f"{n}.ics")
        files[-1].write_bytes(data)
    script = tmp_path / "read.js"
    script.write_text(ICALJS_SCRIPT)
    result = subprocess.run(["node", str(script), str(library), *map(str, files)], check=True,
                            capture_output=True, text=True, timeout=60)
    starts = json.loads(result.stdout)
    expected = two_years["sessions"]
    assert {uid for uid, _t in starts} == set(expected)
    skipped = set()
    for uid, unix in starts:
        local = expected[uid].astimezone(OSLO)
        if local.replace(fold=1).utcoffset() != local.utcoffset():
            # 02:30 on the night summer time ends happens twice: RFC 5545 means the first, and
            # vobject and icalendar agree (above); ical.js takes the second, whatever the VTIMEZONE.
            skipped.add(local)
            continue
        assert datetime.fromtimestamp(unix, UTC) == expected[uid], uid
    assert {f"{t:%Y-%m-%d %H:%M}" for t in skipped} == {"2026-10-25 02:30", "2027-10-31 02:30"}

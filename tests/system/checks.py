"""What must be true after the crash test (tests/system/test_processes.py): read from the database and
the SMTP server, held against what the clients were told (the Ledger). Each check returns its figures."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from sqlalchemy import text

from app.extensions import db
from app.registration import links
from tests.smtp import SmtpServer

MESSAGE_ID = re.compile(r"<outbox-(\d+)\.")


def rows(sql: str, **params) -> list:
    return db.session.execute(text(sql), params).all()


def positions_are_one_to_n(positions: list[int]) -> bool:
    return sorted(positions) == list(range(1, len(positions) + 1))


def registrations(world, ledger, seats: int) -> dict:
    """Every acknowledged registration and cancellation is stored; every registration is whole."""
    found = {r.email: r for r in rows(
        "SELECT id, email, status, waitlist_position, cancelled_at FROM registrations WHERE event_id = :e",
        e=world.rush_id)}
    for email in ledger.registered:
        assert email in found, f"acknowledged registration of {email} is missing"
    assert set(found) == ledger.registered, "a registration nobody was told about"
    by_status = defaultdict(list)
    for r in found.values():
        by_status[r.status].append(r)
        if r.status == "confirmed":
            assert r.waitlist_position is None and r.cancelled_at is None, r
        elif r.status == "waitlisted":
            assert r.waitlist_position is not None and r.cancelled_at is None, r
        else:
            assert r.status == "cancelled" and r.waitlist_position is None and r.cancelled_at is not None, r
    confirmed, waiting = len(by_status["confirmed"]), [r.waitlist_position for r in by_status["waitlisted"]]
    assert confirmed <= seats
    assert positions_are_one_to_n(waiting), sorted(waiting)
    assert not waiting or confirmed == seats, "a free seat while people wait"
    cancelled = {r.id for r in by_status["cancelled"]}
    assert {links.by_manage_token(t).id for t in ledger.cancelled} == cancelled
    return {"registrations": len(found), "confirmed": confirmed, "waitlisted": len(waiting),
            "cancelled": len(cancelled), "acknowledged": len(ledger.registered)}


def sessions(world, workshop_seats: int) -> dict:
    """Seats in each workshop never exceed its capacity; queues 1..n; choices follow the registration."""
    figures = {}
    for session_id in world.workshop_ids:
        choices = rows("SELECT c.status, c.waitlist_position, r.status AS registration FROM session_choices c "
                       "JOIN registrations r ON r.id = c.registration_id WHERE c.session_id = :s", s=session_id)
        for c in choices:
            assert c.registration != "cancelled", "a cancelled registration still holds a workshop choice"
            assert (c.status == "pending") == (c.registration == "waitlisted"), c
        seated = sum(c.status == "confirmed" for c in choices)
        queue = [c.waitlist_position for c in choices if c.status == "waitlisted"]
        assert seated <= workshop_seats
        assert positions_are_one_to_n(queue), sorted(queue)
        assert not queue or seated == workshop_seats, "a free workshop seat while people wait"
        figures[session_id] = (seated, len(queue))
    return {"workshop_seated_waiting": list(figures.values())}


def checkins(world, ledger) -> dict:
    """Every acknowledged scan is stored with its answer; each badge got one 'ok' and one check-in."""
    oks = Counter(code for result, code in ledger.scans.values() if result == "ok")
    assert set(oks) == set(world.door_codes) and set(oks.values()) == {1}, oks.most_common(3)
    others = Counter(result for result, _ in ledger.scans.values() if result != "ok")
    assert set(others) <= {"already_checked_in"}, others
    stored = {r.nonce: r for r in rows("SELECT nonce, result, checkin_id FROM scan_nonces WHERE event_id = :e",
                                       e=world.door_id)}
    for nonce, (result, _code) in ledger.scans.items():
        assert nonce in stored and stored[nonce].result == result, (nonce, result)
    per_badge = rows("SELECT registration_id, count(*) AS n, min(id) AS checkin_id FROM checkins WHERE event_id = :e "
                     "AND session_id IS NULL AND undone_at IS NULL GROUP BY registration_id", e=world.door_id)
    assert len(per_badge) == len(world.door_codes)
    assert {r.n for r in per_badge} == {1}, "a registration with two entrance check-ins"
    # The check-in each "ok" answer announced is the one stored for that badge.
    of_badge = {links.by_badge_code(code).id: code for code in world.door_codes}
    announced = {code: stored[nonce].checkin_id for nonce, (result, code) in ledger.scans.items() if result == "ok"}
    assert announced == {of_badge[r.registration_id]: r.checkin_id for r in per_badge}
    return {"scans_acknowledged": len(ledger.scans), "ok": sum(oks.values()), **dict(others),
            "checkins": len(per_badge)}


def received_ids(smtp: SmtpServer) -> Counter:
    """How often each outbox message was received, by its id (from the Message-ID)."""
    return Counter(int(MESSAGE_ID.search(m["Message-ID"]).group(1)) for m in smtp.messages)


def mail(smtp: SmtpServer, outbox_kills: int, poisoned: set[str]) -> dict:
    """Every queued message was delivered, or set aside because what it said no longer held (superseded), or
    (only those to a `poisoned` address, which the server cannot take) failed with its reason. A message is
    received twice, or received although set aside, only if the outbox worker lost its transaction between
    the SMTP server's acceptance and the commit that marks it sent: at most one per kill, and the repeat is
    the same message (same Message-ID, recipient and subject)."""
    queued = {r.id: r for r in rows("SELECT id, kind, to_address, status, reason, registration_id "
                                    "FROM outbox_messages")}
    by_status = defaultdict(set)
    for r in queued.values():
        by_status[r.status].add(r.id)
    assert set(by_status) <= {"sent", "superseded", "failed"}, set(by_status)
    assert {(queued[i].to_address, queued[i].reason) for i in by_status["failed"]} == {(p, "smtputf8")
                                                                                        for p in poisoned}
    assert {queued[i].reason for i in by_status["superseded"]} <= {"superseded"}
    received = received_ids(smtp)
    assert by_status["sent"] <= set(received), by_status["sent"] - set(received)
    assert set(received) <= by_status["sent"] | by_status["superseded"], set(received) - by_status["sent"]
    extra = {i: n for i, n in received.items() if n > 1 or i in by_status["superseded"]}
    assert sum(n - (i in by_status["sent"]) for i, n in extra.items()) <= outbox_kills, extra
    copies = defaultdict(set)
    for message in smtp.messages:
        number = int(MESSAGE_ID.search(message["Message-ID"]).group(1))
        assert message["To"] == queued[number].to_address
        copies[number].add((message["Message-ID"], message["Subject"], SmtpServer.text_of(message)))
    assert {len(c) for c in copies.values()} == {1}, "two different messages under one outbox id"
    return {"messages": len(queued), "received": sum(received.values()), "received_extra": extra,
            "superseded": len(by_status["superseded"]), "failed": len(by_status["failed"]),
            "by_kind": dict(Counter(r.kind for r in queued.values()))}


def superseded_no_longer_hold(world) -> dict:
    """A message set aside says what is no longer true: a confirmation of a registration cancelled since,
    a waiting-list place of one that has a seat or was cancelled since."""
    for r in rows("SELECT m.kind, r.status FROM outbox_messages m JOIN registrations r ON r.id = m.registration_id "
                  "WHERE m.status = 'superseded'"):
        assert (r.kind, r.status) in {("registration.confirmed", "cancelled"), ("registration.waitlisted", "confirmed"),
                                      ("registration.waitlisted", "cancelled"), ("registration.promoted", "cancelled"),
                                      ("registration.session_promoted", "cancelled"),
                                      ("registration.changed", "cancelled")}, r
    return {}


def burst(smtp: SmtpServer, event_id: int, people: int, poison: str) -> dict:
    """The burst's confirmations: all but the poison one delivered exactly once, the poison one failed (with
    its reason) and never received."""
    messages = rows("SELECT id, to_address, status, reason FROM outbox_messages WHERE event_id = :e", e=event_id)
    assert len(messages) == people
    failed = [(m.to_address, m.reason) for m in messages if m.status == "failed"]
    assert failed == [(poison, "smtputf8")], failed
    sent = {m.id for m in messages if m.status == "sent"}
    assert len(sent) == people - 1
    received = received_ids(smtp)
    assert {i: received[i] for i in sent} == dict.fromkeys(sent, 1), "a burst message not received exactly once"
    assert not ({m.id for m in messages} - sent) & set(received), "the poison message was received"
    return {"burst_sent_once": len(sent), "burst_failed": failed}


def mail_per_registration(world) -> dict:
    """Each registration got its confirmation or waiting-list e-mail once; each cancellation and each move
    up from the waiting list its own, once."""
    kinds = defaultdict(Counter)
    for r in rows("SELECT registration_id, kind FROM outbox_messages WHERE event_id = :e", e=world.rush_id):
        kinds[r.registration_id][r.kind] += 1
    for r in rows("SELECT id, status FROM registrations WHERE event_id = :e", e=world.rush_id):
        got = kinds[r.id]
        assert got["registration.confirmed"] + got["registration.waitlisted"] == 1, (r, got)
        assert got["registration.cancelled"] == (r.status == "cancelled"), (r, got)
        assert got["registration.promoted"] <= got["registration.waitlisted"], (r, got)
        if r.status == "confirmed":
            assert got["registration.promoted"] == got["registration.waitlisted"], (r, got)
    return {"promoted": sum(k["registration.promoted"] for k in kinds.values())}


def surveys(world, invited: list[int], finished_people: int) -> dict:
    invitations = rows("SELECT registration_id FROM survey_invitations")
    mails = rows("SELECT to_address FROM outbox_messages WHERE kind = 'survey.invitation'")
    assert sum(invited) == len(invitations) == finished_people, invited
    assert len({m.to_address for m in mails}) == len(mails) == finished_people
    return {"survey_runs_invited": invited}


def everything(world, ledger, smtp, invited, *, seats, workshop_seats, door_people,
               finished_people, outbox_kills, poisoned) -> dict:
    assert not ledger.unexpected, ledger.unexpected
    figures = registrations(world, ledger, seats)
    figures |= sessions(world, workshop_seats)
    figures |= checkins(world, ledger)
    figures |= mail(smtp, outbox_kills, poisoned)
    figures |= superseded_no_longer_hold(world)
    figures |= mail_per_registration(world)
    figures |= surveys(world, invited, finished_people)
    assert len(world.door_codes) == door_people
    return figures

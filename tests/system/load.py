"""The people hitting the deployment at once, each on its own thread and connection, recording exactly what
they were told: a registration rush through the real form, cancellations through the manage pages, door
scanners on the check-in API, and the crash that kills processes in the middle of it all."""
from __future__ import annotations

import json
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.factories import csrf_from
from tests.system.cluster import Client, Unanswered

ATTEMPTS = 5


@dataclass
class Ledger:
    """What the clients were told. Every acknowledged outcome must be true in the database afterwards."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    # E-mails told "check your e-mail" (the form's one answer, for a new address and a registered one alike,
    # so a retry after an unanswered attempt that went through is told the same)
    registered: set[str] = field(default_factory=set)
    cancelled: set[str] = field(default_factory=set)  # manage tokens acknowledged as cancelled
    scans: dict[str, tuple[str, str]] = field(default_factory=dict)  # nonce → (result, badge code)
    unanswered: Counter = field(default_factory=Counter)  # broken connections, by what was asked
    unexpected: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # the crash's log, with times

    def note(self, text: str) -> None:
        with self.lock:
            self.events.append(f"{time.monotonic():.2f} {text}")

    def odd(self, what: str, status: int, text: str) -> None:
        squeezed = " ".join(text.split())[:300]
        with self.lock:
            self.unexpected.append(f"{what}: {status} {squeezed}")

    def broken(self, what: str) -> None:
        with self.lock:
            self.unanswered[what] += 1


@dataclass(frozen=True)
class Person:
    n: int
    sessions: tuple[int, ...]
    address: str = ""  # instead of rush<n>@example.org

    @property
    def email(self) -> str:
        return self.address or f"rush{self.n}@example.org"

    def fields(self, csrf: str) -> list[tuple[str, str]]:
        return [("csrf_token", csrf), ("first_name", "Rush"), ("last_name", f"Deltaker {self.n}"),
                ("email", self.email), ("organisation", "Rushby kulturskole"), ("kommune", "0301"),
                ("job_title", "Rektor"), ("years_as_leader", "4-6"), ("privacy_accepted", "y"),
                *[("sessions", str(s)) for s in self.sessions]]


def register(client: Client, slug: str, person: Person, ledger: Ledger) -> bool:
    """Fill in and send the form; after a broken connection, try again as a person would."""
    for _ in range(ATTEMPTS):
        try:
            form = client.get(f"/events/{slug}/register")
            if form.status != 200:
                ledger.odd("registration form", form.status, form.text)
                return False
            answer = client.post_form(f"/events/{slug}/register", person.fields(csrf_from(form.text)))
        except Unanswered:
            ledger.broken("registration")
            time.sleep(0.2)
            continue
        if answer.status == 303 and answer.location == f"/events/{slug}/registered":
            with ledger.lock:
                ledger.registered.add(person.email)
            return True
        ledger.odd("registration", answer.status, answer.text)
        return False
    return False


def rush(base_url: str, slug: str, people: list[Person], ledger: Ledger, to_cancel: queue.Queue,
         cancel_every: int) -> None:
    client = Client(base_url)
    for person in people:
        if register(client, slug, person, ledger) and person.n % cancel_every == 0:
            to_cancel.put(person.email)
    client.close()


def cancel(base_url: str, emails: queue.Queue, ledger: Ledger, token_of: Callable[[str], str]) -> None:
    """Follow the e-mailed link (`token_of` the address) to the manage page's cancel step and confirm,
    until told to stop (None)."""
    client = Client(base_url)
    while (email := emails.get()) is not None:
        token = token_of(email)
        for _ in range(ATTEMPTS):
            try:
                page = client.get(f"/me/{token}/cancel")
                if page.status in (302, 303) and page.location == f"/me/{token}":
                    done = True  # already cancelled: the earlier, unanswered attempt went through
                else:
                    answer = client.post_form(f"/me/{token}/cancel", [("csrf_token", csrf_from(page.text))])
                    done = answer.status == 303 and answer.location == f"/me/{token}"
                    if not done:
                        ledger.odd("cancel", answer.status, answer.text)
            except Unanswered:
                ledger.broken("cancellation")
                time.sleep(0.2)
                continue
            if done:
                with ledger.lock:
                    ledger.cancelled.add(token)
            break
    client.close()


def scan_jobs(codes: list[str], base_url: str, rng: random.Random, second_doors: int,
              repeats: int) -> list[tuple[str, str]]:
    """Every badge once (half of them as the QR's URL, half as the printed code), some a second time at
    another door (a new nonce), and some scans sent twice with the same nonce (a retried request)."""
    jobs = [(f"{base_url}/b/{code}" if i % 2 else code, f"door-a-{i}") for i, code in enumerate(codes)]
    jobs += [(code, f"door-b-{i}") for i, code in enumerate(rng.sample(codes, second_doors))]
    jobs += rng.sample(jobs, repeats)
    rng.shuffle(jobs)
    return jobs


def door(base_url: str, slug: str, token: str, jobs: queue.Queue, ledger: Ledger) -> None:
    client = Client(base_url, {"Authorization": f"Bearer {token}"})
    while True:
        try:
            text, nonce = jobs.get_nowait()
        except queue.Empty:
            break
        body = json.dumps({"code": text, "session_id": None, "nonce": nonce}).encode()
        for _ in range(ATTEMPTS):
            try:
                answer = client.post_json(f"/api/v1/events/{slug}/checkins", body)
            except Unanswered:
                ledger.broken("scan")  # the scanner keeps the scan and sends it again, same nonce
                time.sleep(0.2)
                continue
            if answer.status != 200:
                ledger.odd("scan", answer.status, answer.text)
                break
            result = json.loads(answer.text)["result"]
            code = text.rsplit("/", 1)[-1]
            with ledger.lock:
                if nonce in ledger.scans and ledger.scans[nonce][0] != result:
                    ledger.unexpected.append(f"nonce {nonce}: {ledger.scans[nonce][0]} then {result}")
                ledger.scans[nonce] = (result, code)
            break
    client.close()

"""The three-month follow-up «Har dere møttes?»: sent once about 90 days after approval (by the CLI, safe when two
runs overlap), answered through the e-mailed link (the GET stores nothing; the POST with its CSRF token does),
and shown to the organiser only as counts from 5 answers."""
from __future__ import annotations

import html
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mentoring import followup, service
from app.models import MentoringFollowup, OutboxMessage
from tests.factories import csrf_from
from tests.mentoring.test_mentoring_page import _opt_in, _page, _people


def _approve(app, event) -> None:
    with app.app_context(), transaction():
        service.approve(event.id, 1, SYSTEM)


def _links(app) -> list[tuple[str, str]]:
    """(to, the question's path) of each follow-up e-mail, in order."""
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.body_text)
                                  .where(OutboxMessage.kind == "mentoring.followup").order_by(OutboxMessage.id)).all()
    return [(to, re.search(r"http://[^/\s]+(/mentoring/followup/\S+)\?svar=yes", text).group(1)) for to, text in rows]


def test_the_question_goes_once_about_ninety_days_after_approval_to_both(app, make, frozen_now):
    event, _ids = _people(app, make)
    start = clock.now()
    _approve(app, event)
    runner = app.test_cli_runner()
    frozen_now(start + timedelta(days=89, hours=23))
    assert runner.invoke(args=["mentoring", "send-followups"]).output == "queued 0 follow-up question(s)\n"
    frozen_now(start + timedelta(days=90, minutes=1))
    assert runner.invoke(args=["mentoring", "send-followups"]).output == "queued 4 follow-up question(s)\n"
    assert runner.invoke(args=["mentoring", "send-followups"]).output == "queued 0 follow-up question(s)\n"
    assert [to for to, _path in _links(app)] == ["anne@example.org", "máret@example.org", "bjørn@example.org",
                                                 "per@example.org"]
    with app.app_context():
        subject, text = db.session.execute(select(OutboxMessage.subject, OutboxMessage.body_text).where(
            OutboxMessage.kind == "mentoring.followup", OutboxMessage.to_address == "anne@example.org")).one()
    assert subject == "Har dere møttes? Et kort spørsmål om mentorordningen"
    assert "ble du koblet med Máret Erfaren i mentorordningen" in text
    assert "?svar=planned" in text and "?svar=no" in text


def test_the_link_opens_the_question_and_only_the_post_stores_the_answer(app, client, make, frozen_now):
    event, _ids = _people(app, make)
    start = clock.now()
    _approve(app, event)
    frozen_now(start + timedelta(days=91))
    with app.app_context(), transaction():
        followup.send_due()
    _to, path = _links(app)[0]
    page = client.get(f"{path}?svar=planned")
    assert page.status_code == 200
    body = html.unescape(page.get_data(as_text=True))
    assert re.search(r'<input[^>]*checked[^>]*value="planned"|<input[^>]*value="planned"[^>]*checked', body)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(MentoringFollowup.id))
                                 .where(MentoringFollowup.answer.is_not(None))) == 0
    assert client.post(path, data={"answer": "yes"}).status_code == 400  # no CSRF token
    token = csrf_from(body)
    bad = client.post(path, data={"csrf_token": token, "answer": "kanskje"})
    assert bad.status_code == 400 and "Velg et av svarene." in bad.get_data(as_text=True)
    ok = client.post(path, data={"csrf_token": token, "answer": "planned"})
    assert ok.status_code == 200 and "Takk for svaret!" in ok.get_data(as_text=True)
    with app.app_context():
        assert list(db.session.scalars(select(MentoringFollowup.answer).where(
            MentoringFollowup.answer.is_not(None)))) == ["planned"]
    assert client.get("/mentoring/followup/ACDEFGHJKMNPQRTWXY346793").status_code == 404


def test_the_organiser_sees_counts_only_from_five_answers(app, client, make, login, frozen_now):
    event = make.event(title="Lederkonferansen")
    mentors = [_opt_in(app, event, f"Mentor{i} Erfaren", "3401", "mentor") for i in range(3)]
    mentees = [_opt_in(app, event, f"Ny{i} Leder", "3405", "mentee") for i in range(3)]
    assert len(mentors) == len(mentees) == 3
    start = clock.now()
    _approve(app, event)
    frozen_now(start + timedelta(days=95))
    with app.app_context(), transaction():
        followup.send_due()
    paths = [p for _to, p in _links(app)]
    assert len(paths) == 6
    login(make.user().email)
    assert "Ingen spørsmål er sendt ennå." not in _page(client, event)
    answers = ["yes", "yes", "planned", "no", "yes"]
    for i, value in enumerate(answers):
        browser = app.test_client()
        token = csrf_from(browser.get(paths[i]).get_data(as_text=True))
        assert browser.post(paths[i], data={"csrf_token": token, "answer": value}).status_code == 200
        page = _page(client, event, capacity=2)
        if i < 4:
            assert f"For få svar til å vises ({i + 1} av 6 har svart; det trengs minst 5)." in page
            assert "<th scope=\"row\">Ja</th>" not in page
    page = _page(client, event, capacity=2)
    assert "For få svar" not in page
    assert re.search(r'<th scope="row">Ja</th><td>3</td>.*<th scope="row">Planlagt</th><td>1</td>.*'
                     r'<th scope="row">Nei</th><td>1</td>', page, re.S)
    assert "5 av 6 har svart." in page


def test_two_runs_at_the_same_moment_ask_each_pair_once(app, make, frozen_now):
    event, _ids = _people(app, make)
    start = clock.now()
    _approve(app, event)
    frozen_now(start + timedelta(days=90, hours=1))
    runs = 4
    gate = threading.Barrier(runs)

    def run(_i: int) -> int:
        with app.app_context():
            gate.wait()
            with transaction():
                sent = followup.send_due()
            db.session.remove()
            return sent

    with ThreadPoolExecutor(runs) as pool:
        sent = list(pool.map(run, range(runs)))
    assert sum(sent) == 4
    with app.app_context():
        assert db.session.scalar(select(db.func.count(MentoringFollowup.id))) == 4
        assert db.session.scalar(select(db.func.count(OutboxMessage.id))
                                 .where(OutboxMessage.kind == "mentoring.followup")) == 4

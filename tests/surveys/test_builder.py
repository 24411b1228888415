"""The survey builder: templates, questions and their order, preview; locked once answers exist."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import EventRole, EventStatus, QuestionKind, Survey, SurveyQuestion, UserRole
from app.surveys import answering, builder
from app.surveys.builder import QuestionInput
from app.surveys.errors import InvalidQuestion, LockedByAnswers
from tests.factories import csrf_from
from tests.surveys.helpers import seed_survey_templates


@pytest.fixture
def organiser(make, login):
    user = make.user(UserRole.ADMINISTRATOR)
    login(user.email)
    return user


def _csrf(client, url="/admin/surveys/"):
    return csrf_from(client.get(url).get_data(as_text=True))


def test_templates_give_a_conference_evaluation_and_the_leader_survey(app, make):
    event = make.event()
    with app.app_context():
        templates = seed_survey_templates()
        with transaction():
            leader = builder.create_survey(event.id, title="Lederundersøkelsen 2027",
                                           source_id=templates["lederundersokelsen"].id)
        assert leader.series_key == "lederundersokelsen" and not leader.is_template
        assert [q.key for q in leader.questions] == ["years_as_leader", "greatest_challenges", "leadership_themes",
                                                     "framework_themes"]
        first = leader.questions[0]
        assert first.is_breakdown and first.kind == QuestionKind.SINGLE
        assert [o.label for o in first.options] == ["Mindre enn 1 år", "1-3 år", "4-6 år", "7-10 år", "Mer enn 10 år"]
        framework = leader.questions[3]
        assert [o.label for o in framework.options][-1] == "Annet" and framework.other_option is not None
        assert "Møteplass for ferske rektorer" in [o.label for o in leader.questions[2].options]
        with transaction():
            standard = builder.create_survey(event.id, title="Evaluering",
                                             source_id=templates["konferanseevaluering"].id)
        kinds = [q.kind for q in standard.questions]
        assert {QuestionKind.SCALE, QuestionKind.RECOMMEND, QuestionKind.SESSIONS, QuestionKind.TEXT,
                QuestionKind.MULTI, QuestionKind.SINGLE} <= set(kinds)
        assert standard.questions[0].is_breakdown
        # A copy owns its questions: editing it leaves the template alone.
        with transaction():
            builder.update_question(standard.id, standard.questions[1].id, QuestionInput(
                QuestionKind.SCALE, "Alt i alt?", low_label="Dårlig", high_label="Bra"))
        original = db.session.get(Survey, templates["konferanseevaluering"].id)
        assert original.questions[1].text == "Hvor fornøyd er du med konferansen alt i alt?"
        assert standard.closes_at == builder.get_survey(standard.id).event.ends_at + builder.timedelta(days=14)
        assert standard.status.value == "draft"
        db.session.remove()


def test_question_rules(app, make):
    event = make.event()
    with app.app_context():
        with transaction():
            survey = builder.create_survey(event.id, title="Test")
        with pytest.raises(InvalidQuestion) as err:
            with transaction():
                builder.add_question(survey.id, QuestionInput(QuestionKind.SINGLE, "Ett?", options=["Bare ett"]))
        assert err.value.problem == "options_needed"
        with pytest.raises(InvalidQuestion) as err:
            with transaction():
                builder.add_question(survey.id, QuestionInput(QuestionKind.SCALE, "Skala?", is_breakdown=True))
        assert err.value.problem == "breakdown_kind"
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.SESSIONS, "Øktene?"))
        with pytest.raises(InvalidQuestion) as err:
            with transaction():
                builder.add_question(survey.id, QuestionInput(QuestionKind.SESSIONS, "Øktene igjen?"))
        assert err.value.problem == "one_sessions_block"
        with transaction():
            a = builder.add_question(survey.id, QuestionInput(QuestionKind.SINGLE, "A?", options=["x", "y"],
                                                              is_breakdown=True))
        with transaction():
            b = builder.add_question(survey.id, QuestionInput(QuestionKind.SINGLE, "B?", options=["x", "y"],
                                                              is_breakdown=True))
        assert (a.is_breakdown, b.is_breakdown) == (False, True)  # one breakdown question at a time
        db.session.remove()


def test_once_answers_exist_questions_can_be_reworded_but_not_removed_or_retyped(app, make):
    event = make.event()
    with app.app_context():
        with transaction():
            survey = builder.create_survey(event.id, title="Test")
        with transaction():
            choice = builder.add_question(survey.id, QuestionInput(QuestionKind.MULTI, "Tema?", options=["A", "B"],
                                                                   other_label="Annet"))
        with transaction():
            scale = builder.add_question(survey.id, QuestionInput(QuestionKind.SCALE, "Fornøyd?"))
        with transaction():
            extra = builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "Noe mer?"))
        with transaction():
            builder.delete_question(survey.id, extra.id)  # no answers yet: fine
        answering.record_responses(survey.id, [(answering.today(), answering.Cleaned([(scale.id, None, 4, None)]))])
        db.session.commit()
        assert builder.has_answers(survey.id)

        with transaction():
            builder.update_question(survey.id, choice.id, QuestionInput(
                QuestionKind.MULTI, "Hvilke tema?", options=["Tema A", "Tema B"], other_label="Noe annet",
                required=True))
        assert [(o.label, o.is_other) for o in choice.options] == [("Tema A", False), ("Tema B", False),
                                                                   ("Noe annet", True)]
        for change, what in [
            (QuestionInput(QuestionKind.SINGLE, "Tema?", options=["A", "B"], other_label="Annet"), "change_kind"),
            (QuestionInput(QuestionKind.MULTI, "Tema?", options=["A", "B", "C"], other_label="Annet"), "change_options"),
            (QuestionInput(QuestionKind.MULTI, "Tema?", options=["A"], other_label="Annet"), "change_options"),
            (QuestionInput(QuestionKind.MULTI, "Tema?", options=["A", "B"]), "change_options"),
        ]:
            with pytest.raises(LockedByAnswers) as err:
                with transaction():
                    builder.update_question(survey.id, choice.id, change)
            assert err.value.what == what
            db.session.rollback()
        with pytest.raises(LockedByAnswers) as err:
            with transaction():
                builder.delete_question(survey.id, scale.id)
        assert err.value.what == "remove_question"
        with pytest.raises(LockedByAnswers):
            with transaction():
                builder.delete_survey(survey.id)
        db.session.rollback()
        kept = db.session.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == survey.id)
                                  .order_by(SurveyQuestion.position)).all()
        assert [(q.text, q.kind) for q in kept] == [("Hvilke tema?", QuestionKind.MULTI),
                                                    ("Fornøyd?", QuestionKind.SCALE)]
        assert len(kept[0].options) == 3
        # New questions may still be added, and the order changed.
        with transaction():
            builder.add_question(survey.id, QuestionInput(QuestionKind.TEXT, "Ny?"))
        with transaction():
            builder.move_question(survey.id, kept[1].id, -1)
        assert [q.text for q in builder.get_survey(survey.id).questions] == ["Fornøyd?", "Hvilke tema?", "Ny?"]
        db.session.remove()


def test_organisers_only(app, client, make, login):
    event = make.event()
    with app.app_context():
        with transaction():
            survey_id = builder.create_survey(event.id, title="Test").id
        db.session.remove()
    for url in ("/admin/surveys/", f"/admin/surveys/{survey_id}", f"/admin/surveys/{survey_id}/results",
                f"/admin/surveys/{survey_id}/preview", f"/admin/surveys/{survey_id}/results.csv",
                f"/admin/events/{event.slug}/surveys"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    staff = make.user(EventRole.DOOR, events=[event])
    login(staff.email)
    assert client.get(f"/admin/surveys/{survey_id}/results").status_code == 403
    assert client.post(f"/admin/surveys/{survey_id}/questions", data={}).status_code in (400, 403)


def test_build_reorder_and_preview_through_the_pages(app, client, make, organiser):
    event = make.event(slug="regional-samling")
    with app.app_context():
        template_id = seed_survey_templates()["konferanseevaluering"].id
        db.session.remove()
    csrf = _csrf(client)
    page = client.get("/admin/events/regional-samling/surveys").get_data(as_text=True)
    assert f'<option selected value="{event.id}">' in page or f'value="{event.id}" selected' in page
    response = client.post("/admin/surveys/new", data={
        "csrf_token": csrf, "title": "Evaluering av samlingen", "event_id": event.id,
        "source": str(template_id)})
    assert response.status_code == 303
    survey_id = int(response.headers["Location"].rsplit("/", 1)[1])

    response = client.post(f"/admin/surveys/{survey_id}/questions", data={
        "csrf_token": csrf, "new-kind": "single", "new-text": "Kommer du igjen?", "new-required": "y",
        "new-options": "Ja\nNei\nVet ikke\n"})
    assert response.status_code == 303
    response = client.post(f"/admin/surveys/{survey_id}/questions", data={
        "csrf_token": csrf, "new-kind": "multi", "new-text": "Bare ett alternativ", "new-options": "Ja"})
    assert response.status_code == 400
    assert "Skriv minst to alternativer, ett per linje." in response.get_data(as_text=True)

    with app.app_context():
        survey = builder.get_survey(survey_id)
        texts = [q.text for q in survey.questions]
        new = survey.questions[-1]
        assert texts[-1] == "Kommer du igjen?" and new.required and [o.label for o in new.options] == [
            "Ja", "Nei", "Vet ikke"]
        new_id, count = new.id, len(texts)
        db.session.remove()
    for _ in range(count - 1):
        assert client.post(f"/admin/surveys/{survey_id}/questions/{new_id}/move",
                           data={"csrf_token": csrf, "direction": "up"}).status_code == 303
    client.post(f"/admin/surveys/{survey_id}/questions/{new_id}/move", data={"csrf_token": csrf, "direction": "up"})
    edit = client.get(f"/admin/surveys/{survey_id}").get_data(as_text=True)
    headings = re.findall(r'<h4>(\d+)\. ([^<]+)</h4>', edit)
    assert headings[0] == ("1", "Kommer du igjen?") and len(headings) == count

    preview = client.get(f"/admin/surveys/{survey_id}/preview")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Forhåndsvisning" in html
    assert "<legend class=\"question-title\"><span class=\"question-number\">1.</span> Kommer du igjen?</legend>" in html
    tried = client.post(f"/admin/surveys/{survey_id}/preview", data={"csrf_token": csrf})
    assert tried.status_code == 400
    assert "Velg et svar på dette spørsmålet." in tried.get_data(as_text=True)
    with app.app_context():
        assert not builder.has_answers(survey_id)
        db.session.remove()


def test_settings_are_saved_in_oslo_time_and_checked(app, client, make, organiser):
    event = make.event()
    with app.app_context():
        with transaction():
            survey_id = builder.create_survey(event.id, title="Test").id
        db.session.remove()
    csrf = _csrf(client)
    data = {"csrf_token": csrf, "title": "Evaluering", "intro": "Hei!", "status": "published",
            "audience": "confirmed", "send_delay_hours": "4", "reminder_delay_hours": "",
            "opens_at": "", "closes_at": "2030-05-01T12:00", "min_group_size": "2"}
    response = client.post(f"/admin/surveys/{survey_id}", data=data)
    assert response.status_code == 400
    assert "Skriv et tall fra 3 til 100." in response.get_data(as_text=True)
    data["min_group_size"] = "7"
    assert client.post(f"/admin/surveys/{survey_id}", data=data).status_code == 303
    with app.app_context():
        survey = builder.get_survey(survey_id)
        assert (survey.title, survey.send_delay_minutes, survey.reminder_delay_hours, survey.min_group_size) == (
            "Evaluering", 240, None, 7)
        assert survey.audience.value == "confirmed" and survey.is_published
        assert survey.closes_at.isoformat() == "2030-05-01T10:00:00+00:00"  # 12:00 in Oslo (summer time)
        db.session.remove()


def test_a_draft_event_gets_its_survey_prepared_before_it_is_published(client, make, organiser):
    make.event(slug="utkast-samling", title="Regional samling i utkast", status=EventStatus.DRAFT)
    page = client.get("/admin/events/utkast-samling/surveys")
    assert page.status_code == 200 and "Regional samling i utkast" in page.get_data(as_text=True)
    assert client.get("/admin/events/finnes-ikke/surveys").status_code == 404

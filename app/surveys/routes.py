"""Answering a survey: /survey/<token> (no sign-in; the link is the key, and it works once)."""
from __future__ import annotations

from flask import redirect, render_template, request, url_for

from app.core.transaction import transaction
from app.extensions import limiter
from app.surveys import answering, bp
from app.surveys.errors import AlreadyAnswered, InvalidAnswers, NotFound, SurveyClosed, SurveyNotOpen
from app.surveys.forms import problem_message

UNAVAILABLE = {NotFound: ("unknown", 404), AlreadyAnswered: ("answered", 410),
               SurveyClosed: ("closed", 410), SurveyNotOpen: ("not_open", 403)}


def _unavailable(error: Exception, survey=None):
    reason, status = UNAVAILABLE[type(error)]
    return render_template("surveys/unavailable.html", reason=reason, survey=survey), status


def form_problems(survey, problems: dict[int, str]) -> dict[int, str]:
    """Question id → the Norwegian message for it."""
    by_id = {q.id: q for q in survey.questions}
    return {qid: problem_message(by_id[qid], code) for qid, code in problems.items()}


@bp.get("/survey/<token>")
def answer(token: str):
    try:
        found = answering.ballot(token)
    except (NotFound, AlreadyAnswered, SurveyClosed, SurveyNotOpen) as error:
        invitation = answering.by_token(token)
        return _unavailable(error, invitation.survey if invitation else None)
    return render_template("surveys/answer.html", survey=found.survey, sessions=found.sessions,
                           values=request.form, problems={}, action=url_for("surveys.answer", token=token))


@bp.post("/survey/<token>")
@limiter.limit("30 per minute")
def submit(token: str):
    try:
        with transaction():
            survey_id = answering.submit(token, request.form.to_dict(flat=False))
    except InvalidAnswers as invalid:
        found = answering.ballot(token)
        return render_template("surveys/answer.html", survey=found.survey, sessions=found.sessions,
                               values=request.form, problems=form_problems(found.survey, invalid.problems),
                               action=url_for("surveys.answer", token=token)), 400
    except (NotFound, AlreadyAnswered, SurveyClosed, SurveyNotOpen) as error:
        invitation = answering.by_token(token)
        return _unavailable(error, invitation.survey if invitation else None)
    with transaction():  # its own: no result row shares a transaction with the invitation (app/models/surveys.py)
        answering.flush_pool(survey_id)
    return redirect(url_for("surveys.thanks", token=token), code=303)


@bp.get("/survey/<token>/takk")
def thanks(token: str):
    invitation = answering.by_token(token)
    if invitation is None:
        return _unavailable(NotFound(token))
    if not invitation.answered:
        return redirect(url_for("surveys.answer", token=token), code=303)
    return render_template("surveys/thanks.html", survey=invitation.survey)

"""/mentoring/followup/<token>: the three-month question «Har dere møttes?». The GET shows it (a link in the
e-mail may preselect an answer with ?svar=…); only the POST, with its CSRF token, stores the answer."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice
from wtforms.validators import AnyOf, DataRequired

from app.core.forms import Form
from app.core.transaction import transaction
from app.mentoring import bp, followup
from app.models import FollowupAnswer

ANSWERS = [(FollowupAnswer.YES.value, _l("Ja, vi har møttes")),
           (FollowupAnswer.PLANNED.value, _l("Nei, men vi har avtalt å møtes")),
           (FollowupAnswer.NO.value, _l("Nei"))]


class FollowupForm(Form):
    answer = RadioField(_l("Har dere møttes?"), choices=[SelectChoice(v, label) for v, label in ANSWERS], validate_choice=False, validators=[
        DataRequired(_l("Velg et av svarene.")), AnyOf([v for v, _label in ANSWERS], message=_l("Velg et av svarene."))])


def _load(token: str):
    found = followup.by_token(token)
    if found is None:
        abort(404)
    return found


@bp.get("/mentoring/followup/<token>", endpoint="followup")
def followup_page(token: str):
    row = _load(token)
    chosen = row.answer.value if row.answer else request.args.get("svar")
    form = FollowupForm(formdata=None, data={"answer": chosen if chosen in dict(ANSWERS) else None})
    return render_template("mentoring/followup.html", form=form, row=row, token=token)


@bp.post("/mentoring/followup/<token>")
def followup_answer(token: str):
    row = _load(token)
    form = FollowupForm()
    if not form.validate_on_submit():
        return render_template("mentoring/followup.html", form=form, row=row, token=token), 400
    with transaction():
        followup.answer(row, FollowupAnswer(form.answer.data))
    return render_template("mentoring/followup_thanks.html")

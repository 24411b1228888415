"""Min side (/me/): a leader's registrations across every event, reached through an e-mailed sign-in link.

Handlers parse, authorise (app.people.signin.person_required), call the service, render."""
from __future__ import annotations

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.audit.log import Actor
from app.calendar.tokens import assign_person_feed, person_feed_url
from app.core.downloads import file_response
from app.core.email_signin import LINK_LIMIT, LINK_PER_ADDRESS_LIMIT, REDEEM_LIMIT, address_key, link_problem
from app.core.forms import Form
from app.core.transaction import transaction
from app.core.urls import safe_next
from app.extensions import limiter
from app.mentoring import lunch
from app.mentoring import service as mentoring
from app.mentoring.themes import THEMES
from app.people import bp, forgetting, identity, minside, mydata, signin
from app.people.forms import ContactForm, SignInForm


@bp.route("/signin", methods=["GET", "POST"], endpoint="signin")
@limiter.limit(LINK_LIMIT, methods=["POST"])
@limiter.limit(LINK_PER_ADDRESS_LIMIT, methods=["POST"], key_func=address_key("person-link"))
def signin_form():
    form = SignInForm()
    if form.validate_on_submit():
        with transaction():
            signin.request_link(form.email.data)
        return render_template("people/link_sent.html", email=form.email.data, hours=signin.link_hours())
    return render_template("people/signin.html", form=form), 400 if request.method == "POST" else 200


@bp.get("/signin/<token>")
def redeem(token: str):
    try:
        signin.check(token)
    except signin.LinkError as err:
        return link_problem(err, "people.signin")
    return render_template("people/redeem.html", token=token)


@bp.post("/signin/<token>")
@limiter.limit(REDEEM_LIMIT)
def redeem_post(token: str):
    try:
        with transaction():
            signin.redeem(token)
    except signin.LinkError as err:
        return link_problem(err, "people.signin")
    flash(_("Du er logget inn på Min side."), "success")
    return redirect(safe_next(request.args.get("next"), url_for("people.home")), code=303)


def _mentoring_form(**kwargs):
    # Imported here: app.mentoring.forms builds on the registration form, which imports app.people.forms.
    from app.mentoring.forms import MentoringForm

    return MentoringForm(**kwargs)


def _home(mentoring_form=None, status: int = 200):
    person = signin.current_person()
    profile = mentoring.of_person(person.id)
    if mentoring_form is None:
        active = profile is not None and profile.withdrawn_at is None
        mentoring_form = _mentoring_form(formdata=None, data={
            "mentoring": profile.role.value, "mentoring_themes": profile.theme_codes, "mentoring_note": profile.note,
            "mentoring_consent": True} if active else {})
    return render_template("people/home.html", person=person, overview=minside.overview(person),
                           feed_url=person_feed_url(person), contact_form=ContactForm(
                               data={"contact_ok": person.contact_ok_at is not None}),
                           confirm_form=Form(), mentoring=profile, mentoring_form=mentoring_form,
                           mentoring_themes=THEMES, mentoring_lunch=lunch.slots_of(profile)), status


@bp.get("/")
@signin.person_required
def home():
    return _home()


@bp.post("/mentoring")
@signin.person_required
def set_mentoring():
    """Opt in, change the answer, or opt in again: stored for the person, so it holds at every event."""
    form = _mentoring_form()
    if not form.validate_on_submit():
        return _home(form, 400)
    person = signin.current_person()
    try:
        with transaction():
            mentoring.set_for_person(person, *form.mentoring_answer(), Actor("participant", person.full_name))
    except mentoring.Refused:
        form.mentoring.errors.append(_("Du er koblet med noen i mentorordningen og kan ikke bytte rolle nå. Meld "
                                       "deg av først, og meld deg på igjen med den nye rollen."))
        return _home(form, 400)
    flash(_("Svaret ditt om mentorordningen er lagret. Det gjelder alle arrangementene du er med på."), "success")
    return redirect(url_for("people.home", _anchor="mentoring"), code=303)


@bp.post("/mentoring/withdraw")
@signin.person_required
def withdraw_mentoring():
    if Form().validate_on_submit():
        person = signin.current_person()
        profile = mentoring.of_person(person.id)
        if profile is not None:
            with transaction():
                mentoring.withdraw_profile(profile, Actor("participant", person.full_name))
        flash(_("Du er meldt av mentorordningen. Vi gir arrangøren beskjed."), "success")
    return redirect(url_for("people.home", _anchor="mentoring"), code=303)


@bp.post("/signout")
def signout():
    with transaction():
        signin.sign_out()
    flash(_("Du er logget ut av Min side."), "success")
    return redirect(url_for("people.signin"), code=303)


@bp.post("/contact")
@signin.person_required
def contact():
    form = ContactForm()
    if form.validate_on_submit():
        with transaction():
            identity.set_contact_ok(signin.current_person(), bool(form.contact_ok.data))
        flash(_("Vi kan invitere deg til andre ledertilbud.") if form.contact_ok.data
              else _("Vi sender deg ikke invitasjoner til andre ledertilbud."), "success")
    return redirect(url_for("people.home", _anchor="samtykker"), code=303)


@bp.post("/calendar/reset")
@signin.person_required
def reset_feed():
    with transaction():
        assign_person_feed(signin.current_person())
    flash(_("Du har fått en ny kalenderlenke, og den gamle virker ikke lenger. Abonner på nytt, og fjern den "
            "gamle kalenderen fra kalenderappen din."), "success")
    return redirect(url_for("people.home", _anchor="kalender"), code=303)


@bp.get("/data.json")
@signin.person_required
def my_data():
    body = json.dumps(mydata.export(signin.current_person()), ensure_ascii=False, indent=2)
    return file_response(body, "application/json", "mine-data.json")


@bp.route("/forget", methods=["GET", "POST"])
@signin.person_required
def forget():
    form = Form()  # the button and its CSRF token
    if not form.validate_on_submit():
        return render_template("people/forget.html", form=form), 400 if request.method == "POST" else 200
    with transaction():
        forgetting.forget(signin.current_person())
        signin.sign_out()
    flash(_("Vi har glemt deg: profilen din er slettet, og påmeldingene er ikke lenger knyttet til deg."),
          "success")
    return redirect(url_for("public.index"), code=303)

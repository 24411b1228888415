"""Samling: the event system of Kulturskolerådet."""
from __future__ import annotations

import logging
import os
from typing import Any

from flask import Flask

from config import build_config


def create_app(env: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    from app.core.jsonio import JSONProvider
    from app.core.urls import RowIdConverter, SlugConverter

    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["int"] = RowIdConverter
    app.json = JSONProvider(app)
    app.config.update(build_config(env or os.environ.get("APP_ENV", "development"), app.instance_path))
    if overrides:
        app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXY_COUNT"]:
        from app.core.proxies import TrustedProxyFix

        app.wsgi_app = TrustedProxyFix(app.wsgi_app, app.config["PROXY_COUNT"], app.config["TRUSTED_PROXIES"])
    if not app.debug and not app.testing:
        app.logger.setLevel(logging.INFO)
    from app.core import log_masking

    log_masking.install(app)

    from app.core import database, errors, i18n, labels, security, templating
    from app.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    limiter.init_app(app)  # a route's own limit is counted when its view is called, after the (cheap) CSRF check
    csrf.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    with app.app_context():
        database.configure_engine(db.engine)

    i18n.init_app(app)
    labels.register(app)
    templating.init_app(app)
    from app.admin import workspace

    workspace.register(app)
    from app import peer_groups

    peer_groups.register(app)
    from app.auth.access import may, read_only

    app.jinja_env.globals["may"] = may  # {% if may(event, "edit") %}: pages show only what the user may do
    app.jinja_env.globals["read_only"] = read_only  # {% if read_only() %}: lesetilgang on an edit page
    security.init_app(app)
    errors.init_app(app)
    _install_listeners()
    _register_blueprints(app)
    _register_cli(app)
    return app


def _install_listeners() -> None:
    """The ORM listeners and the deferred e-mail renderers, once per process (each install is idempotent)."""
    from app.calendar import freshness, versions
    from app.core import transaction
    from app.mail import renderers
    from app.program import versioning
    from app.reach import invitations as reach_invitations
    from app.registration import notify
    from app.reminders import mail as reminder_mail
    from app.reminders.sending import RENDERER as REMINDER_RENDERER
    from app.resources import welcome
    from app.series import invitations as series_invitations

    transaction.install()
    versioning.install()
    freshness.install()
    versions.install()
    renderers.register(notify.RENDERER, notify.render)
    renderers.register(REMINDER_RENDERER, reminder_mail.render)
    renderers.register(welcome.RENDERER, welcome.render)
    renderers.register(series_invitations.INVITATION_RENDERER, series_invitations.render_invitation)
    renderers.register(reach_invitations.RENDERER, reach_invitations.render)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.api import bp as api_bp
    from app.auth import bp as auth_bp
    from app.badges import bp as badges_bp
    from app.badges.organiser import bp as badges_organiser_bp
    from app.calendar import bp as calendar_bp
    from app.certificates import bp as certificates_bp
    from app.certificates.organiser import bp as certificates_organiser_bp
    from app.checkin import bp as checkin_bp
    from app.checkin.organiser import bp as checkin_organiser_bp
    from app.invoicing.organiser import bp as invoicing_organiser_bp
    from app.invoicing.price_pages import bp as prices_organiser_bp
    from app.mail import bp as mail_bp
    from app.mentoring import bp as mentoring_bp
    from app.mentoring import organiser_bp as mentoring_organiser_bp
    from app.peer_groups import bp as peer_groups_organiser_bp
    from app.people import bp as people_bp
    from app.privacy import bp as privacy_bp
    from app.program.organiser import bp as program_organiser_bp
    from app.public import bp as public_bp
    from app.reach import bp as reach_bp
    from app.registration import bp as registration_bp
    from app.registration.organiser import bp as registration_organiser_bp
    from app.reminders.organiser import bp as reminders_organiser_bp
    from app.resources import bp as resources_bp
    from app.resources.organiser import bp as resources_organiser_bp
    from app.series import bp as series_bp
    from app.series import organiser_bp as series_organiser_bp
    from app.speakers import bp as speakers_bp
    from app.speakers.organiser import bp as speakers_organiser_bp
    from app.surveys import bp as surveys_bp
    from app.surveys.organiser import bp as surveys_organiser_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(speakers_bp)
    app.register_blueprint(people_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(mail_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(calendar_bp)
    app.register_blueprint(surveys_bp)
    app.register_blueprint(surveys_organiser_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(speakers_organiser_bp)
    app.register_blueprint(registration_organiser_bp)
    app.register_blueprint(program_organiser_bp)
    app.register_blueprint(prices_organiser_bp)
    app.register_blueprint(badges_bp)
    app.register_blueprint(badges_organiser_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(certificates_organiser_bp)
    app.register_blueprint(peer_groups_organiser_bp)
    app.register_blueprint(reminders_organiser_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(checkin_organiser_bp)
    app.register_blueprint(resources_bp)
    app.register_blueprint(resources_organiser_bp)
    app.register_blueprint(invoicing_organiser_bp)
    app.register_blueprint(series_bp)
    app.register_blueprint(reach_bp)
    app.register_blueprint(series_organiser_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(mentoring_organiser_bp)


def _register_cli(app: Flask) -> None:
    from app.cli import register

    register(app)

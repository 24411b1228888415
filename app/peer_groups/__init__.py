"""Peer groups (kollegagrupper, issue 19): groups of 5–8 participants of an event, formed by the engine in
app/mentoring/groups.py. The organiser's page under Påmeldinger (organiser.py), the rules (service.py), «fortsett
som nettverk» (network.py); the group on the badge (app/badges/service.py), on the manage page and under its
programme session (the `peer_group_of` and `peer_groups_by_session` template globals, below)."""
from flask import Blueprint, Flask

from app.admin.labels import globals_

bp = Blueprint("peer_groups_organiser", __name__, url_prefix="/admin/events/<slug:slug>/peer-groups")
bp.context_processor(globals_)


def register(app: Flask) -> None:
    from app.peer_groups import service

    app.jinja_env.globals.update(peer_group_of=service.published_group_of)


from app.peer_groups import organiser  # noqa: E402,F401

"""The public library: /ressurser with filters by theme and audience (a plain GET form), one page per resource,
and its file. A read of a page or a download of a file adds one to that resource's count; nothing about who."""
from __future__ import annotations

from flask import abort, render_template, request, url_for

from app.core.downloads import file_response
from app.core.markdown import render
from app.core.transaction import transaction
from app.mentoring.themes import THEMES
from app.models import ResourceAudience
from app.resources import bp, files, service


@bp.app_template_global("start_package_url")
def start_package_url() -> str:
    """The library filtered for new leaders: linked from a new leader's confirmation and the new-leaders series."""
    return url_for("resources.index", **{"for": ResourceAudience.NEW_LEADERS.value})


@bp.get("")
def index():
    theme = request.args.get("tema") if request.args.get("tema") in THEMES else None
    audience = request.args.get("for") if request.args.get("for") in set(ResourceAudience) else None
    return render_template("resources/index.html", resources=service.listing(theme, audience), theme=theme,
                           audience=audience)


@bp.get("/<slug>")
def page(slug: str):
    resource = service.by_slug(slug) or abort(404)
    if not resource.is_file:
        with transaction():
            service.count_download(resource.id)
    return render_template("resources/page.html", resource=resource, body=render(resource.body, page=True))


@bp.get("/<slug>/fil")
def download(slug: str):
    resource = service.by_slug(slug)
    if resource is None or not resource.is_file:
        abort(404)
    try:
        data = files.path_of(resource.stored_name).read_bytes()
    except FileNotFoundError:
        abort(404)
    with transaction():
        service.count_download(resource.id)
    name = f"{service.slug_of(resource.original_name.rsplit('.', 1)[0]) or resource.slug}.{resource.file_type.value}"
    return file_response(data, files.MIMETYPES[resource.file_type], name)

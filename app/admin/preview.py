"""The «Forhåndsvis» button of every Markdown field in the workspace: the sanitised HTML, nothing saved."""
from __future__ import annotations

from flask import request

from app.admin import bp
from app.auth.access import requires
from app.core import markdown


@bp.post("/preview")
@requires("edit", event=None)
def preview_text():
    """The sanitised HTML of a description or bio as typed, for the «Forhåndsvis» button (nothing is saved)."""
    return markdown.preview(request.form.get("text", ""))

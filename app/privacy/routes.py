"""The privacy notice: what is stored, why, who sees it, and when it is deleted."""
from __future__ import annotations

from flask import current_app, render_template

from app.privacy import bp


@bp.get("/privacy")
def notice():
    return render_template(
        "privacy/notice.html",
        health_days=current_app.config["HEALTH_DATA_RETENTION_DAYS"],
        retention_months=current_app.config["REGISTRATION_RETENTION_MONTHS"],
    )

"""The participant's kursbevis (/me/<token>/certificate.pdf) and its public verification page (/verify/<code>)."""
from __future__ import annotations

from flask import abort, render_template

from app.certificates import bp, service
from app.core.downloads import file_response
from app.registration import links


@bp.get("/me/<token>/certificate.pdf")
def my_certificate(token: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    certificate = service.of(registration)
    if certificate is None:
        return render_template("certificates/not_issued.html", registration=registration,
                               event=registration.event, token=token)
    if service.withdrawn(certificate):
        return render_template("certificates/withdrawn.html", registration=registration,
                               event=registration.event, token=token), 410
    return file_response(service.pdf(certificate), "application/pdf",
                         f"kursbevis-{registration.event.slug}.pdf", inline=True)


@bp.get("/verify/<code>")
def verify(code: str):
    certificate = service.by_code(code)
    if certificate is None:
        return render_template("certificates/unknown.html"), 404
    return render_template("certificates/verify.html", registration=certificate.registration,
                           event=certificate.event, withdrawn=service.withdrawn(certificate))


@bp.app_context_processor
def _certificate_globals() -> dict:
    """`has_certificate(registration)` for the manage page's download link."""
    return {"has_certificate": lambda registration: service.valid_of(registration) is not None}

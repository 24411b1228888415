"""Kursbevis (issue 18): certificates of attendance, issued in a batch by the organiser after the event.

The participant downloads hers from the manage link (/me/<token>/certificate.pdf) and Min side; the QR on it
opens /verify/<code>, which shows only name, event and dates."""
from flask import Blueprint

bp = Blueprint("certificates", __name__)

from app.certificates import routes  # noqa: E402,F401

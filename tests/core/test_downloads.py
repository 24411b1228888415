"""One response for every file the browser saves: exports, print sheets, badges, calendar files, my data."""
from __future__ import annotations

from app.core.downloads import file_response


def test_an_ascii_name_is_plain_and_nothing_is_cached(app):
    with app.test_request_context():
        response = file_response(b"x;y\n", "text/csv", "pameldinger-lederkonferansen-2027.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="pameldinger-lederkonferansen-2027.csv"'
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.mimetype == "text/csv" and response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_a_sami_name_keeps_its_letters_in_filename_star_beside_an_ascii_fallback(app):
    with app.test_request_context():
        response = file_response(b"%PDF", "application/pdf", "navneskilt-Áile Ŋuolja.pdf", inline=True)
    assert response.headers["Content-Disposition"] == (
        "inline; filename=\"navneskilt-_ile _uolja.pdf\"; filename*=UTF-8''navneskilt-%C3%81ile%20%C5%8Auolja.pdf")

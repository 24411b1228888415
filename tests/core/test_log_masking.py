"""Tokens that work as passwords (/me/…, /speaker/login/…, /survey/…, /calendar/….ics, /b/…) never reach
gunicorn's access log or the app's log in full; a short prefix stays for support."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from app.core.log_masking import KEPT, mask
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
MANAGE = "K7PQRTWXY34679ACDEFGHJKM"  # the shapes of the real tokens (app/core/tokens.py, token_urlsafe)
LINK = "u2Gm-Vx_9qLr0aZ4pT7sYwB1cD3eF5gH6iJ8kL0mN2o"
TOKENS = (MANAGE, LINK)
PATHS = (
    f"/me/{MANAGE}", f"/me/{MANAGE}/badge.pdf", f"/speaker/login/{LINK}", f"/survey/{MANAGE}",
    f"/calendar/{MANAGE}.ics", f"/b/{MANAGE}", f"/login?next=/me/{MANAGE}", f"/login?next=%2Fme%2F{MANAGE}",
)


def test_mask_keeps_a_prefix_and_the_rest_of_the_line():
    assert mask(f'"GET /me/{MANAGE}/badge.pdf HTTP/1.1" 200') == f'"GET /me/{MANAGE[:KEPT]}…/badge.pdf HTTP/1.1" 200'
    assert mask(f"/calendar/{MANAGE}.ics") == f"/calendar/{MANAGE[:KEPT]}….ics"
    assert mask("/events/lederkonferansen-2027/calendar.ics /me/signin /b/") == (
        "/events/lederkonferansen-2027/calendar.ics /me/signin /b/")


def test_gunicorn_access_log_masks_the_tokens(app, tmp_path):
    port = free_port()
    env = {**os.environ, "APP_ENV": "production", "SECRET_KEY": "s" * 64, "PROXY_COUNT": "0",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "BASE_URL": f"http://127.0.0.1:{port}",
           "RATELIMIT_ENABLED": "0", "UPLOAD_DIR": str(tmp_path), "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": "1", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        gunicorn = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py",
                                     "wsgi:app"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(port, gunicorn, log)
        for path in PATHS:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                             headers={"Referer": f"http://127.0.0.1:{port}/me/{MANAGE}"})
            try:
                urllib.request.urlopen(request, timeout=60).close()
            except urllib.error.HTTPError:
                pass  # unknown tokens are 404s: the log line is the point
        time.sleep(0.5)
    finally:
        gunicorn.terminate()
        gunicorn.wait(20)
    text = log.read_text()
    for token in TOKENS:
        assert token not in text, text[-3000:]
    assert f"/me/{MANAGE[:KEPT]}…/badge.pdf" in text and f"/speaker/login/{LINK[:KEPT]}…" in text
    assert text.count(f"/me/{MANAGE[:KEPT]}…") >= len(PATHS), "the referer is masked too"


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120  # a loaded machine boots a worker slowly
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not come up:\n" + log.read_text()[-3000:])


def test_the_apps_own_log_masks_the_tokens(app, caplog, monkeypatch):
    werkzeug = logging.getLogger("werkzeug")
    for logger in (app.logger, werkzeug):  # the migrations' logging.fileConfig disabled them in this process
        monkeypatch.setattr(logger, "disabled", False)
    with caplog.at_level(logging.INFO):
        app.logger.error("Unhandled error on %s %s", "GET", f"/speaker/login/{LINK}")
        werkzeug.info('127.0.0.1 - - "GET /survey/%s HTTP/1.1" 200 -', MANAGE)
    text = caplog.text
    assert LINK not in text and MANAGE not in text
    assert f"/speaker/login/{LINK[:KEPT]}…" in text and f"/survey/{MANAGE[:KEPT]}…" in text

"""Samling as it is deployed, on this machine: a fresh PostgreSQL database, gunicorn with its workers, the
outbox worker and `flask` commands as separate processes (docs/deploy.md); and a small HTTP client that
keeps its cookies like a browser and never follows redirects, so every answer can be checked."""
from __future__ import annotations

import http.client
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

from tests.pgdb import throwaway_database
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def create_database(base_url: str) -> tuple[str, callable]:
    """A new, empty database next to `base_url`'s; returns its URL and a function that drops it."""
    return throwaway_database(base_url, "samling_system")


class Deployment:
    """The processes of one deployment, all with the same production environment."""

    def __init__(self, database_url: str, logs: Path, smtp_port: int, workers: int = 4) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_hex(32)
        self.database_url = database_url
        self.logs = logs
        self.env = {
            **os.environ,
            "APP_ENV": "production", "SECRET_KEY": self.secret, "DATABASE_URL": database_url,
            "BASE_URL": self.base_url, "PROXY_COUNT": "0", "RATELIMIT_ENABLED": "0",
            "MAIL_SEND_INLINE": "0", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp_port),
            "UPLOAD_DIR": str(logs / "uploads"), "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers), "PYTHONUNBUFFERED": "1",
        }
        self.gunicorn: subprocess.Popen | None = None
        self.outbox: subprocess.Popen | None = None
        self._started: list[subprocess.Popen] = []

    # --- commands and processes ---------------------------------------------------------------

    def flask(self, *args: str, timeout: float = 120) -> str:
        """Run `flask <args>` to the end; its standard output."""
        done = subprocess.run([str(BIN / "flask"), "--app", "wsgi.py", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=timeout)
        assert done.returncode == 0, f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def spawn(self, name: str, *argv: str, env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")
        process = subprocess.Popen(argv, cwd=ROOT, env={**self.env, **(env or {})}, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        process.log = log
        self._started.append(process)
        return process

    def start_gunicorn(self) -> None:
        self.gunicorn = self.spawn("gunicorn", str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app")
        deadline = time.monotonic() + 180  # a loaded CI machine takes its time to boot four workers
        while time.monotonic() < deadline:
            if len(self.worker_pids()) == int(self.env["GUNICORN_WORKERS"]):
                try:
                    if Client(self.base_url).get("/healthz").status == 200:
                        return
                except Unanswered:
                    pass
            assert self.gunicorn.poll() is None, self.log_tail("gunicorn")
            time.sleep(0.2)
        raise AssertionError("gunicorn did not come up:\n" + self.log_tail("gunicorn"))

    OUTBOX_NAME = "samling-outbox"  # the outbox worker's application_name in pg_stat_activity

    def start_outbox(self) -> subprocess.Popen:
        self.outbox = self.spawn("outbox", str(BIN / "flask"), "--app", "wsgi.py", "outbox", "send", "--loop",
                                 "--interval", "0.2",
                                 env={"DATABASE_URL": f"{self.database_url}?application_name={self.OUTBOX_NAME}"})
        return self.outbox

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the master's children (read from /proc)."""
        master = self.gunicorn.pid
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                    children.append(int(entry.name))
        return sorted(children)

    @staticmethod
    def kill(process_or_pid: subprocess.Popen | int) -> None:
        pid = process_or_pid if isinstance(process_or_pid, int) else process_or_pid.pid
        os.kill(pid, signal.SIGKILL)
        if not isinstance(process_or_pid, int):
            process_or_pid.wait(timeout=10)

    def stop(self) -> None:
        """End every process this deployment started: gently, then for good."""
        for process in reversed(self._started):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self._started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            process.log.close()

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


# --- a browser without a browser ----------------------------------------------------------------

class Unanswered(Exception):
    """The connection broke before an answer came (e.g. the worker was killed): the outcome is unknown."""


@dataclass
class Response:
    status: int
    headers: Message
    text: str

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path


class Client:
    """One visitor: its own connection and cookies; redirects are returned, not followed."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.headers = headers or {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str | None = None) -> Response:
        headers = {**self.headers, "Accept-Language": "nb"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            raw = self.connection.getresponse()
            data = raw.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise Unanswered(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        for header in raw.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        if raw.will_close:
            self.close()
        return Response(raw.status, raw.headers, data.decode("utf-8", errors="replace"))

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: list[tuple[str, str]]) -> Response:
        return self.request("POST", path, urllib.parse.urlencode(fields).encode(),
                            "application/x-www-form-urlencoded")

    def post_json(self, path: str, body: bytes) -> Response:
        return self.request("POST", path, body, "application/json")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

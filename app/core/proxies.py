"""The client's address behind nginx: X-Forwarded-For/-Proto/-Host are believed only from a proxy we run.

PROXY_COUNT says how many proxies sit in front (1: nginx); TRUSTED_PROXIES which addresses they
connect from (nginx on the same host: 127.0.0.1, ::1). A request from anywhere else, e.g. straight to
gunicorn's port, keeps its own address, whatever X-Forwarded-For it sends, so a forged header cannot
give each guess at a password a new address and escape the sign-in limit.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from werkzeug.middleware.proxy_fix import ProxyFix


class TrustedProxyFix:
    def __init__(self, app: Callable, hops: int, trusted: Iterable[str]) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=hops, x_proto=hops, x_host=hops)
        self.trusted = frozenset(trusted)

    def __call__(self, environ: dict, start_response: Callable):
        if environ.get("REMOTE_ADDR") in self.trusted:
            return self.fixed(environ, start_response)
        return self.app(environ, start_response)

"""gunicorn settings for `gunicorn wsgi:app` (docs/deploy.md). Every value can be overridden on the command line.

gunicorn is reachable only through nginx (deploy/nginx/): nginx takes the slow clients, and the client
address the rate limits count comes from its X-Forwarded-For (PROXY_COUNT, TRUSTED_PROXIES in config.py)."""
import os

from gunicorn.glogging import Logger

from app.core.log_masking import mask

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


class MaskingLogger(Logger):
    """gunicorn's logger with the tokens that work as passwords masked in every access-log field (request
    line, path, query, referer, headers): the format string alone cannot do that."""

    def atoms(self, resp, req, environ, request_time):
        return {key: mask(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


logger_class = MaskingLogger

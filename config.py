"""Configuration from the environment (see CONTRACT.md, "Configuration").

`build_config(env, instance_path)` returns a plain dict so the app factory and the tests
share one way of reading settings.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not describe a configuration we can start with."""


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def _database_url(instance_path: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "samling.db")
    # Accept the short PostgreSQL forms and always use psycopg 3.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance_path: str, name: str) -> str:
    """A secret kept in the instance folder (created once, readable by its owner only), so that a
    restart of the development server keeps what it signed."""
    path = Path(instance_path) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip()


def _persisted_dev_secret(env: str, instance_path: str) -> str:
    if env == "testing":
        return "testing-token-secret"
    return _instance_secret(instance_path, "token-secret")


def build_config(env: str, instance_path: str) -> dict:
    env = (env or "development").strip().lower()
    if env not in {"development", "testing", "production"}:
        raise ConfigError(f"APP_ENV must be development, testing or production, not {env!r}")

    secret = os.environ.get("SECRET_KEY", "").strip()
    if env == "production" and not secret:
        raise ConfigError("SECRET_KEY must be set when APP_ENV=production; refusing to start.")

    token_secret = os.environ.get("TOKEN_SECRET", "").strip() or secret or _persisted_dev_secret(env, instance_path)
    if not secret and env == "development":
        # Kept in instance/secret_key, so restarting `make run` signs nobody out.
        secret = _instance_secret(instance_path, "secret_key")

    # In development the links in e-mails and feeds follow the port `make run` serves on (PORT).
    default_base = f"http://127.0.0.1:{_int('PORT', 5000)}" if env == "development" else "http://127.0.0.1:5000"
    base_url = (os.environ.get("BASE_URL", "").strip() or default_base).rstrip("/")
    secure_cookies = base_url.startswith("https://")

    cfg: dict = {
        "APP_ENV": env,
        "DEBUG": env == "development",
        "TESTING": env == "testing",
        "SECRET_KEY": secret or secrets.token_hex(32),
        "BASE_URL": base_url,
        # Derives the links in e-mails, feed URLs and badge codes (app/core/tokens.py). It must stay
        # the same across restarts, so development keeps one in the instance folder.
        "TOKEN_SECRET": token_secret,
        "PREFERRED_URL_SCHEME": "https" if secure_cookies else "http",
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLALCHEMY_TRACK_MODIFICATIONS": False,
        "SQLALCHEMY_RECORD_QUERIES": False,
        # Cookies: Secure exactly when BASE_URL is https (CONTRACT).
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": False,
        # Language and time.
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "LANGUAGES": ["nb", "en"],
        # E-mail (Flask-Mail).
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": _int("MAIL_PORT", 25),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", "0"),
        "MAIL_USE_SSL": _flag("MAIL_USE_SSL", "0"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Kulturskolerådet <noreply@kulturskoleradet.no>"
        ),
        "MAIL_SEND_INLINE": _flag("MAIL_SEND_INLINE", "1" if env == "development" else "0"),
        # Rate limits (Flask-Limiter).
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", "1"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STRATEGY": "moving-window",
        # How many reverse proxies sit in front (X-Forwarded-For/-Proto are trusted from that many hops),
        # and the addresses they connect from: from anywhere else the headers are ignored (app/core/proxies.py).
        "PROXY_COUNT": _int("PROXY_COUNT", 1 if env == "production" else 0),
        "TRUSTED_PROXIES": [a.strip() for a in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",")
                            if a.strip()],
        # Files.
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR") or str(Path(instance_path) / "uploads"),
        "MAX_CONTENT_LENGTH": 30 * 1024 * 1024,
        # Speakers' sign-in links and how long a signed-in speaker stays signed in.
        "SPEAKER_LINK_HOURS": _int("SPEAKER_LINK_HOURS", 24),  # a link the speaker asks for herself
        "SPEAKER_INVITATION_DAYS": _int("SPEAKER_INVITATION_DAYS", 7),  # an organiser's invitation
        "PERSON_LINK_HOURS": _int("PERSON_LINK_HOURS", 24),  # a link to Min side (app.people.signin)
        "PERMANENT_SESSION_LIFETIME": _int("SESSION_DAYS", 30) * 24 * 3600,
        # "Husk meg" for organisers and door staff: each sign-in's own token (app/auth/service.py).
        "REMEMBER_COOKIE_DURATION": timedelta(days=_int("SESSION_DAYS", 30)),
        # Privacy retention.
        "HEALTH_DATA_RETENTION_DAYS": _int("HEALTH_DATA_RETENTION_DAYS", 14),
        "REGISTRATION_RETENTION_MONTHS": _int("REGISTRATION_RETENTION_MONTHS", 24),
    }
    if env == "testing":
        # Tests pass their own database URL to create_app(); this is only the fallback.
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        cfg["MAIL_SEND_INLINE"] = False
        cfg["MAIL_SUPPRESS_SEND"] = False  # tests send to a real SMTP server (aiosmtpd)
        cfg["RATELIMIT_STORAGE_URI"] = "memory://"
        cfg["SQLALCHEMY_RECORD_QUERIES"] = True
    return cfg

import pytest

from app import create_app
from config import ConfigError, build_config


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("production")


def test_production_with_secret_key_and_https_has_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("BASE_URL", "https://samling.kulturskoleradet.no/")
    cfg = build_config("production", str(tmp_path))
    assert cfg["DEBUG"] is False
    assert cfg["SESSION_COOKIE_SECURE"] is True and cfg["SESSION_COOKIE_HTTPONLY"] is True
    assert cfg["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert cfg["BASE_URL"] == "https://samling.kulturskoleradet.no"


def test_defaults_follow_the_contract(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "BASE_URL", "MAIL_SEND_INLINE", "RATELIMIT_STORAGE_URI", "UPLOAD_DIR", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    cfg = build_config("development", str(tmp_path))
    assert cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/samling.db"
    assert cfg["BASE_URL"] == "http://127.0.0.1:5000"
    assert cfg["SESSION_COOKIE_SECURE"] is False
    assert cfg["MAIL_SEND_INLINE"] is True
    assert cfg["RATELIMIT_STORAGE_URI"] == "memory://"
    assert cfg["UPLOAD_DIR"] == f"{tmp_path}/uploads"
    assert len(cfg["SECRET_KEY"]) == 64


def test_postgres_urls_use_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/samling")
    assert build_config("development", str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/samling"


def test_unknown_app_env_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        build_config("staging", str(tmp_path))


def test_in_development_base_url_follows_the_port_unless_set(monkeypatch, tmp_path):
    monkeypatch.delenv("BASE_URL", raising=False)
    monkeypatch.setenv("PORT", "8000")
    assert build_config("development", str(tmp_path))["BASE_URL"] == "http://127.0.0.1:8000"
    assert build_config("testing", str(tmp_path))["BASE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("BASE_URL", "https://samling.example.no/")
    assert build_config("development", str(tmp_path))["BASE_URL"] == "https://samling.example.no"


def test_the_development_secret_key_survives_a_restart_and_is_private(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_config("development", str(tmp_path))["SECRET_KEY"]
    assert build_config("development", str(tmp_path))["SECRET_KEY"] == first, "a restart signs nobody out"
    path = tmp_path / "secret_key"
    assert path.read_text().strip() == first and len(first) == 64
    assert path.stat().st_mode & 0o777 == 0o600
    assert build_config("testing", str(tmp_path / "t"))["SECRET_KEY"] != first
    assert not (tmp_path / "t" / "secret_key").exists()
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    assert build_config("development", str(tmp_path / "set"))["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / "set" / "secret_key").exists()

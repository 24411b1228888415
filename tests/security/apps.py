"""More app instances next to the suite's: in production configuration, or with limits stored in Redis.

create_app() binds the one Flask-Limiter extension object to the new app's storage and settings, and would
leave it so for the rest of the suite; `another_app` puts the suite's limiter back afterwards.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from app import create_app
from app.extensions import db, limiter


@contextmanager
def kept_limiter() -> Iterator[None]:
    saved = dict(limiter.__dict__)
    try:
        yield
    finally:
        limiter.__dict__.clear()
        limiter.__dict__.update(saved)


@contextmanager
def another_app(suite_app: Flask, env: str, environ: dict[str, str], **overrides) -> Iterator[Flask]:
    """An app built from the environment `environ` (as a deployment would), on the suite's database."""
    saved = {name: os.environ.get(name) for name in environ}
    os.environ.update(environ)
    try:
        with kept_limiter():
            other = create_app(env, {
                "SQLALCHEMY_DATABASE_URI": suite_app.config["SQLALCHEMY_DATABASE_URI"],
                "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
                "UPLOAD_DIR": suite_app.config["UPLOAD_DIR"],
                "TOKEN_SECRET": suite_app.config["TOKEN_SECRET"],  # the world's links stay valid
                **overrides,
            })
            try:
                yield other
            finally:
                with other.app_context():
                    db.engine.dispose()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

"""A throw-away PostgreSQL database next to a given server's: for the suite, the system test and the benchmarks."""
from __future__ import annotations

import secrets
from collections.abc import Callable

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


def throwaway_database(server_url: str, prefix: str) -> tuple[str, Callable[[], None]]:
    """Create `<prefix>_<random>` (UTF-8) on `server_url`'s server; returns its URL and a function that drops it."""
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')

    def drop() -> None:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                 "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop

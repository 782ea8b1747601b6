"""Alembic environment. The app passes its own connection, already inside the one transaction
the whole upgrade runs in (see alliance_desk/store/migrate.py); `alembic` on the command line
works too, given `-x db=PATH` or `sqlalchemy.url` in an alembic.ini, and is as atomic."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from alliance_desk.store.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("db") or config.get_main_option(
        "sqlalchemy.url"
    )
    if url and "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("sqlite:///"):
        from alliance_desk.store.location import resolve
        from alliance_desk.store.migrate import transactional_engine

        engine = transactional_engine(resolve(url))  # DDL inside our own BEGIN ... COMMIT
    else:
        engine = create_engine(url)
    with engine.begin() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

"""Alembic, run from code: the app upgrades its own file at start, no command line needed."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from alliance_desk.core.bundle import migrations_path
from alliance_desk.store.location import Location


def alembic_config(location: Location) -> Config:
    """A `Config` built in code with an absolute script location (works inside a bundle too)."""
    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.set_main_option("sqlalchemy.url", location.url.replace("%", "%%"))
    return config


def upgrade(location: Location, revision: str = "head") -> None:
    """Upgrade to `revision`. Foreign keys stay off while batch operations copy SQLite tables."""
    from alliance_desk.store.database import make_engine

    engine = make_engine(location, foreign_keys=False)
    try:
        with engine.begin() as connection:
            config = alembic_config(location)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()

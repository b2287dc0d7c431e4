"""Alembic environment for the storage schema.

`assistant.storage.open_storage` runs the migrations on a connection it has already opened
(inside one transaction, holding a lock) and passes it in `config.attributes["connection"]`.
For `alembic revision --autogenerate` during development, set `sqlalchemy.url` instead.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from assistant.storage_schema import metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError(
            "no database: open it with assistant.storage.open_storage(url), "
            "or set sqlalchemy.url for the alembic command"
        )
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            run(conn)
    finally:
        engine.dispose()


main()

"""Alembic's environment for the store. It is always given an open connection by
``evaluator.store.schema`` (the product never reads an ``alembic.ini``), and it compares against the
tables the store declares (for ``alembic revision --autogenerate`` in a checkout, see the decision record)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from evaluator.store.schema import import_table_modules

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the product always passes one
    raise RuntimeError("evaluator.store.migrations runs only through evaluator.store.schema")

import_table_modules()
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite cannot ALTER most things: changes are made by copying the table (Alembic's batch mode)
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

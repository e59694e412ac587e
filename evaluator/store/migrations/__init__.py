"""The store's schema revisions (Alembic). ``versions/`` holds one file a change; see
``evaluator/store/schema.py`` (how a database is brought to the newest revision) and
docs/decisions/0014-migrations.md."""

import psycopg

from tests.support.pgserver import libpq_url


def test_select_one(pg_url: str) -> None:
    assert pg_url.startswith("postgresql+psycopg://")
    with psycopg.connect(libpq_url(pg_url), connect_timeout=10) as conn:
        assert conn.execute("select 1").fetchone() == (1,)

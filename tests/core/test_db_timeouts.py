"""Database time limits: pages give up after DB_STATEMENT_TIMEOUT, exports get longer."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection

from factcheck.core.db_timeouts import export_statement_timeout

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statement_timeout"
)


def show_timeout() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


def test_connections_carry_the_connect_and_statement_timeouts(db):
    params = connection.get_connection_params()
    assert params["connect_timeout"] == settings.DB_CONNECT_TIMEOUT == 5
    assert show_timeout() == "30s"


def test_a_statement_longer_than_the_limit_is_cut_off(db):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 200")
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(2)")


@pytest.mark.django_db(transaction=True)
def test_an_export_runs_under_its_own_longer_limit_and_leaves_the_pages_limit():
    def chunks():
        yield show_timeout().encode()

    assert b"".join(export_statement_timeout(chunks())) == b"10min"
    assert show_timeout() == "30s"

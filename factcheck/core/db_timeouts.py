"""Database time limits: exports may run longer than a page's statement timeout.

Pages run under ``DB_STATEMENT_TIMEOUT`` (settings, PostgreSQL's ``statement_timeout``), so a
frozen or overloaded database answers an error instead of holding a worker thread. A large
export is legitimately slower: its queries run in one transaction whose ``SET LOCAL`` raises
the limit to ``EXPORT_STATEMENT_TIMEOUT`` (0: none) for that transaction only; the transaction
is REPEATABLE READ, so the export's several statements read one snapshot.
"""

from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connection, transaction


def export_statement_timeout(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Yield ``chunks``, produced inside a transaction with the export's statement timeout."""
    if connection.vendor != "postgresql":
        yield from chunks
        return
    fresh = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if fresh:
                # An export reads in several statements (exports.exporting): one snapshot for
                # all of them, so a claim approved meanwhile is in every part or in none.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            # SET cannot take a bind parameter; the value is an int from settings.
            milliseconds = int(settings.EXPORT_STATEMENT_TIMEOUT * 1000)
            cursor.execute(f"SET LOCAL statement_timeout = {milliseconds}")
        yield from chunks

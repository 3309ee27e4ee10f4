"""PostgreSQL: a query's rows as CSV lines straight from ``COPY ... TO STDOUT``.

PostgreSQL's CSV quoting is Python's ``QUOTE_MINIMAL`` (a cell is quoted when it holds a comma,
a quote or a line break; quotes doubled) once empty cells are NULL (COPY quotes a non-NULL ''),
so its lines are the csv writer's, but for the line end ("\\n", not "\\r\\n"). The server sends
one row per message, so each line end is the last byte of a message. A line in which a piece
of some cell might start a spreadsheet formula is handed back to Python (``rewrite``), which
runs ``neutralize()`` on its cells; the others go out as PostgreSQL wrote them.

The stream is one ``COPY`` inside the export's transaction: no server-side cursor and no
temporary file, whatever the number of rows.
"""

import re
from bisect import bisect_right
from collections.abc import Callable, Generator, Iterable
from itertools import accumulate

import psycopg
from django.db import connection


class SuspectLines:
    """Finds the lines of a batch in which neutralize() may change something: a piece start
    (a field separator, ";", tab, a line break) or a quote, then a character that starts a
    formula. A superset (a quote is taken for a piece start; a multi-byte start, the fullwidth
    "=", by its first byte), found by one regex over the batch's bytes."""

    def __init__(self, formula_starts: Iterable[str], piece_starts: str):
        firsts = b"[" + re.escape(bytes({start.encode()[0] for start in formula_starts})) + b"]"
        pieces = b"[" + re.escape((piece_starts + '"').encode()) + b"]"
        self.first = re.compile(firsts)
        self.pairs = re.compile(pieces + firsts)

    def __call__(self, lines: list) -> set[int]:
        """Indexes of the suspect lines among ``lines`` (each ending in "\\n")."""
        batch = b"".join(lines)
        # The index of each formula start: after a piece start, or the batch's first byte
        # (every other line starts after the line end before it).
        found = [match.end() - 1 for match in self.pairs.finditer(batch)]
        if self.first.match(batch):
            found.append(0)
        if not found:
            return set()
        ends = list(accumulate(len(line) for line in lines))
        return {bisect_right(ends, index) for index in found}


class CopyStreamError(RuntimeError):
    """A COPY message was not one whole CSV line: the stream cannot be trusted."""


def csv_chunks(
    rows,
    *,
    columns: list[str],
    suspect: SuspectLines,
    rewrite: Callable[[list[str]], list[bytes]],
    rows_a_chunk: int,
) -> Generator[bytes, None, int]:
    """The CSV lines (CRLF-ended) of the ``columns`` of the queryset ``rows`` (text, '' as
    NULL, in ``export_order``), ``rows_a_chunk`` lines a chunk; ``rewrite(lines)`` writes a
    chunk's suspect lines anew (without their line ends). Returns the number of lines."""
    sql, params = rows.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    # Only the cells: a DISTINCT query selects its ORDER BY columns too.
    selected = ", ".join(f'_rows."{name}"' for name in columns)
    statement = psycopg.ClientCursor(raw).mogrify(
        f'SELECT {selected} FROM ({sql}) _rows ORDER BY _rows."export_order"', params
    )
    copy_sql = f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)"
    lines: list = []
    count = 0
    # Django's error classes, as its own cursors raise them (a cut connection is a
    # django.db.OperationalError to the command and the web view alike).
    with connection.wrap_database_errors, raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for line in copy:
            lines.append(line)
            if len(lines) == rows_a_chunk:
                yield _chunk(lines, suspect, rewrite)
                count += len(lines)
                lines.clear()
    if lines:
        yield _chunk(lines, suspect, rewrite)
    return count + len(lines)


def _chunk(
    lines: list, suspect: SuspectLines, rewrite: Callable[[list[str]], list[bytes]]
) -> bytes:
    if not all(line[-1:] == b"\n" for line in lines):
        raise CopyStreamError("COPY message without a line end")
    out = [line[:-1] for line in lines]
    indexes = sorted(suspect(lines))
    if indexes:
        again = rewrite([bytes(lines[index]).decode() for index in indexes])
        for index, line in zip(indexes, again, strict=True):
            out[index] = line
    out.append(b"")
    return b"\r\n".join(out)

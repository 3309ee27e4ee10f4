"""Export cells as text, formatted by the database: the same characters on PostgreSQL and SQLite.

Each expression gives what Python's formatting gave (``format_partial``, an ISO time in UTC to
the second, a person's full name or user name, whitespace runs squashed), so that the rows can
be written by Python's csv module or streamed by PostgreSQL's ``COPY`` alike.
"""

from django.db.models import Case, F, Func, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf, Substr

# What str.strip() and str.split() take for white space (tests/exports check it against
# str.isspace()): the database trims the same characters.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
SQLITE_SQUASH = "factcheck_squash_spaces"


def text(expression) -> Coalesce:
    """A nullable value as text, '' for NULL."""
    return Coalesce(expression, Value(""), output_field=TextField())


class _DayText(Func):
    """A date as ``YYYY-MM-DD`` (SQLite already stores it so)."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM-DD')")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s")


def partial_date(date: str, precision: str) -> Case:
    """``format_partial``: ``2023``, ``2023-11`` or ``2023-11-27``; '' without a date."""
    day = _DayText(F(date))
    return Case(
        When(**{f"{date}__isnull": True}, then=Value("")),
        When(**{precision: "year"}, then=Substr(day, 1, 4)),
        When(**{precision: "month"}, then=Substr(day, 1, 7)),
        default=day,
        output_field=TextField(),
    )


def day(date: str) -> Coalesce:
    """A date as ``2023-11-27``; '' without one."""
    return Coalesce(_DayText(F(date)), Value(""), output_field=TextField())


def choice_name(field: str, choices) -> Case:
    """An integer choice by its name in lower case (``urgent``), as the CSV has always spelt
    choices; '' without one."""
    return Case(
        *(When(**{field: member.value}, then=Value(member.name.lower())) for member in choices),
        default=Value(""),
        output_field=TextField(),
    )


class _UtcSeconds(Func):
    """A timestamp as ``2023-11-15T10:00:00+00:00``: UTC, cut (not rounded) to the second."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        template = (
            "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"')"
        )
        return self.as_sql(compiler, connection, template=template)

    def as_sqlite(self, compiler, connection, **extra):
        # Stored in UTC as "YYYY-MM-DD HH:MM:SS[.ffffff]".
        template = "substr(replace(%(expressions)s, ' ', 'T'), 1, 19) || '+00:00'"
        return self.as_sql(compiler, connection, template=template)


def utc_seconds(moment: str) -> Coalesce:
    return text(_UtcSeconds(F(moment)))


def utc_day(moment: str) -> Substr:
    return Substr(_UtcSeconds(F(moment)), 1, 10)


class _Strip(Func):
    """``str.strip()``: both ends trimmed of Python's white space."""

    output_field = TextField()

    def __init__(self, expression):
        super().__init__(expression, Value(PY_WHITESPACE))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="BTRIM")

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="TRIM")


def person(path: str) -> Coalesce:
    """A user's full name, else their user name; '' for nobody."""
    full = _Strip(
        Concat(
            text(F(f"{path}__first_name")),
            Value(" "),
            text(F(f"{path}__last_name")),
            output_field=TextField(),
        )
    )
    return Coalesce(
        NullIf(full, Value("")), F(f"{path}__username"), Value(""), output_field=TextField()
    )


class SquashSpaces(Func):
    """``" ".join(text.split())``: runs of white space made one space, ends trimmed."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"regexp_replace(BTRIM({sql}, %s), %s, ' ', 'g')",
            (*params, PY_WHITESPACE, f"[{PY_WHITESPACE}]+"),
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=SQLITE_SQUASH)


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created``: SQLite has no regexp_replace, so squashing runs in Python."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_SQUASH,
            1,
            lambda value: None if value is None else " ".join(value.split()),
            deterministic=True,
        )


class JoinedText(Subquery):
    """The ``text`` of ``queryset``'s rows joined by ``separator``, in ``order`` (up to two
    expressions); NULL when there is none. One correlated subquery; SQLite before 3.44 cannot
    order inside group_concat, so it concatenates the rows of an ordered subquery."""

    output_field = TextField()

    def __init__(self, queryset, *, text, order, separator: str):
        assert "'" not in separator and "%" not in separator
        self.separator = separator
        self.order_names = [f"joined_order{index}" for index in range(len(order))]
        inner = queryset.values(
            joined_text=text, **dict(zip(self.order_names, order, strict=True))
        ).order_by(*self.order_names)
        super().__init__(inner)

    def as_postgresql(self, compiler, connection, **extra):
        order = ", ".join(f'_j."{name}"' for name in self.order_names)
        template = (
            f"(SELECT string_agg(_j.\"joined_text\", '{self.separator}' ORDER BY {order})"
            " FROM (%(subquery)s) _j)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        template = (
            f"(SELECT group_concat(_j.\"joined_text\", '{self.separator}') FROM (%(subquery)s) _j)"
        )
        return self.as_sql(compiler, connection, template=template, **extra)

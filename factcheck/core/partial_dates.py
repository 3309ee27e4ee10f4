"""Dates known to the year, the month or the day, as newsrooms give them ("2023-11")."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

PARTIAL_DATE_RE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?")


class Precision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


class InvalidPartialDate(ValueError):
    """The text is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD, or no such date exists."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date with its precision; ``date`` is the first day of the period it names."""

    date: datetime.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        match = PARTIAL_DATE_RE.fullmatch(text.strip())
        if not match:
            raise InvalidPartialDate(
                _("“%(text)s” is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
                % {"text": text.strip()}
            )
        year = int(match["year"])
        month = int(match["month"] or 1)
        day = int(match["day"] or 1)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise InvalidPartialDate(
                _("“%(text)s” is an impossible date.") % {"text": text.strip()}
            ) from None
        if match["day"]:
            precision = Precision.DAY
        elif match["month"]:
            precision = Precision.MONTH
        else:
            precision = Precision.YEAR
        return cls(date, precision)

    def __str__(self) -> str:
        if self.precision == Precision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()


def format_partial(date: datetime.date | None, precision: str) -> str:
    """ISO text at the precision known: ``2023``, ``2023-11`` or ``2023-11-27``; '' when unknown."""
    if date is None:
        return ""
    return str(PartialDate(date, precision or Precision.DAY))


def display_partial(date: datetime.date | None, precision: str) -> str:
    """The date at its precision in the active language, for pages: ``novembre 2023``,
    ``27 novembre 2023`` (``November 2023`` in English); '' when unknown."""
    if date is None:
        return ""
    if precision == Precision.YEAR:
        return f"{date.year:04d}"
    if precision == Precision.MONTH:
        return date_format(date, "YEAR_MONTH_FORMAT")
    return date_format(date, "DATE_FORMAT")


def partial_date_or_none(text: str) -> PartialDate | None:
    """A date typed as 2023, 2023-11 or 2023-11-27 (None when left empty), or the form error
    that says what is wrong with it."""
    text = text.strip()
    if not text:
        return None
    try:
        return PartialDate.parse(text)
    except InvalidPartialDate as error:
        raise ValidationError(str(error)) from None

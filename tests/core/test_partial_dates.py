import datetime

import pytest

from factcheck.core.partial_dates import InvalidPartialDate, PartialDate, Precision, format_partial


@pytest.mark.parametrize(
    ("text", "date", "precision", "shown"),
    [
        ("2023", datetime.date(2023, 1, 1), Precision.YEAR, "2023"),
        ("2023-11", datetime.date(2023, 11, 1), Precision.MONTH, "2023-11"),
        ("2023-11-27", datetime.date(2023, 11, 27), Precision.DAY, "2023-11-27"),
        (" 2024-02-29 ", datetime.date(2024, 2, 29), Precision.DAY, "2024-02-29"),
    ],
)
def test_parse_keeps_precision(text, date, precision, shown):
    parsed = PartialDate.parse(text)
    assert (parsed.date, parsed.precision) == (date, precision)
    assert str(parsed) == shown


@pytest.mark.parametrize("text", ["2023-13", "2023-00", "2023-02-30", "2023-11-31", "2023-04-31"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(InvalidPartialDate, match="impossible date"):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["", "23-11", "2023/11", "novembre 2023", "2023-11-27T10:00"])
def test_malformed_dates_are_refused(text):
    with pytest.raises(InvalidPartialDate, match="YYYY"):
        PartialDate.parse(text)


def test_format_partial():
    assert format_partial(None, "") == ""
    assert format_partial(datetime.date(2023, 11, 1), Precision.MONTH) == "2023-11"

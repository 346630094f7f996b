"""Dates as moderators write them: quoted or not, as precise as the source."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from knowledge.schema import DateValue, Source


@pytest.mark.parametrize("iso", ["2024", 2024, "2025-04", "2025-07-22"])
def test_iso_dates_may_be_as_precise_as_the_source(iso):
    assert DateValue(as_written="then", iso=iso).iso == str(iso)


def test_an_unquoted_yaml_date_is_accepted_as_its_iso_text():
    import datetime as dt

    assert Source(id="s", headline="h", published=dt.date(2025, 7, 22)).published == "2025-07-22"


@pytest.mark.parametrize("iso", ["2025-13-01", "2025-02-30", "July 22, 2025", "25", True, 99999])
def test_a_date_that_is_not_a_date_is_refused(iso):
    with pytest.raises(ValidationError):
        DateValue(as_written="then", iso=iso)

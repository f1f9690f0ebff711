"""Reading one cell: numbers, units, blanks and marks kept apart."""

from __future__ import annotations

import pytest

from extractor.values import ValueState, parse_value


@pytest.mark.parametrize(("raw", "unit", "state", "value"), [
    ("21", "件", ValueState.NUMBER, 21),
    ("0", "件", ValueState.NUMBER, 0),
    ("", "件", ValueState.BLANK, None),
    ("\xa0", "件", ValueState.BLANK, None),
    ("—", "件", ValueState.NA, None),
    ("-", "件", ValueState.NA, None),
    ("/", "件", ValueState.NA, None),
    ("无", "件", ValueState.NA, None),
    ("１２３", "件", ValueState.NUMBER, 123),
    ("1,234", "件", ValueState.NUMBER, 1234),
    ("1，234", "件", ValueState.NUMBER, 1234),
    ("251000元", "万元", ValueState.NUMBER, 25.1),
    ("12.5万元", "万元", ValueState.NUMBER, 12.5),
    ("18651.06", "万元", ValueState.NUMBER, 18651.06),
    ("5件", "件", ValueState.NUMBER, 5),
    ("详见附件", "件", ValueState.TEXT, None),
])
def test_parse_value(raw: str, unit: str, state: ValueState, value: float | None) -> None:
    parsed = parse_value(raw, unit=unit, decimal=unit == "万元")
    assert parsed.state is state
    assert parsed.raw == raw
    if value is None:
        assert parsed.value is None
    else:
        assert parsed.value == pytest.approx(value)


def test_negative_only_where_allowed() -> None:
    assert parse_value("-8", unit="项", allow_negative=True).value == -8
    assert parse_value("-8", unit="项", allow_negative=True).clarity == 1.0
    forbidden = parse_value("-3", unit="件")
    assert forbidden.value == -3 and forbidden.clarity < 0.5


def test_unit_conversion_keeps_raw_and_says_so() -> None:
    parsed = parse_value("251000元", unit="万元", decimal=True)
    assert parsed.note == "converted 元 → 万元"
    assert parsed.clarity < 1.0

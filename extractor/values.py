"""Reading one printed cell: number, blank, not-applicable or text, in the codebook's unit.

Blank, ``0``, ``—`` and ``无`` stay apart as :class:`ValueState`; the raw text is always kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from extractor.normalize import normalize_text


class ValueState(StrEnum):
    NUMBER = "number"
    BLANK = "blank"  # printed empty (&nbsp;, empty cell)
    NA = "na"  # printed as -, —, /, 无 …: "not applicable / nothing", not 0
    TEXT = "text"  # words where a number belongs
    MISSING = "missing"  # not printed / not found
    DERIVED = "derived"  # a codebook total computed from printed cells


# Strings that mean "nothing / not applicable" (after NFKC).
NA_TOKENS = frozenset({"-", "--", "---", "—", "——", "–", "―", "/", "//", "\\", "无", "空", "不适用", "n/a", "na",
                       "×", "x", "…", ":", "·"})

# Unit conversions into the codebook unit: factor such that value_in_target = printed × factor.
_MONEY = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000), "千元": Decimal("0.1")}
_COUNT_UNITS = frozenset({"件", "条", "个", "项", "次", "人次", "篇", "人", "家", "宗"})

_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?P<unit>\D{0,3})$")


@dataclass(frozen=True)
class CellValue:
    raw: str
    state: ValueState
    value: float | int | None = None
    unit: str | None = None
    clarity: float = 1.0  # how sure the reading of the text itself is, 0..1
    note: str | None = None


def _to_number(text: Decimal, decimal: bool) -> float | int:
    if text == text.to_integral_value() and not decimal:
        return int(text)
    as_float = float(text)
    return int(as_float) if as_float.is_integer() and not decimal else as_float


def parse_value(raw: str, unit: str = "件", allow_negative: bool = False, decimal: bool = False) -> CellValue:
    """Read one cell's text. ``unit`` is the codebook unit of the cell."""
    text = normalize_text(raw).strip()
    text = re.sub(r"\s+", "", text).replace("，", ",")
    if text == "":
        return CellValue(raw=raw, state=ValueState.BLANK)
    if text.lower() in NA_TOKENS:
        return CellValue(raw=raw, state=ValueState.NA)
    match = _NUMBER.match(text)
    if match is None:
        return CellValue(raw=raw, state=ValueState.TEXT, clarity=0.3, note="not a number")
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return CellValue(raw=raw, state=ValueState.TEXT, clarity=0.3, note="not a number")
    printed_unit = match["unit"] or None
    clarity = 1.0
    note: str | None = None
    if printed_unit is not None:
        if unit in _MONEY and printed_unit in _MONEY:
            if printed_unit != unit:
                number = number * _MONEY[printed_unit] / _MONEY[unit]
                note = f"converted {printed_unit} → {unit}"
                clarity = 0.97
        elif printed_unit in _COUNT_UNITS or printed_unit == unit:
            clarity = 0.98
        else:
            return CellValue(raw=raw, state=ValueState.TEXT, clarity=0.3, note=f"unknown unit {printed_unit!r}")
    if match["sign"] == "-":
        number = -number
        if not allow_negative:
            clarity = min(clarity, 0.3)
            note = "negative value where the template does not allow one"
    if "," in match["num"]:
        clarity = min(clarity, 0.99)
    if number != number.to_integral_value() and not decimal:
        clarity = min(clarity, 0.6)
        note = "fraction in a count cell"
    return CellValue(raw=raw, state=ValueState.NUMBER, value=_to_number(number, decimal), unit=unit,
                     clarity=clarity, note=note)


def is_value_like(raw: str) -> bool:
    """True for text that reads as a value cell (number, blank or not-applicable mark)."""
    state = parse_value(raw, unit="万元", allow_negative=True, decimal=True).state
    return state in (ValueState.NUMBER, ValueState.BLANK, ValueState.NA)

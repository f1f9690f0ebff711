"""Tab-separated reports that print zero as a blank: trailing empty fields are values, not noise."""

from __future__ import annotations

from extractor.pipeline import extract_bytes
from tests.conftest import SAMPLES


def _blank_zero_variant() -> bytes:
    """s000 (all zeros) with every 0 printed as an empty field, keeping its stray trailing tabs."""
    lines = []
    for line in (SAMPLES / "s000.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            line = "\t".join("" if field == "0" else field for field in line.split("\t"))
        lines.append(line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def test_blank_zeros_in_tsv_are_read_as_blanks_in_place() -> None:
    record = extract_bytes(_blank_zero_variant(), "s000-blank.txt").to_dict()
    states = {cid: c["state"] for cid, c in record["cells"].items()}
    printed = [cid for cid, s in states.items() if s != "missing" and not cid.startswith("t3.other.")
               or cid.startswith("t3.other.") and cid.count(".") == 3]
    assert len([cid for cid in states if states[cid] == "blank"]) == 200
    assert all(states[cid] in ("blank", "derived") for cid in printed)
    assert record["status"] == "ok"
    # 表四's data row is a line of tabs only: still found, all 15 blank
    assert all(states[f"t4.{b}.{c}"] == "blank" for b in ("review", "suit_direct", "suit_after_review")
               for c in ("upheld", "corrected", "other", "pending", "total"))
    assert all(c["status"] == "pass" for c in record["checks"])

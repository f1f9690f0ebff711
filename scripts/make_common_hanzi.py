"""Write layouts/common_hanzi.txt: the ideographs a readable Chinese text layer is made of.

The list is GB 2312 level 1 (一级汉字, the 3,755 most frequent characters, chosen by frequency
for the 1980 national standard; read here from Python's own ``gb2312`` codec, rows 0xB0–0xD7) plus
every ideograph that the template layouts in layouts/ print, so a label can never count as rare.
The PDF loader's readability test (extractor/loaders/pdf_readability.py) asks which share of a
page's ideographs (after traditional → simplified) is in this list. Deterministic:

    .venv/bin/python scripts/make_common_hanzi.py            # rewrite the file
    .venv/bin/python scripts/make_common_hanzi.py --check    # exit 1 when the file is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.loaders.pdf_readability import is_ideograph  # noqa: E402
from extractor.normalize import normalize_text  # noqa: E402

OUT = ROOT / "layouts" / "common_hanzi.txt"
PER_LINE = 50
HEADER = ("# Common ideographs: GB 2312 level 1 (3,755 characters) plus every ideograph the template\n"
          "# layouts print. Made by scripts/make_common_hanzi.py; read by extractor/loaders/pdf_readability.py.\n")


def gb2312_level1() -> list[str]:
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue  # D7FA–D7FE are unassigned
    return chars


def layout_ideographs() -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "layouts").rglob("*.toml")))
    return {ch for ch in normalize_text(text) if is_ideograph(ch)}


def render() -> str:
    chars = gb2312_level1()
    chars += sorted(layout_ideographs() - set(chars))
    lines = ["".join(chars[i:i + PER_LINE]) for i in range(0, len(chars), PER_LINE)]
    return HEADER + "\n".join(lines) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        return 0 if OUT.exists() and OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT}: {sum(1 for ch in text if is_ideograph(ch))} ideographs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The layout's captions, headers and row labels in one run-together text, in reading order.

Row labels are found in order, each within ``label_window`` of the previous one (exact, then
fuzzy; a misprinted label in the ``near_window`` right after the previous row). A positional
block (表四) has no row labels: after its headers comes one run long enough for all its cells.
"""

from __future__ import annotations

from dataclasses import replace

from extractor.layouts import Block, Layout
from extractor.normalize import normalize_label
from extractor.runtogether.settings import DIGIT_RUN, RunTogetherSettings
from extractor.runtogether.text_index import Hit, TextIndex


def find_hits(text: str, layout: Layout, settings: RunTogetherSettings) -> list[Hit]:
    """The layout's captions, headers and row labels found in one text, in reading order."""
    index = TextIndex(text)
    hits: list[Hit] = []
    pos = 0
    win = settings.label_window
    for block in layout.blocks:
        if block.caption:
            cap = index.find((block.caption,), pos, len(text) if not hits else pos + win, settings.fuzzy_cutoff)
            if cap is None:
                continue
            hits.append(replace(cap, kind="caption", block=block.id))
            rows = _find_rows(index, block, cap.end, settings)
            if rows:
                hits.extend(_find_headers(index, block, cap.end, rows[0].start))
                hits.extend(rows)
                pos = rows[-1].end
            else:
                pos = cap.end
        elif not block.positional:
            rows = _find_rows(index, block, pos, settings, anchor_anywhere=True)
            if not rows:
                continue
            hits.extend(_find_headers(index, block, max(pos, rows[0].start - win), rows[0].start,
                                      with_block_headers=True))
            hits.extend(rows)
            pos = rows[-1].end
        else:
            heads = _find_headers(index, block, pos, min(len(text), pos + win), with_block_headers=True)
            if not heads:
                continue
            first = min(h.start for h in heads)
            need = len(block.rows) * len(block.columns)
            for m in DIGIT_RUN.finditer(text, first):
                if len(m.group(1).replace(".", "")) >= need:
                    hits.extend(h for h in heads if h.end <= m.start(1))
                    hits.append(Hit(m.start(1), m.end(1), m.group(1), "values", block.id))
                    pos = m.end(1)
                    break
    hits.sort(key=lambda h: h.start)
    return hits


def _find_rows(index: TextIndex, block: Block, start: int, settings: RunTogetherSettings,
               anchor_anywhere: bool = False) -> list[Hit]:
    text_end = len(index.text)
    rows: list[Hit] = []
    pos = start
    for row in block.rows:
        end = text_end if anchor_anywhere and not rows else pos + settings.label_window
        hit = index.find(row.all_labels, pos, min(end, text_end), settings.fuzzy_cutoff)
        if hit is None and rows:
            hit = index.find(row.all_labels, pos, min(pos + settings.near_window, text_end), settings.near_cutoff)
        if hit is not None:
            rows.append(replace(hit, kind="row", block=block.id, row=row.id))
            pos = hit.end
    if rows and rows[0].row != block.rows[0].id:
        # The block's first row misprinted (一、本年新收信息公开申请数量): look for it, leniently,
        # just before the first row found.
        first_row, first = block.rows[0], rows[0]
        hit = index.find(first_row.all_labels, max(start, first.start - settings.near_window), first.start,
                         settings.near_cutoff)
        if hit is not None:
            rows.insert(0, replace(hit, kind="row", block=block.id, row=first_row.id))
    return rows


def _find_headers(index: TextIndex, block: Block, start: int, end: int, with_block_headers: bool = False) -> list[Hit]:
    """Column headers (and, for a block without caption, the block's header labels) in ``[start, end)``,
    longest label first so that a short one is not found inside a longer one."""
    labels = [*(block.header_labels if with_block_headers else ()), *(lbl for c in block.columns for lbl in c.all_labels)]
    found: dict[int, Hit] = {}
    taken: list[tuple[int, int]] = []
    for label in sorted(dict.fromkeys(labels), key=lambda x: -len(normalize_label(x))):
        hit = index.find_free(label, start, end, taken)
        if hit is not None:
            found[hit.start] = replace(hit, kind="header", block=block.id)
            taken.append((hit.start, hit.end))
    return [found[k] for k in sorted(found)]


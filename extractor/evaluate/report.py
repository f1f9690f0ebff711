"""The evaluation as text (per-document table, overall figures, calibration, wrong cells), as a
JSON-able dict, and as a reliability plot (PNG, drawn with Pillow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from extractor.evaluate.metrics import CalibrationBin, DocResult, Group, Summary


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "—"


def doc_table(results: list[DocResult]) -> list[str]:
    head = f"{'document':<22} {'carrier':<13} {'status':<11} {'template':<15} {'cells':>9} {'accuracy':>9} " \
           f"{'t2/t3/t4 exact':<15} {'silent':>6} {'prose':<6} planted"
    lines = [head, "-" * len(head)]
    for r in results:
        template = f"{r.template or '—'} ({'ok' if r.template_ok else 'gold ' + r.gold_template})"
        exact = r.table_exact()
        tables = "/".join(("yes" if exact[t] else "no") if t in exact else "—" for t in ("t2", "t3", "t4"))
        prose = ("n/a" if not r.prose_available else
                 f"{sum(r.prose.values())}/{len(r.prose)}")
        planted = f"{sum(r.planted.values())}/{len(r.planted)} flagged" if r.planted else ""
        lines.append(f"{r.document:<22} {r.carrier:<13} {r.status:<11} {template:<15} "
                     f"{r.correct:>4}/{r.scored:<4} {_pct(r.correct, r.scored):>9} {tables:<15} {r.silent:>6} "
                     f"{prose:<6} {planted}")
        if r.message:
            lines.append(f"{'':<22} ↳ {r.message[:150]}")
    return lines


def _group_lines(title: str, groups: tuple[Group, ...]) -> list[str]:
    lines = [title]
    for g in groups:
        lines.append(f"  {g.name:<14} {g.documents:>5} docs  {g.cells_correct:>7}/{g.cells_scored:<7} "
                     f"{_pct(g.cells_correct, g.cells_scored):>8}  silent {g.silent_errors}")
    return lines


def summary_lines(s: Summary) -> list[str]:
    lines = [
        f"documents evaluated: {s.documents}" + (f"; unsupported carrier: {', '.join(s.unsupported)}"
                                                  if s.unsupported else ""),
        f"cell accuracy:       {s.cells_correct}/{s.cells_scored} = {_pct(s.cells_correct, s.cells_scored)}",
        f"silent-error rate:   {s.silent_errors}/{s.cells_scored} = {_pct(s.silent_errors, s.cells_scored)} "
        f"(wrong cells with confidence ≥ 0.9)",
        f"tables exact:        {s.tables_exact}/{s.tables_scored}",
        f"template detection:  {s.templates_right}/{s.documents}",
        f"prose-check agreement: {s.prose_agree}/{s.prose_compared}" if s.prose_compared else
        "prose-check agreement: n/a (records carry no text_vs_table)",
    ]
    if s.planted:
        lines.append(f"planted inconsistencies flagged: {s.planted_flagged}/{s.planted}")
    lines += _group_lines("by carrier:", s.by_carrier) + _group_lines("by template:", s.by_template)
    lines += _bin_lines("calibration (confidence bin: cells, mean confidence, share of true figures):", s.bins)
    if s.planted:
        lines += _bin_lines("the same, scored as printed (a planted number read as printed counts as right):",
                            s.bins_as_printed)
    return lines


def _bin_lines(title: str, bins: tuple[CalibrationBin, ...]) -> list[str]:
    lines = [title]
    for b in bins:
        lines.append(f"  [{b.low:.2f}, {b.high:.2f}{']' if b.high == 1.0 else ')'} {b.count:>8} "
                     f"{b.mean_confidence:>8.4f} {b.accuracy:>8.4f}")
    return lines


def wrong_lines(results: list[DocResult], limit: int) -> list[str]:
    lines = []
    shown = 0
    total = sum(len(r.wrong) for r in results)
    for r in results:
        for c in r.wrong:
            if shown >= limit:
                lines.append(f"… {total - shown} more wrong cells (--wrong-limit, or --json for all)")
                return lines
            where = ", ".join(f"{k}={v}" for k, v in c.provenance.items()) or "no provenance"
            lines.append(f"{r.document}  {c.cell_id}: gold {c.gold!r}, got {c.state} {c.value!r} "
                         f"(raw {c.raw!r}, confidence {c.confidence:.2f}) at {where}")
            shown += 1
    return lines


def to_json(s: Summary, results: list[DocResult]) -> dict[str, Any]:
    def group(g: Group) -> dict[str, Any]:
        return {"name": g.name, "documents": g.documents, "cells_scored": g.cells_scored,
                "cell_accuracy": g.cell_accuracy, "silent_errors": g.silent_errors}

    def bin_(b: CalibrationBin) -> dict[str, Any]:
        return {"low": b.low, "high": b.high, "count": b.count, "mean_confidence": b.mean_confidence,
                "accuracy": b.accuracy}

    return {
        "cell_accuracy": s.cell_accuracy, "silent_error_rate": s.silent_error_rate, "cells_scored": s.cells_scored,
        "cells_correct": s.cells_correct, "silent_errors": s.silent_errors, "documents": s.documents,
        "unsupported": list(s.unsupported), "tables_exact": s.tables_exact, "tables_scored": s.tables_scored,
        "templates_right": s.templates_right, "prose_agree": s.prose_agree, "prose_compared": s.prose_compared,
        "planted": s.planted, "planted_flagged": s.planted_flagged,
        "by_carrier": [group(g) for g in s.by_carrier], "by_template": [group(g) for g in s.by_template],
        "calibration": [bin_(b) for b in s.bins], "calibration_as_printed": [bin_(b) for b in s.bins_as_printed],
        "per_document": [
            {"id": r.id, "document": r.document, "carrier": r.carrier, "status": r.status,
             "template": r.template, "gold_template": r.gold_template, "cells_scored": r.scored,
             "cells_correct": r.correct, "cell_accuracy": r.correct / r.scored if r.scored else None,
             "silent_errors": r.silent, "tables_exact": r.table_exact(),
             "prose": r.prose if r.prose_available else None, "planted": r.planted, "message": r.message,
             "wrong_cells": [{"cell": c.cell_id, "gold": c.gold, "state": c.state, "value": c.value, "raw": c.raw,
                              "confidence": c.confidence, "provenance": c.provenance} for c in r.wrong]}
            for r in results],
    }


def write_reliability_plot(bins: tuple[CalibrationBin, ...], path: Path, size: int = 480) -> None:
    """Accuracy against mean confidence per bin (dot area ~ cell count), and the diagonal."""
    from PIL import Image, ImageDraw

    margin = 50
    inner = size - 2 * margin
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)

    def xy(conf: float, acc: float) -> tuple[float, float]:
        return margin + conf * inner, size - margin - acc * inner

    draw.rectangle([margin, margin, size - margin, size - margin], outline="black")
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        x, y = xy(tick, tick)
        draw.text((x - 8, size - margin + 6), f"{tick:.2f}", fill="black")
        draw.text((6, y - 6), f"{tick:.2f}", fill="black")
    draw.line([xy(0, 0), xy(1, 1)], fill=(160, 160, 160), width=1)
    total = sum(b.count for b in bins) or 1
    points = [xy(b.mean_confidence, b.accuracy) for b in bins]
    if len(points) > 1:
        draw.line(points, fill=(30, 90, 200), width=2)
    for b, (x, y) in zip(bins, points, strict=True):
        r = 3 + 12 * (b.count / total) ** 0.5
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(30, 90, 200), fill=(120, 160, 230))
    draw.text((margin, 15), "reliability: accuracy vs mean confidence per bin", fill="black")
    draw.text((size // 2 - 40, size - 20), "mean confidence", fill="black")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")

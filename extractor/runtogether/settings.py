"""What a digit run is, and every default of the run-together stage."""

from __future__ import annotations

import re
from dataclasses import dataclass

STRATEGY = "runtogether"  # Table.strategy of a rebuilt table, and the note the document gets
DIGIT_RUN = re.compile(r"[ \t\u3000]*(-?[0-9][0-9.\-]*)")  # a '-' may start a piece (2019 本年增/减)


@dataclass(frozen=True)
class RunTogetherSettings:
    """Every default of the run-together stage in one place."""

    label_window: int = 400  # raw characters searched after the previous label
    fuzzy_cutoff: float = 88.0  # rapidfuzz partial_ratio for a label not found exactly
    near_window: int = 80  # raw characters right after the previous row: a row's digits are shorter
    near_cutoff: float = 78.0  # a misprinted label (4、保护第合法权益) in that near window
    max_cell_digits: int = 9  # longest integer part of one cell
    max_splits: int = 100_000  # splits enumerated per digit run
    max_nodes: int = 300_000  # joint-search nodes across runs
    ambiguous_cap: float = 0.3  # cap of a cell several splits leave open: measured, the printed choice is
    # right about 30 % of the time (2–4 splits, 669 generated cells), so 0.3, or 1/splits when lower
    prose_cap: float = 0.85  # cap of a cell only a prose figure decides

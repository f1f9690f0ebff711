"""Tables whose cells run together with no separator (crawler dumps, copy-paste).

``一、本年新收政府信息公开申请数量21710000218`` is 217, 1, 0, 0, 0, 0, 218: only the template's
own sums tell where one number ends. When the loader found no table, this stage

1. finds the layout's labels in each text block, in order (exact on the normalised text, then
   fuzzy), the numbering digit of the next label (``2.其他…``) being part of that label
   (:mod:`.text_index`, :mod:`.labels`);
2. takes the digit run after each row label as that row's digits (表四: the first run long
   enough after its header) (:mod:`.runs`);
3. splits every run into the row's numbers — never inventing or dropping a digit, no leading
   zeros except a lone ``0`` (:mod:`.splits`) — keeping the splits that satisfy the row's own
   sums (R3, R4), then choosing across rows with the column sums (R1, R2) and, after them, the
   prose figures (:mod:`.sums`, :mod:`.search`);
4. returns the rows as :class:`~extractor.document.Table` objects (strategy ``runtogether``,
   provenance = line + character offsets) so locate/align/checks/confidence run unchanged
   (:mod:`.tables`, :mod:`.rebuild`), and, per value cell (keyed by its locator), a
   :class:`SplitNote` with the reason, a confidence cap and the alternatives where the digits
   admit several splits no sum or figure decides (:mod:`.notes`).

表二 has no sums: its splits rest on the column count, leading zeros, the prose and, to pick
which alternative is printed, even magnitudes; such cells are capped below 0.5.

The names below are the stage's public face: the pipeline rebuilds and applies notes; the pre-2019
form reader (:mod:`extractor.legacy`) finds labels and splits runs with them.
"""

from extractor.runtogether.notes import SplitNote, apply_note, solve_splits
from extractor.runtogether.rebuild import RunTogether, rebuild_runtogether
from extractor.runtogether.settings import DIGIT_RUN, RunTogetherSettings
from extractor.runtogether.splits import Segment, Split, enumerate_splits
from extractor.runtogether.sums import Constraint, Hint
from extractor.runtogether.text_index import Hit, TextIndex

__all__ = [
    "DIGIT_RUN", "Constraint", "Hint", "Hit", "RunTogether", "RunTogetherSettings", "Segment", "Split", "SplitNote",
    "TextIndex", "apply_note", "enumerate_splits", "rebuild_runtogether", "solve_splits",
]

"""Generated reports printed by LibreOffice whose table 三 breaks across pages in the two ways that
went wrong, read end to end and compared with their gold, value by value:

* ``(11, 349)``: the label of ``（六）1.`` wraps over the page break; LibreOffice closes the
  borders of both halves, so page 4 starts with a row holding only the label's rest (values
  empty) beside the rest of the merged ``（六）其他处理`` — it must be joined to page 3's row;
* ``(11, 239)``: on the continuation page a column rule of table 三 lies within 3 pt of a column
  rule of table 四 below it; snapped together, the rule left its row rules and three rows lost
  their labels.
"""

from __future__ import annotations

import pytest

from extractor.evaluate.run import evaluate_synth
from extractor.loaders.doc import soffice_path
from extractor.synth.generate import generate_report

pytestmark = pytest.mark.skipif(
    soffice_path() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui "
           "fonts-wqy-zenhei to print the generated reports",
)


@pytest.mark.parametrize("index", [349, 239])
def test_libreoffice_table3_across_the_page_break(index: int) -> None:
    doc = generate_report(11, index, "pdf_libreoffice")
    [result] = evaluate_synth([doc])
    assert result.status in ("ok", "partial") and result.scored >= 186
    wrong = [(c.cell_id, c.gold, c.state, c.value) for c in result.wrong]
    assert wrong == [], f"{doc.name}: {len(wrong)} of {result.scored} values differ from the gold"

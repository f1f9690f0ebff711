"""``extract summary``: a self-contained page whose numbers are the run's."""

from __future__ import annotations

import re

from click.testing import CliRunner

from extractor.batch.summary import summary
from tests.batch.conftest import SmallRun


def test_summary_page_is_self_contained_and_counts_the_run(small_run: SmallRun, tmp_path: object) -> None:
    result = CliRunner().invoke(summary, [str(small_run.run_dir)])
    assert result.exit_code == 0, result.output
    page = (small_run.run_dir / "summary.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 4
    assert not re.search(r"<script|https?://(?!www\.w3\.org/2000/svg)", page)
    total = len(small_run.good) + len(small_run.hostile)
    assert f"{total} reports: {len(small_run.good)} ok, 0 partial, 20 failed" in page
    assert "TIMEOUT 1" in page
    # R5: one planted failure among 36 cross-year comparisons
    assert "<tr><td>R5</td><td>97.22</td><td>2.78</td><td>0</td></tr>" in page

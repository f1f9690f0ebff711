"""Batch extraction into research datasets: many inputs → one run folder of consistent tables.

``extract batch INPUTS... --out output/RUN`` (see :mod:`extractor.batch.cli`). The pieces:
:mod:`inputs` (what to extract), :mod:`pool` and :mod:`worker` (one machine, per-document limits),
:mod:`dask_runner` (a cluster), :mod:`state` (resume), :mod:`tables` and :mod:`outputs` (the
dataset), :mod:`dataset_checks` (R5, R6, duplicates), :mod:`summary` (an HTML page).
"""

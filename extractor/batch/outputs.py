"""Writing the dataset tables: CSV, JSON Lines, Parquet and one DuckDB database, all from the same
DataFrames so they agree. Each file is written to a temporary name and moved in place."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

log = logging.getLogger(__name__)

EXTENSIONS = {"csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}
DUCKDB_FILE = "dataset.duckdb"
PARTITIONED = ("cells", "wide")  # tables also written as year-partitioned Parquet datasets on request


def _atomic(target: Path, write: Callable[[Path], None]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv(data: pd.DataFrame, target: Path, excel: bool) -> None:
    _atomic(target, lambda p: data.to_csv(p, index=False, encoding="utf-8-sig" if excel else "utf-8",
                                          float_format="%.15g", lineterminator="\n"))


def write_jsonl(data: pd.DataFrame, target: Path) -> None:
    _atomic(target, lambda p: data.to_json(p, orient="records", lines=True, force_ascii=False, double_precision=15))


def write_parquet(data: pd.DataFrame, target: Path) -> None:
    _atomic(target, lambda p: data.to_parquet(p, index=False, engine="pyarrow", compression="zstd"))


def write_partitioned(data: pd.DataFrame, folder: Path) -> None:
    """``folder/year=YYYY/part-0.parquet`` (hive style; reports without a year under ``year=__HIVE_DEFAULT…``)."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    tmp = folder.with_name(f".{folder.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    table = pa.Table.from_pandas(data, preserve_index=False)
    ds.write_dataset(table, tmp, format="parquet", partitioning=["year"], partitioning_flavor="hive",
                     basename_template="part-{i}.parquet", existing_data_behavior="overwrite_or_ignore")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)


def write_duckdb(tables: dict[str, pd.DataFrame], target: Path) -> None:
    import duckdb

    def write(path: Path) -> None:
        path.unlink(missing_ok=True)
        con = duckdb.connect(str(path))
        try:
            for name, data in tables.items():
                con.register("frame", data)
                con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame')
                con.unregister("frame")
        finally:
            con.close()

    _atomic(target, write)


def write_tables(tables: dict[str, pd.DataFrame], run_dir: Path, formats: tuple[str, ...], excel: bool,
                 partition: bool = False) -> dict[str, list[str]]:
    """Write every table in every format; returns table → file names (relative to ``run_dir``)."""
    written: dict[str, list[str]] = {name: [] for name in tables}
    for name, data in tables.items():
        for fmt in formats:
            if fmt not in EXTENSIONS:
                continue
            target = run_dir / f"{name}.{EXTENSIONS[fmt]}"
            if fmt == "csv":
                write_csv(data, target, excel)
            elif fmt == "jsonl":
                write_jsonl(data, target)
            else:
                write_parquet(data, target)
            written[name].append(target.name)
        if partition and name in PARTITIONED and "parquet" in formats:
            folder = run_dir / "partitioned" / name
            write_partitioned(data, folder)
            written[name].append(str(folder.relative_to(run_dir)) + "/")
    if "duckdb" in formats:
        write_duckdb(tables, run_dir / DUCKDB_FILE)
        for name in tables:
            written[name].append(f"{DUCKDB_FILE}:{name}")
    return written

"""The pandas side of the pipelines bench: the same group-by over the same Parquet files.

Usage: groupby.py KEY OUT RUNS FILE...  Prints one JSON object: per timed run, the
seconds spent loading (pyarrow read of the three needed columns into a DataFrame),
computing (groupby + agg) and writing (ZSTD Parquet); one untimed warm-up run first.
"""
import json
import sys
import time

import pandas as pd
import pyarrow.parquet as pq


def run(key, out, files):
    started = time.perf_counter()
    frame = pq.read_table(files, columns=[key, "userId", "price"]).to_pandas()
    loaded = time.perf_counter()
    result = (
        frame.groupby(key, sort=False, dropna=False)
        .agg(events=("userId", "size"), users=("userId", "nunique"), revenue=("price", "sum"), avgPrice=("price", "mean"))
        .reset_index()
    )
    computed = time.perf_counter()
    result.to_parquet(out, compression="zstd", index=False)
    written = time.perf_counter()
    return {"load": loaded - started, "compute": computed - loaded, "write": written - computed}


def main():
    key, out, runs, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    run(key, out, files)
    timed = [run(key, out, files) for _ in range(runs)]
    print(json.dumps({"pandas": pd.__version__, "runs": timed}))


main()

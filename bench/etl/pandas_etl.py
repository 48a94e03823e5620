# Runner: the same pipeline in pandas, reporting like the other runners. `ts` is parsed as a datetime because
# Millrace's extract types it as TIMESTAMP too: both build the same typed table before filtering.
import json
import os
import resource
import sys
import time

import pandas as pd

data_dir = sys.argv[1]
iterations = max(1, int(os.environ.get("BENCH_ITERATIONS", "3")))
source = os.path.join(data_dir, "input.csv")
target = os.path.join(data_dir, "out", "pandas.parquet")
os.makedirs(os.path.dirname(target), exist_ok=True)


def pipeline():
    df = pd.read_csv(source, parse_dates=["ts"])
    rows_in = len(df)
    df = df[(df["price"] > 10) & df["flag"]]
    df = df.assign(revenue=df["qty"] * df["price"] * (1 - df["discount"]))
    out = (
        df.groupby(["category", "region"], sort=True)
        .agg(n=("id", "size"), revenue=("revenue", "sum"), avg_price=("price", "mean"), max_score=("score", "max"))
        .reset_index()
    )
    out.to_parquet(target, index=False)
    return rows_in, out


times = []
for _ in range(iterations):
    started = time.perf_counter()
    rows_in, out = pipeline()
    times.append(time.perf_counter() - started)

print(json.dumps({
    "seconds": min(times),
    "coldSeconds": times[0],
    "rowsIn": rows_in,
    "groups": len(out),
    "checksum": {"n": int(out["n"].sum()), "revenue": float(out["revenue"].sum())},
    "maxRssMB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))

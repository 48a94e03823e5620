"""pandas baseline for bench/quality: the same 10 rules and the same profile as Millrace, on the same Parquet files.

Semantics mirror Millrace's (api/src/quality/README.md): column rules other than not_null skip nulls; unique skips
null keys and counts every row of a duplicated key; custom_sql fails only where the predicate is false.
Usage: pandas_quality.py ORDERS.parquet CUSTOMERS.parquet NOW ITERATIONS SAMPLE_SIZE -> one JSON line on stdout;
       pandas_quality.py --ranks ORDERS.parquet < [{"column", "value"}...] -> the exact rank of each value.
"""

import json
import sys
import time

import numpy as np
import pandas as pd

if sys.argv[1] == "--ranks":
    # Checks an approximate profile's quantiles: for each {"column", "value"} given as JSON on stdin, the share
    # of the column's non-null values below it and at or below it (the exact rank interval of that value).
    df = pd.read_parquet(sys.argv[2])
    out = []
    for item in json.load(sys.stdin):
        s = df[item["column"]].dropna().to_numpy()
        v = item["value"]
        out.append({"below": float((s < v).mean()), "atOrBelow": float((s <= v).mean())})
    print(json.dumps(out))
    sys.exit(0)

orders_file, customers_file, now_text, iterations, sample_size = sys.argv[1:6]
ITERATIONS = int(iterations)
SAMPLE = int(sample_size)
NOW = pd.Timestamp(now_text).tz_convert(None)
STATUSES = ["new", "paid", "shipped", "delivered", "returned"]
EMAIL = r"^[^@\s]+@[^@\s]+\.[a-z]+$"


def rule_result(mask, df):
    rows = np.flatnonzero(mask.to_numpy())
    # Millrace returns the first failing rows whole: so does this.
    sample = df.iloc[rows[:SAMPLE]].to_dict("records")
    return {"failing": int(len(rows)), "passed": len(rows) == 0, "sample": [int(r) for r in rows[:SAMPLE]], "rows": sample}


def check(df, customers):
    n = len(df)
    masks = [
        df["email"].isna() | df["amount"].isna(),
        df["id"].notna() & df["id"].duplicated(keep=False),
        df["amount"].notna() & ((df["amount"] < 0) | (df["amount"] > 1000)),
    ]
    qty = pd.to_numeric(df["qty"], errors="coerce")
    masks.append(df["qty"].notna() & (qty.isna() | (qty % 1 != 0)))
    masks.append(df["email"].notna() & ~df["email"].str.contains(EMAIL, regex=True, na=False))
    masks.append(df["status"].notna() & ~df["status"].isin(STATUSES))
    row_count_ok = n >= 1
    masks.append(df["updated_at"].notna() & (df["updated_at"] < NOW - pd.Timedelta(hours=30 * 24)))
    masks.append(df["discount"] > df["amount"])  # NaN compares false: a CHECK constraint's semantics
    masks.append(df["customer_id"].notna() & ~df["customer_id"].isin(customers["id"]))
    results = [rule_result(m, df) for m in masks]
    # Per-column figures Millrace reports too: per-column failures of the two-column rule, keys, completeness.
    extra = {
        "email_nulls": int(df["email"].isna().sum()),
        "amount_nulls": int(df["amount"].isna().sum()),
        "duplicated_keys": int(df.loc[masks[1], "id"].nunique()),
        "missing_keys": int(df.loc[masks[-1], "customer_id"].nunique()),
        "non_null": df.notna().sum().to_dict(),
    }
    any_failing = masks[0].copy()
    for m in masks[1:]:
        any_failing |= m
    results.insert(6, {"failing": None, "passed": row_count_ok, "sample": []})
    return {"rows": n, "failingRows": int(any_failing.sum()), "rules": results, "extra": extra}


def profile(df):
    out = {}
    for name in df.columns:
        s = df[name]
        figures = {"nulls": int(s.isna().sum()), "distinct": int(s.nunique()), "top": s.value_counts().head(10).to_dict()}
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            q = s.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
            finite = s[np.isfinite(s)]
            figures.update(
                min=float(s.min()), max=float(s.max()), mean=float(s.mean()), std=float(s.std()), p50=float(q[0.5]),
                histogram=np.histogram(finite, bins=10)[0].tolist(),
            )
        else:
            figures.update(min=str(s.min()), max=str(s.max()))
        out[name] = figures
    return out


best = None
cold = None
for i in range(ITERATIONS):
    started = time.perf_counter()
    cpu_started = time.process_time()
    df = pd.read_parquet(orders_file)
    customers = pd.read_parquet(customers_file)
    read = time.perf_counter()
    checked = check(df, customers)
    ruled = time.perf_counter()
    profiled = profile(df)
    done = time.perf_counter()
    seconds = done - started
    if i == 0:
        cold = seconds
    if best is None or seconds < best["best"]:
        cpu = time.process_time() - cpu_started
        best = {"best": seconds, "cpu": cpu, "read": read - started, "rules": ruled - read, "profile": done - ruled}
    print(f"pandas #{i + 1}: {seconds:.3f} s (read {read - started:.3f} s, rules {ruled - read:.3f} s)", file=sys.stderr)

figures = {
    "rows": checked["rows"],
    "failingRows": checked["failingRows"],
    "rules": [{"failing": r["failing"], "passed": r["passed"], "sample": r["sample"]} for r in checked["rules"]],
    "profile": {
        name: {k: v for k, v in p.items() if k in ("nulls", "distinct") or (k in ("min", "max", "mean", "p50") and isinstance(v, float))}
        for name, p in profiled.items()
    },
}
print(json.dumps({**best, "cold": cold, "figures": figures}))

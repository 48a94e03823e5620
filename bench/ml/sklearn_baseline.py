"""Time scikit-learn counterparts of Millrace's estimators on the CSVs written by export_datasets.py.

Usage: python sklearn_baseline.py DATA_DIR JOBS_JSON
JOBS_JSON is a list of {"dataset", "algorithm", "params", "train_rows", "warmup", "repeat"}: `warmup` untimed fits
(the first one's time is reported as first_fit_s), then `repeat` timed ones. Prints one JSON list of results.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

warnings.filterwarnings("ignore")


def load(data_dir, name, part):
    df = pd.read_csv(f"{data_dir}/{name}_{part}.csv")
    y = df.pop("label").to_numpy()
    df.pop("group") if "group" in df else None  # recording names (HMP): for splitting, not a feature
    return df.to_numpy(dtype=np.float64), y


def make(algorithm, params):
    if algorithm == "gradient_boosting":
        return HistGradientBoostingClassifier(**params)
    if algorithm == "random_forest":
        return RandomForestClassifier(**params)
    if algorithm == "logistic_regression":
        # Millrace standardizes inside its LogisticRegression, so the baseline does the same work.
        return make_pipeline(StandardScaler(), LogisticRegression(**params))
    if algorithm == "svm":
        return SVC(**params)
    if algorithm == "knn":
        return KNeighborsClassifier(**params)
    if algorithm == "naive_bayes":
        return GaussianNB(**params)
    raise ValueError(algorithm)


def main():
    data_dir, jobs = sys.argv[1], json.loads(sys.argv[2])
    cache = {}
    results = []
    for job in jobs:
        name = job["dataset"]
        source = job.get("data_dir") or data_dir
        if name not in cache:
            cache.clear()
            cache[name] = (load(source, name, "train"), load(source, name, "test"))
        (Xtr, ytr), (Xte, yte) = cache[name]
        rows = job.get("train_rows")
        if rows:
            Xtr, ytr = Xtr[:rows], ytr[:rows]
        first_fit = None
        for _ in range(job.get("warmup", 0)):
            model = make(job["algorithm"], job["params"])
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            if first_fit is None:
                first_fit = time.perf_counter() - t0
        fit_times, predict_times = [], []
        for _ in range(job.get("repeat", 1)):
            model = make(job["algorithm"], job["params"])
            t0 = time.perf_counter()
            model.fit(Xtr, ytr)
            t1 = time.perf_counter()
            pred = model.predict(Xte)
            t2 = time.perf_counter()
            fit_times.append(t1 - t0)
            predict_times.append(t2 - t1)
        results.append(
            {
                "dataset": name,
                "algorithm": job["algorithm"],
                "fit_s": float(np.median(fit_times)),
                "predict_s": float(np.median(predict_times)),
                "accuracy": float(np.mean(pred == yte)),
                "first_fit_s": first_fit if first_fit is not None else fit_times[0],
                "sklearn": sklearn.__version__,
            }
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()

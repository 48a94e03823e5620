"""Best-of-N CPU (time.process_time) and wall times of scikit-learn fits, for bench/ml/small-fits.ts.

Usage: python sklearn_small_fits.py DATA_DIR JOBS_JSON
JOBS_JSON is a list of {"name", "dataset", "algorithm", "train_rows", "repeat"}; prints one JSON list.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

warnings.filterwarnings("ignore")


def load(data_dir, name, part):
    df = pd.read_csv(f"{data_dir}/{name}_{part}.csv")
    y = df.pop("label").to_numpy()
    return df.to_numpy(dtype=np.float64), y


def make(algorithm):
    if algorithm == "gradient_boosting":
        return HistGradientBoostingClassifier(early_stopping=False, random_state=0)
    if algorithm == "logistic_regression":
        return make_pipeline(StandardScaler(), LogisticRegression())
    if algorithm == "svm":
        return SVC()
    raise ValueError(algorithm)


def main():
    data_dir, jobs = sys.argv[1], json.loads(sys.argv[2])
    results = []
    for job in jobs:
        name = job["dataset"]
        Xtr, ytr = load(data_dir, name, "train")
        Xte, yte = load(data_dir, name, "test")
        rows = job.get("train_rows")
        if rows:
            Xtr, ytr = Xtr[:rows], ytr[:rows]
        cpu, wall = [], []
        for _ in range(job["repeat"]):
            model = make(job["algorithm"])
            c0, w0 = time.process_time(), time.perf_counter()
            model.fit(Xtr, ytr)
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        accuracy = float(np.mean(model.predict(Xte) == yte))
        results.append({"name": job["name"], "cpu_s": min(cpu), "wall_s": min(wall), "accuracy": accuracy})
    print(json.dumps(results))


if __name__ == "__main__":
    main()

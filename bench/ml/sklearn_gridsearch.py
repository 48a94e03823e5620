"""GridSearchCV over Millrace's default AutoML grids, as the baseline of bench/ml/automl.ts.

Usage: python sklearn_gridsearch.py DATA_DIR NAME FOLDS N_JOBS
Cross-validates every candidate on DATA_DIR/NAME_train.csv with StratifiedKFold(FOLDS, shuffle, random_state=0)
and prints one JSON object: wall time, best mean CV accuracy, best params, and each row's fold (so Millrace can
score on exactly the same folds).
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
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

warnings.filterwarnings("ignore")

# The same grids as api/src/automl/search-space.ts DEFAULT_GRIDS (the original product's), in sklearn terms:
# Millrace's GradientBoosting is histogram-based, so its counterpart is HistGradientBoostingClassifier
# (n_estimators = max_iter); Millrace standardises features for LogisticRegression and SVM, so the baseline does.
GRID = [
    {
        "model": [RandomForestClassifier(random_state=0)],
        "model__n_estimators": [50, 100, 200],
        "model__max_depth": [5, 10, 15, 20],
        "model__min_samples_split": [2, 5, 10],
    },
    {
        "model": [HistGradientBoostingClassifier(early_stopping=False, random_state=0)],
        "model__max_iter": [50, 100, 200],
        "model__max_depth": [3, 5, 7],
        "model__learning_rate": [0.01, 0.1, 0.2],
    },
    {
        "scale": [StandardScaler()],
        "model": [LogisticRegression()],
        "model__C": [0.1, 1, 10],
        "model__max_iter": [100, 200, 500],
    },
    {"scale": [StandardScaler()], "model": [SVC()], "model__C": [0.1, 1, 10], "model__kernel": ["rbf", "linear"]},
]


def main():
    data_dir, name, folds, n_jobs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    df = pd.read_csv(f"{data_dir}/{name}_train.csv")
    y = df.pop("label").to_numpy()
    X = df.to_numpy(dtype=np.float64)
    splits = list(StratifiedKFold(n_splits=folds, shuffle=True, random_state=0).split(X, y))
    fold_of = np.empty(len(y), dtype=int)
    for f, (_, test) in enumerate(splits):
        fold_of[test] = f
    pipe = Pipeline([("scale", "passthrough"), ("model", LogisticRegression())])
    search = GridSearchCV(pipe, GRID, cv=splits, n_jobs=n_jobs, scoring="accuracy", refit=False)
    started = time.perf_counter()
    search.fit(X, y)
    wall = time.perf_counter() - started
    best = search.best_params_
    print(
        json.dumps(
            {
                "sklearn": sklearn.__version__,
                "wall_s": wall,
                "candidates": len(search.cv_results_["params"]),
                "best_score": float(search.best_score_),
                "best_model": type(best["model"]).__name__,
                "best_params": {k.replace("model__", ""): v for k, v in best.items() if k.startswith("model__")},
                "fold_of": fold_of.tolist(),
            }
        )
    )


if __name__ == "__main__":
    main()

"""Export the benchmark datasets to CSV with one fixed stratified split, so Node and sklearn see the same rows.

Usage: python export_datasets.py OUT_DIR
Writes OUT_DIR/{name}_train.csv and OUT_DIR/{name}_test.csv (header f0..f{d-1},label) and OUT_DIR/manifest.json.
"""
import json
import os
import sys

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.model_selection import train_test_split


def write_csv(path, X, y):
    d = X.shape[1]
    header = ",".join([f"f{j}" for j in range(d)] + ["label"])
    # repr-exact floats: %.17g round-trips float64 so both sides parse identical values.
    data = np.column_stack([X, y.astype(np.float64)])
    fmt = ["%.17g"] * d + ["%d"]
    np.savetxt(path, data, delimiter=",", header=header, comments="", fmt=fmt)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    datasets = {
        "digits": load_digits(return_X_y=True),
        "breast_cancer": load_breast_cancer(return_X_y=True),
        "classification_200k": make_classification(
            n_samples=200000, n_features=20, n_informative=10, n_classes=3, random_state=0
        ),
    }
    manifest = {}
    for name, (X, y) in datasets.items():
        X = np.asarray(X, dtype=np.float64)
        Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        write_csv(os.path.join(out, f"{name}_train.csv"), Xtr, ytr)
        write_csv(os.path.join(out, f"{name}_test.csv"), Xte, yte)
        manifest[name] = {"train": len(ytr), "test": len(yte), "features": X.shape[1], "classes": int(len(np.unique(y)))}
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f)
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()

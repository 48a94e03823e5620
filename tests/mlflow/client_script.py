"""Logs into Millrace with the unchanged MLflow client (MLFLOW_TRACKING_URI / MLFLOW_TRACKING_TOKEN).

Sets an experiment, starts a run, logs params, metrics with steps, tags, an artifact file and a model, ends
the run, registers a model version and sets an alias; prints what it made as one JSON line for the test.
"""

import json
import os
import sys
import tempfile

import mlflow
import mlflow.pyfunc
from mlflow import MlflowClient

EXPERIMENT = sys.argv[1] if len(sys.argv) > 1 else "mlflow-client-test"
MODEL = sys.argv[2] if len(sys.argv) > 2 else "mlflow-client-model"


class Doubler(mlflow.pyfunc.PythonModel):
    def predict(self, context, model_input, params=None):
        return model_input * 2


def main() -> None:
    experiment = mlflow.set_experiment(EXPERIMENT)
    with mlflow.start_run(run_name="client-run") as run:
        mlflow.log_params({"learning_rate": 0.1, "max_depth": 4})
        mlflow.log_param("optimizer", "adam")
        for step in range(5):
            mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
        mlflow.log_metrics({"accuracy": 0.91, "f1": 0.88}, step=4)
        mlflow.set_tags({"team": "data-science", "stage": "test"})
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "notes.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("hello from mlflow\n")
            mlflow.log_artifact(path, artifact_path="docs")
        logged = mlflow.pyfunc.log_model(name="model", python_model=Doubler())
        run_id = run.info.run_id

    client = MlflowClient()
    finished = client.get_run(run_id)
    history = client.get_metric_history(run_id, "loss")
    artifacts = [f.path for f in client.list_artifacts(run_id, "docs")]
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="docs/notes.txt")
    with open(local, encoding="utf-8") as f:
        notes = f.read()

    version = mlflow.register_model(logged.model_uri, MODEL)
    client.set_registered_model_alias(MODEL, "champion", version.version)
    by_alias = client.get_model_version_by_alias(MODEL, "champion")
    found = client.search_runs(
        [experiment.experiment_id], filter_string="metrics.accuracy > 0.5 and params.optimizer = 'adam'"
    )

    print(
        json.dumps(
            {
                "mlflow_version": mlflow.__version__,
                "experiment_id": experiment.experiment_id,
                "run_id": run_id,
                "status": finished.info.status,
                "params": finished.data.params,
                "metrics": finished.data.metrics,
                "tags": {k: v for k, v in finished.data.tags.items() if not k.startswith("mlflow.")},
                "loss_steps": [[m.step, m.value] for m in history],
                "artifacts": artifacts,
                "notes": notes,
                "model_uri": logged.model_uri,
                "model_version": version.version,
                "alias_version": by_alias.version,
                "found_runs": [r.info.run_id for r in found],
            }
        )
    )


if __name__ == "__main__":
    main()

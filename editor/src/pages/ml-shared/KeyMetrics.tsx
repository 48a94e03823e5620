import { Th } from "../../ui/DataTable";
import { formatMetric, KEY_METRICS, metricLabel, metricValue } from "../experiments/metrics";

/** Header cells of the key metrics (accuracy, F1 macro, ROC AUC) in a list of experiments or model versions. */
export function KeyMetricHeads() {
  return (
    <>
      {KEY_METRICS.map((name) => (
        <Th key={name} num>
          {metricLabel(name)}
        </Th>
      ))}
    </>
  );
}

/** A row's key metrics, "—" where it has none. */
export function KeyMetricCells({ metrics }: { metrics: Readonly<Record<string, unknown>> }) {
  return (
    <>
      {KEY_METRICS.map((name) => (
        <td key={name} className="num">
          {formatMetric(name, metricValue(metrics, name))}
        </td>
      ))}
    </>
  );
}

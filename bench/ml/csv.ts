// Reads the numeric CSVs written by export_datasets.py: header f0..f{d-1},label[,group].
import { readFileSync } from "node:fs";
import type { Matrix } from "../../api/src/ml/matrix.js";

export interface CsvDataset {
  X: Matrix;
  y: Int32Array;
  groups: string[] | null;
}

export function readDatasetCsv(path: string): CsvDataset {
  const text = readFileSync(path, "utf8");
  let pos = text.indexOf("\n");
  const header = text.slice(0, pos).trim().split(",");
  const labelAt = header.indexOf("label");
  const groupAt = header.indexOf("group");
  const featureCols = header.map((_, j) => j).filter((j) => j !== labelAt && j !== groupAt);
  const d = featureCols.length;
  const rows: number[] = [];
  const labels: number[] = [];
  const groups: string[] = [];
  pos++;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    if (end > pos) {
      const cells = text.slice(pos, end).split(",");
      for (const j of featureCols) rows.push(Number(cells[j]));
      labels.push(Number(cells[labelAt]));
      if (groupAt >= 0) groups.push(cells[groupAt]!);
    }
    pos = end + 1;
  }
  return {
    X: { rows: labels.length, cols: d, data: Float64Array.from(rows) },
    y: Int32Array.from(labels),
    groups: groupAt >= 0 ? groups : null,
  };
}

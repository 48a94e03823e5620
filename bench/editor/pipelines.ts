/** Large pipelines for the editor benchmark: rows of `extract_synthetic → limit → limit → …` chains in a grid. */

export interface BenchPipeline {
  name: string;
  nodes: Array<{ id: string; kind: string; config: Record<string, unknown>; position: { x: number; y: number } }>;
  edges: Array<{ source: string; target: string }>;
}

/** `rows` chains of `perRow` steps (one source, then transforms), laid out as a grid. */
export function gridPipeline(name: string, rows: number, perRow: number, sourceRows = 1_000): BenchPipeline {
  const nodes: BenchPipeline["nodes"] = [];
  const edges: BenchPipeline["edges"] = [];
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < perRow; col++) {
      const id = `r${row}c${col}`;
      nodes.push({
        id,
        kind: col === 0 ? "extract_synthetic" : "limit",
        config: col === 0 ? { rows: sourceRows, seed: row } : { rows: sourceRows - col },
        position: { x: col * 260, y: row * 130 },
      });
      if (col > 0) edges.push({ source: `r${row}c${col - 1}`, target: id });
    }
  }
  return { name, nodes, edges };
}

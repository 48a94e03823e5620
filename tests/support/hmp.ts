/** The HMP sample read independently of the product (plain gunzip and split), to check the engine's figures. */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { REPO_ROOT } from "./process.js";

export interface HmpRow {
  x: number;
  y: number;
  z: number;
  source: string;
  class: string;
}

let cached: HmpRow[] | null = null;

export function hmpRows(): HmpRow[] {
  if (cached) return cached;
  const text = gunzipSync(readFileSync(`${REPO_ROOT}/data/hmp/hmp.csv.gz`)).toString("utf8");
  cached = text
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => {
      const [x, y, z, source, cls] = line.split(",");
      return { x: Number(x), y: Number(y), z: Number(z), source: source as string, class: cls as string };
    });
  return cached;
}

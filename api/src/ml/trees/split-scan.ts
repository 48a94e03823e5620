// A child with less hessian than this is not worth a split (scikit-learn's min_hessian_to_split).
const MIN_HESSIAN = 1e-3;

/** The best split of a node found so far: left side bins 0…bin of the feature. */
export interface SplitCandidate {
  gain: number;
  feature: number;
  bin: number;
  leftG: number;
  leftH: number;
  leftCount: number;
}

/** A node's totals and the split constraints, as `scanSplits` reads them. */
export interface ScanNode {
  sumG: number;
  sumH: number;
  count: number;
  l2: number;
  minLeaf: number;
}

/**
 * The best split of features [f0, f1) of a node whose histogram is `hist` (minus `minus`, bin by bin, when given:
 * the larger child of a split read as parent minus smaller child). Features are scanned in order and a candidate
 * replaces the best only with a strictly greater gain, so scanning [0, s) and [s, d) apart and taking the second
 * only if strictly better gives the same split as scanning [0, d). Null when no split has positive gain.
 */
export function scanSplits(
  hist: Float64Array,
  minus: Float64Array | null,
  off3: Int32Array,
  f0: number,
  f1: number,
  node: ScanNode,
): SplitCandidate | null {
  const { sumG: G, sumH: H, count, l2, minLeaf } = node;
  const parentScore = (G * G) / (H + l2);
  let best: SplitCandidate | null = null;
  let bestGain = 0;
  for (let f = f0; f < f1; f++) {
    const off = off3[f]!;
    // Bins 0…last-1 can be a split's left side.
    const end = off3[f + 1]! - 3;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let p = off; p < end; p += 3) {
      if (minus === null) {
        gl += hist[p]!;
        hl += hist[p + 1]!;
        cl += hist[p + 2]!;
      } else {
        gl += hist[p]! - minus[p]!;
        hl += hist[p + 1]! - minus[p + 1]!;
        cl += hist[p + 2]! - minus[p + 2]!;
      }
      if (cl < minLeaf || hl < MIN_HESSIAN) continue;
      const cr = count - cl;
      const hr = H - hl;
      if (cr < minLeaf || hr < MIN_HESSIAN) break;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: f, bin: (p - off) / 3, leftG: gl, leftH: hl, leftCount: cl };
      }
    }
  }
  return best;
}

/** The better of two candidates from consecutive feature ranges, `later` only if strictly better (see scanSplits). */
export function betterSplit(earlier: SplitCandidate | null, later: SplitCandidate | null): SplitCandidate | null {
  if (later === null) return earlier;
  return earlier === null || later.gain > earlier.gain ? later : earlier;
}

/** Words per candidate in `writeSplit`/`readSplit`. */
export const SPLIT_WORDS = 6;

/** Writes a candidate (or none: gain 0) at words[at…at + SPLIT_WORDS). */
export function writeSplit(words: Float64Array, at: number, s: SplitCandidate | null): void {
  if (s === null) {
    words[at] = 0;
    return;
  }
  words[at] = s.gain;
  words[at + 1] = s.feature;
  words[at + 2] = s.bin;
  words[at + 3] = s.leftG;
  words[at + 4] = s.leftH;
  words[at + 5] = s.leftCount;
}

/** Reads what writeSplit wrote (a candidate always has positive gain). */
export function readSplit(words: Float64Array, at: number): SplitCandidate | null {
  const gain = words[at]!;
  if (!(gain > 0)) return null;
  return {
    gain,
    feature: words[at + 1]!,
    bin: words[at + 2]!,
    leftG: words[at + 3]!,
    leftH: words[at + 4]!,
    leftCount: words[at + 5]!,
  };
}

/**
 * Objective for the minimiser. An object with methods rather than closures: the calls then have one target per
 * objective class, so V8's optimised lbfgs survives from one fit to the next (a fresh closure per fit is a "wrong
 * call target" and throws the compiled code away at every fit).
 */
export interface Objective {
  /** Writes the gradient at `x` into `grad` and returns the value. */
  evaluate(x: Float64Array, grad: Float64Array): number;
  /** Called after each iteration (progress, cancellation checks: it may throw). */
  iterationDone(iteration: number, value: number): void;
}

export interface LbfgsOptions {
  maxIter: number;
  /** Stop when the largest absolute gradient component is at most this (scipy's pgtol). */
  gradTol: number;
  /** Stop when the relative decrease of the objective is at most this (scipy's ftol). */
  funcTol: number;
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, enough for the smooth convex losses here.
 * Curvature pairs with non-positive sᵀy are skipped, which keeps the inverse-Hessian estimate positive definite.
 */
export function lbfgs(f: Objective, x0: Float64Array, options: LbfgsOptions): LbfgsResult {
  const dim = x0.length;
  const m = options.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(dim);
  let fx = f.evaluate(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const alpha = new Float64Array(m);
  const dir = new Float64Array(dim);
  const xNew = new Float64Array(dim);
  const gNew = new Float64Array(dim);
  let iter = 0;
  let converged = maxAbs(g) <= options.gradTol;
  while (!converged && iter < options.maxIter) {
    // Two-loop recursion: dir = -H g.
    dir.set(g);
    for (let j = S.length - 1; j >= 0; j--) {
      const a = rho[j]! * dot(S[j]!, dir);
      alpha[j] = a;
      axpy(-a, Y[j]!, dir);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < dim; i++) dir[i] = dir[i]! * gamma;
    }
    for (let j = 0; j < S.length; j++) {
      const b = rho[j]! * dot(Y[j]!, dir);
      axpy(alpha[j]! - b, S[j]!, dir);
    }
    for (let i = 0; i < dim; i++) dir[i] = -dir[i]!;
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < dim; i++) dir[i] = -g[i]!;
      slope = dot(g, dir);
    }
    let step = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 50; ls++) {
      for (let i = 0; i < dim; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = f.evaluate(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    iter++;
    if (!accepted) break;
    const s = new Float64Array(dim);
    const yv = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xNew[i]! - x[i]!;
      yv[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, yv);
    if (sy > 1e-10 * dot(yv, yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const fOld = fx;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    f.iterationDone(iter, fx);
    if (maxAbs(g) <= options.gradTol) converged = true;
    else if ((fOld - fx) / Math.max(Math.abs(fOld), Math.abs(fx), 1) <= options.funcTol) converged = true;
  }
  return { x, value: fx, iterations: iter, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + a * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}

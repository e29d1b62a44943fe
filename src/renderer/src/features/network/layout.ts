import iterate, { type IterateOptions } from 'graphology-layout-forceatlas2/iterate';

/**
 * ForceAtlas2 over flat matrices, as graphology-layout-forceatlas2 lays them out (10 numbers a
 * node, 3 an edge), run in batches until the picture stops moving. layout.worker.ts runs it off
 * the main thread; the unit test runs it directly. Nodes marked fixed (kept from an earlier visit,
 * or pinned by dragging) stay where they are, so adding a few actors does not move the others.
 */

const PPN = 10;
const PPE = 3;

export interface LayoutInput {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  fixed: ArrayLike<boolean | number>;
  /** [source index, target index, weight] */
  edges: ReadonlyArray<readonly [number, number, number]>;
}

export interface LayoutRun {
  /** Runs `iterations` steps; returns how far nodes moved per step, on average, relative to the picture's size. */
  step(iterations: number): number;
  /** x0, y0, x1, y1… */
  positions(): Float32Array;
}

export function settingsFor(order: number): IterateOptions {
  return {
    linLogMode: false,
    outboundAttractionDistribution: false,
    adjustSizes: false,
    edgeWeightInfluence: 1,
    scalingRatio: 10,
    strongGravityMode: true,
    gravity: 0.05,
    slowDown: 1 + Math.log(Math.max(1, order)),
    barnesHutOptimize: order > 500,
    barnesHutTheta: 0.6,
  };
}

export function createLayout(input: LayoutInput): LayoutRun {
  const n = input.x.length;
  const nodes = new Float32Array(n * PPN);
  for (let i = 0; i < n; i++) {
    const j = i * PPN;
    nodes[j] = input.x[i];
    nodes[j + 1] = input.y[i];
    nodes[j + 6] = 1; // mass: 1 + weighted degree
    nodes[j + 7] = 1; // convergence
    nodes[j + 8] = 1; // size
    nodes[j + 9] = input.fixed[i] ? 1 : 0;
  }
  const edges = new Float32Array(input.edges.length * PPE);
  input.edges.forEach(([s, t, w], k) => {
    edges[k * PPE] = s * PPN;
    edges[k * PPE + 1] = t * PPN;
    edges[k * PPE + 2] = w;
    nodes[s * PPN + 6] += w;
    nodes[t * PPN + 6] += w;
  });
  const settings = settingsFor(n);
  const before = new Float32Array(n * 2);
  return {
    step(iterations) {
      if (n === 0) return 0;
      for (let i = 0; i < n; i++) {
        before[2 * i] = nodes[i * PPN];
        before[2 * i + 1] = nodes[i * PPN + 1];
      }
      for (let k = 0; k < iterations; k++) iterate(settings, nodes, edges);
      let moved = 0;
      let minX = Infinity;
      let maxX = -Infinity;
      let minY = Infinity;
      let maxY = -Infinity;
      for (let i = 0; i < n; i++) {
        const x = nodes[i * PPN];
        const y = nodes[i * PPN + 1];
        moved += Math.hypot(x - before[2 * i], y - before[2 * i + 1]);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      const extent = Math.max(1e-6, maxX - minX, maxY - minY);
      return moved / n / iterations / extent;
    },
    positions() {
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        out[2 * i] = nodes[i * PPN];
        out[2 * i + 1] = nodes[i * PPN + 1];
      }
      return out;
    },
  };
}

/**
 * Pushes apart nodes closer than `share` of the picture's size (ForceAtlas2 may leave a pair of
 * actors tied only to each other on top of one another), moving only the free ones. Quadratic, so
 * only for graphs of up to `limit` nodes; larger ones are left as they are.
 */
export function separate(positions: Float32Array, fixed: ArrayLike<boolean | number>, share = 0.05, limit = 800): void {
  const n = positions.length / 2;
  if (n < 2 || n > limit) return;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, positions[2 * i]);
    maxX = Math.max(maxX, positions[2 * i]);
    minY = Math.min(minY, positions[2 * i + 1]);
    maxY = Math.max(maxY, positions[2 * i + 1]);
  }
  const min = share * Math.max(1e-6, maxX - minX, maxY - minY);
  for (let pass = 0; pass < 30; pass++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = positions[2 * j] - positions[2 * i];
        let dy = positions[2 * j + 1] - positions[2 * i + 1];
        let d = Math.hypot(dx, dy);
        if (d >= min) continue;
        if (d < 1e-9) {
          // On top of each other: part them along a direction fixed by their indexes.
          dx = Math.cos(i + j);
          dy = Math.sin(i + j);
          d = 1;
        }
        const fi = fixed[i] ? 0 : 1;
        const fj = fixed[j] ? 0 : 1;
        if (fi + fj === 0) continue;
        const push = (min - d) / (fi + fj);
        positions[2 * i] -= (dx / d) * push * fi;
        positions[2 * i + 1] -= (dy / d) * push * fi;
        positions[2 * j] += (dx / d) * push * fj;
        positions[2 * j + 1] += (dy / d) * push * fj;
        moved = true;
      }
    }
    if (!moved) return;
  }
}

/** Settled: nodes move less than this share of the picture per step. */
export const SETTLED = 0.0004;
export const MAX_ITERATIONS = 3000;

/**
 * Runs the layout until it settles (or MAX_ITERATIONS, or `maxMs`), calling `onBatch` with the
 * positions now and then. Returns the iterations run and whether it settled.
 */
export function settle(
  input: LayoutInput,
  options: { maxMs?: number; batch?: number; onBatch?: (positions: Float32Array) => void; now?: () => number } = {},
): { iterations: number; settled: boolean; positions: Float32Array } {
  const run = createLayout(input);
  const now = options.now ?? (() => Date.now());
  const start = now();
  const batch = options.batch ?? 10;
  let iterations = 0;
  let settled = input.x.length === 0;
  while (!settled && iterations < MAX_ITERATIONS && now() - start < (options.maxMs ?? 15_000)) {
    const moved = run.step(batch);
    iterations += batch;
    if (moved < SETTLED) settled = true;
    options.onBatch?.(run.positions());
  }
  const positions = run.positions();
  separate(positions, input.fixed);
  return { iterations, settled, positions };
}

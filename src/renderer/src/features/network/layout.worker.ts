import { createLayout, MAX_ITERATIONS, separate, SETTLED, type LayoutInput } from './layout';

/**
 * The Network view's layout worker: ForceAtlas2 (layout.ts) off the main thread. It answers a
 * `start` with `tick` messages (positions, at most about 30 a second) and one `done` when the
 * picture has settled, the iteration cap is reached or `stop` arrives. A worker file of our own,
 * bundled by Vite, rather than the package's blob worker: the app's Content-Security-Policy
 * allows scripts from the app only.
 */

export type LayoutRequest = { type: 'start'; run: number; input: LayoutInput; maxMs: number } | { type: 'stop'; run: number };
export type LayoutReply =
  | { type: 'tick'; run: number; positions: Float32Array }
  | { type: 'done'; run: number; positions: Float32Array; iterations: number; settled: boolean; ms: number };

const scope = self as unknown as { onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: LayoutReply): void };

let current = 0;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'stop') {
    if (message.run === current) current = -1;
    return;
  }
  const run = message.run;
  current = run;
  const layout = createLayout(message.input);
  const started = performance.now();
  let lastTick = started;
  let iterations = 0;
  let settled = message.input.x.length === 0;
  // Batches yield to the event loop, so a `stop` (or a newer `start`) is read between them.
  const batch = () => {
    if (current !== run) return;
    const sliceEnd = performance.now() + 12;
    while (!settled && iterations < MAX_ITERATIONS && performance.now() < sliceEnd) {
      if (layout.step(5) < SETTLED) settled = true;
      iterations += 5;
    }
    const now = performance.now();
    if (settled || iterations >= MAX_ITERATIONS || now - started > message.maxMs) {
      const positions = layout.positions();
      separate(positions, message.input.fixed);
      scope.postMessage({ type: 'done', run, positions, iterations, settled, ms: performance.now() - started });
      return;
    }
    if (now - lastTick > 33) {
      lastTick = now;
      scope.postMessage({ type: 'tick', run, positions: layout.positions() });
    }
    setTimeout(batch, 0);
  };
  batch();
};

/**
 * Runs `task` once the window is idle (at the latest after `timeoutMs`), for work that must never
 * stand in the way of what the user asked for: warming fonts, fetching code for later. Returns a
 * cancel function, for an effect's cleanup.
 */
export function whenIdle(task: () => void, timeoutMs = 2000): () => void {
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(task, Math.min(500, timeoutMs));
    return () => clearTimeout(timer);
  }
  const id = requestIdleCallback(task, { timeout: timeoutMs });
  return () => cancelIdleCallback(id);
}

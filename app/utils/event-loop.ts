/**
 * Lets every other waiting request run before the caller continues. Long reports and exports
 * call it between batches, so a 10,000-row export never holds the single Node thread (and
 * with it every cadre's answer save) for more than one batch (RELIABILITY.md 13).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

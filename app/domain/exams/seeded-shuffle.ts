/**
 * Fisher–Yates over an injected generator (seededRandom), so a stored seed reproduces
 * exactly the same draw and the same option order.
 */

export function shuffled<T>(random: () => number, items: readonly T[]): T[] {
  const result = items.slice();
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

/** `count` distinct items chosen uniformly, kept in their original relative order. */
export function sampleInOrder<T>(random: () => number, items: readonly T[], count: number): T[] {
  const indexes = items.map((_, i) => i);
  const n = Math.min(Math.max(0, count), items.length);
  // A partial Fisher–Yates: the first n slots end up a uniform sample.
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
  }
  return indexes
    .slice(0, n)
    .sort((a, b) => a - b)
    .map((i) => items[i]);
}

/** A seeded permutation of 0..n-1. */
export function permutation(random: () => number, n: number): number[] {
  return shuffled(
    random,
    Array.from({ length: n }, (_, i) => i)
  );
}

/**
 * Which question practice shows next. Unseen questions first (in a seeded random order, so a
 * bank is not always practised from its first question), then the one practised longest
 * ago; never the question just answered while there is another. Pure: the seed comes from
 * the caller.
 */
import { seededRandom } from "../random";

export type PracticeSeen = { lastAt: string; count: number };

export function nextPracticeQuestion<T extends { identity: string }>(
  candidates: readonly T[],
  seen: ReadonlyMap<string, PracticeSeen>,
  justAnswered: string | null,
  seed: number,
): T | null {
  if (candidates.length === 0) return null;
  const pool = candidates.length > 1 && justAnswered ? candidates.filter((c) => c.identity !== justAnswered) : [...candidates];
  const unseen = pool.filter((c) => !seen.has(c.identity));
  if (unseen.length > 0) return unseen[Math.floor(seededRandom(seed)() * unseen.length)];
  return pool.reduce((oldest, c) => (seen.get(c.identity)!.lastAt < seen.get(oldest.identity)!.lastAt ? c : oldest));
}

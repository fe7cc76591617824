/**
 * A token bucket: `capacity` requests at once, refilled at `perSecond`. Pure: the caller
 * keeps the state and passes `now`, so the limiter is exact in tests.
 */
export type Bucket = { tokens: number; updatedAt: number };

export function takeToken(
  bucket: Bucket | undefined,
  now: number,
  rule: { capacity: number; perSecond: number },
): { allowed: boolean; bucket: Bucket } {
  const start = bucket ?? { tokens: rule.capacity, updatedAt: now };
  const refilled = Math.min(rule.capacity, start.tokens + ((now - start.updatedAt) / 1000) * rule.perSecond);
  if (refilled < 1) return { allowed: false, bucket: { tokens: refilled, updatedAt: now } };
  return { allowed: true, bucket: { tokens: refilled - 1, updatedAt: now } };
}

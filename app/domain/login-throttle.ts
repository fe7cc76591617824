/**
 * Login throttling arithmetic. Failures are counted per account and per client address
 * over a sliding hour. A few failures are free; after that each further try must wait
 * an exponentially growing delay (capped, so nobody is locked out for long), and past a
 * hard ceiling the key is refused until its oldest failures leave the window. Nothing is
 * permanent: an attacker can slow an account down, never lock it for good.
 */

export const THROTTLE_WINDOW_MS = 60 * 60 * 1000;

export type ThrottleRule = {
  /** Failures within the window that cost nothing. */
  freeFailures: number;
  /** Longest wait between tries, in seconds. */
  maxDelaySeconds: number;
  /** Failures within the window after which tries are refused outright. */
  ceiling: number;
};

export const ACCOUNT_RULE: ThrottleRule = { freeFailures: 5, maxDelaySeconds: 60, ceiling: 100 };
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, maxDelaySeconds: 60, ceiling: 300 };

/** Failure instants (ms) for one key, any order; only those within the window matter. */
export type FailureHistory = number[];

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; reason: "slow_down" | "ceiling" };

/** Seconds to wait after the n-th failure in the window (n counts from 1). */
export function delayAfterFailures(n: number, rule: ThrottleRule): number {
  if (n <= rule.freeFailures) return 0;
  return Math.min(2 ** (n - rule.freeFailures - 1), rule.maxDelaySeconds);
}

export function decide(history: FailureHistory, now: number, rule: ThrottleRule): ThrottleDecision {
  const recent = history.filter((t) => t > now - THROTTLE_WINDOW_MS && t <= now).sort((a, b) => a - b);
  if (recent.length === 0) return { allowed: true };
  if (recent.length >= rule.ceiling) {
    // Refused until enough of the oldest failures fall out of the window to get below the ceiling.
    const freesAt = recent[recent.length - rule.ceiling] + THROTTLE_WINDOW_MS;
    return { allowed: false, reason: "ceiling", retryAfterSeconds: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
  const wait = delayAfterFailures(recent.length, rule) * 1000;
  const last = recent[recent.length - 1];
  if (now < last + wait) {
    return { allowed: false, reason: "slow_down", retryAfterSeconds: Math.max(1, Math.ceil((last + wait - now) / 1000)) };
  }
  return { allowed: true };
}

/** The stricter of the per-account and per-address decisions. */
export function decideLogin(
  input: { accountFailures: FailureHistory; addressFailures: FailureHistory; now: number },
  rules: { account: ThrottleRule; address: ThrottleRule } = { account: ACCOUNT_RULE, address: ADDRESS_RULE },
): ThrottleDecision {
  const byAccount = decide(input.accountFailures, input.now, rules.account);
  const byAddress = decide(input.addressFailures, input.now, rules.address);
  if (byAccount.allowed) return byAddress;
  if (byAddress.allowed) return byAccount;
  return byAccount.retryAfterSeconds >= byAddress.retryAfterSeconds ? byAccount : byAddress;
}

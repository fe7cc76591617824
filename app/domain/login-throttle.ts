/**
 * Login throttling arithmetic. Failures are counted over a sliding hour in three buckets:
 *
 * - per account and address: the one that slows a guesser down. A few failures are free;
 *   then each try waits a doubling delay (capped), and past a ceiling the pair is refused
 *   until its oldest failures leave the window;
 * - per address: the same across every account, against spraying many accounts;
 * - per account, from anywhere: a hard ceiling only (≤ 100 failures an hour), no delays, and
 *   addresses the account has signed in from before are exempt from it.
 *
 * So a burst from one address slows only that address for that account: the real user
 * signs in from their own place at once. Nothing is permanent: every refusal ends when the
 * failures age out of the window. Docs: docs/decisions/0010-login-throttle-under-concurrency.md
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

export const PAIR_RULE: ThrottleRule = { freeFailures: 5, maxDelaySeconds: 60, ceiling: 50 };
export const ADDRESS_RULE: ThrottleRule = { freeFailures: 20, maxDelaySeconds: 60, ceiling: 300 };
/** No delays (an attacker elsewhere must not slow the user down), only the hourly ceiling. */
export const ACCOUNT_RULE: ThrottleRule = { freeFailures: Number.POSITIVE_INFINITY, maxDelaySeconds: 0, ceiling: 100 };

/** Failure instants (ms) for one key, any order; only those within the window matter. */
export type FailureHistory = number[];

export type ThrottleReason = "slow_down" | "ceiling";

export type ThrottleDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; reason: ThrottleReason };

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

export type LoginHistories = {
  /** This account from this address. */
  pairFailures: FailureHistory;
  /** Any account from this address. */
  addressFailures: FailureHistory;
  /** This account from any address. */
  accountFailures: FailureHistory;
  /** The account has signed in from this address before: the account-wide ceiling does not apply. */
  knownAddress: boolean;
  now: number;
};

export type LoginRules = { pair: ThrottleRule; address: ThrottleRule; account: ThrottleRule };
export const LOGIN_RULES: LoginRules = { pair: PAIR_RULE, address: ADDRESS_RULE, account: ACCOUNT_RULE };

/** The strictest refusal of the three buckets (the longest wait), or allowed. */
export function decideLogin(input: LoginHistories, rules: LoginRules = LOGIN_RULES): ThrottleDecision {
  const decisions = [
    decide(input.pairFailures, input.now, rules.pair),
    decide(input.addressFailures, input.now, rules.address),
    input.knownAddress ? ({ allowed: true } as const) : decide(input.accountFailures, input.now, rules.account),
  ];
  let strictest: ThrottleDecision = { allowed: true };
  for (const d of decisions) {
    if (!d.allowed && (strictest.allowed || d.retryAfterSeconds > strictest.retryAfterSeconds)) strictest = d;
  }
  return strictest;
}

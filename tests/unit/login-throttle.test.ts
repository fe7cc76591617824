import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  decide,
  decideLogin,
  delayAfterFailures,
  PAIR_RULE,
  THROTTLE_WINDOW_MS,
} from "~/domain/login-throttle";

const T0 = Date.parse("2026-11-26T02:00:00Z");
const seconds = (s: number) => s * 1000;

describe("login throttling arithmetic", () => {
  test("the first failures are free; then the wait doubles up to a cap", () => {
    expect([1, 2, 3, 4, 5].map((n) => delayAfterFailures(n, PAIR_RULE))).toEqual([0, 0, 0, 0, 0]);
    expect([6, 7, 8, 9, 10].map((n) => delayAfterFailures(n, PAIR_RULE))).toEqual([1, 2, 4, 8, 16]);
    expect(delayAfterFailures(40, PAIR_RULE)).toBe(PAIR_RULE.maxDelaySeconds);
  });

  test("after six quick failures the next try must wait, and is allowed once the wait is over", () => {
    const history = [0, 1, 2, 3, 4, 5].map((i) => T0 + seconds(i));
    const tooSoon = decide(history, T0 + seconds(5.5), PAIR_RULE);
    expect(tooSoon).toEqual({ allowed: false, reason: "slow_down", retryAfterSeconds: 1 });
    expect(decide(history, T0 + seconds(6), PAIR_RULE)).toEqual({ allowed: true });
  });

  test("an account is refused at 100 failures within the hour, and free again as they age out", () => {
    const history = Array.from({ length: 100 }, (_, i) => T0 + seconds(i * 30));
    const now = T0 + seconds(100 * 30);
    const refused = decide(history, now, ACCOUNT_RULE);
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.reason).toBe("ceiling");
      // The oldest failure leaves the window one hour after it happened.
      expect(refused.retryAfterSeconds).toBe(Math.ceil((T0 + THROTTLE_WINDOW_MS - now) / 1000));
    }
    expect(decide(history, T0 + THROTTLE_WINDOW_MS + seconds(1), ACCOUNT_RULE).allowed).toBe(true);
  });

  test("no lockout outlives the window: a flood an hour old leaves the account open", () => {
    const flood = Array.from({ length: 500 }, (_, i) => T0 + i);
    expect(decide(flood, T0 + THROTTLE_WINDOW_MS + seconds(1), ACCOUNT_RULE)).toEqual({ allowed: true });
  });

  test("the maximum wait never exceeds the cap, so an attacker can only slow an account down", () => {
    const history = Array.from({ length: PAIR_RULE.ceiling - 1 }, (_, i) => T0 + seconds(i));
    const decision = decide(history, T0 + seconds(PAIR_RULE.ceiling - 1), PAIR_RULE);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.retryAfterSeconds).toBeLessThanOrEqual(PAIR_RULE.maxDelaySeconds);
  });

  const none = { pairFailures: [], addressFailures: [], accountFailures: [], knownAddress: false };

  test("failures across many accounts from one address throttle that address", () => {
    const addressFailures = Array.from({ length: ADDRESS_RULE.freeFailures + 3 }, (_, i) => T0 + seconds(i));
    const decision = decideLogin({ ...none, addressFailures, now: addressFailures.at(-1)! + 10 });
    expect(decision.allowed).toBe(false);
  });

  test("quick failures on one account from one address slow that pair down", () => {
    const failures = Array.from({ length: 10 }, (_, i) => T0 + seconds(i));
    const decision = decideLogin({ ...none, pairFailures: failures, addressFailures: failures, accountFailures: failures, now: T0 + seconds(10) });
    expect(decision).toMatchObject({ allowed: false, reason: "slow_down" });
  });

  test("another address is not slowed by a burst elsewhere: the account bucket has no delays", () => {
    const elsewhere = Array.from({ length: 60 }, (_, i) => T0 + seconds(i));
    expect(decideLogin({ ...none, accountFailures: elsewhere, now: T0 + seconds(61) })).toEqual({ allowed: true });
  });

  test("100 failures an hour on one account refuse unknown addresses, but not an address it signed in from before", () => {
    const flood = Array.from({ length: ACCOUNT_RULE.ceiling }, (_, i) => T0 + seconds(i * 10));
    const now = T0 + seconds(ACCOUNT_RULE.ceiling * 10);
    expect(decideLogin({ ...none, accountFailures: flood, now })).toMatchObject({ allowed: false, reason: "ceiling" });
    expect(decideLogin({ ...none, accountFailures: flood, knownAddress: true, now })).toEqual({ allowed: true });
  });

  test("the longest wait of the refusing buckets is the one given", () => {
    const pair = Array.from({ length: 8 }, (_, i) => T0 + seconds(i));
    const address = Array.from({ length: ADDRESS_RULE.ceiling }, (_, i) => T0 + i);
    const decision = decideLogin({ ...none, pairFailures: pair, addressFailures: address, now: T0 + seconds(8) });
    expect(decision).toMatchObject({ allowed: false, reason: "ceiling" });
  });
});

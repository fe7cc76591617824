import { betterAttempt, cadreOutcome, outcomesByCadre } from "~/domain/statistics/outcomes";

import { attempt } from "./statistics-fixtures";

describe("a cadre's counted result (attempts allowed, the best counts)", () => {
  test("the best finished attempt counts, not the latest or the first", () => {
    const first = attempt({ attemptNo: 1, score: 55, passed: false });
    const second = attempt({ attemptNo: 2, score: 82, passed: true });
    const third = attempt({ attemptNo: 3, score: 70, passed: true });
    const outcome = cadreOutcome([first, second, third]);
    expect(outcome).toMatchObject({ state: "final", attempts: 3, passed: true, best: { id: second.id } });
  });

  test("a pass beats a higher failing score (section minimums), and equal scores keep the earlier attempt", () => {
    const highButFailed = attempt({ attemptNo: 1, score: 90, passed: false });
    const lowerPassed = attempt({ attemptNo: 2, score: 75, passed: true });
    expect(cadreOutcome([highButFailed, lowerPassed])).toMatchObject({ state: "final", best: { id: lowerPassed.id }, passed: true });
    const a = attempt({ attemptNo: 1, score: 80 });
    const b = attempt({ attemptNo: 2, score: 80 });
    expect(betterAttempt(b, a)).toBe(false);
    expect(cadreOutcome([b, a])).toMatchObject({ best: { id: a.id } });
  });

  test("an open attempt does not count; with nothing handed in the cadre is still 未参考 (作答中)", () => {
    expect(cadreOutcome([])).toEqual({ state: "absent", attempts: 0 });
    expect(cadreOutcome([attempt({ status: "in_progress", score: null, passed: null, finishedAt: null })])).toEqual({ state: "in_progress", attempts: 1 });
    const done = attempt({ attemptNo: 1, score: 66 });
    const open = attempt({ attemptNo: 2, status: "in_progress", score: null, passed: null, finishedAt: null });
    expect(cadreOutcome([done, open])).toMatchObject({ state: "final", attempts: 2, best: { id: done.id } });
  });

  test("an expired (auto-submitted) attempt counts like a submitted one", () => {
    expect(cadreOutcome([attempt({ status: "expired", score: 61, passed: true })])).toMatchObject({ state: "final", passed: true });
  });

  test("any pending attempt makes the whole result pending: the essay may still make it the best", () => {
    const graded = attempt({ attemptNo: 1, score: 95, passed: true });
    const waiting = attempt({ attemptNo: 2, score: 50, passed: null, pending: true });
    expect(cadreOutcome([graded, waiting])).toMatchObject({ state: "pending", attempts: 2, latest: { id: waiting.id } });
  });

  test("outcomes are listed for every assigned cadre; attempts of anyone else are ignored", () => {
    const map = outcomesByCadre([1, 2], [attempt({ userId: 2, score: 70 }), attempt({ userId: 9, score: 100 })]);
    expect([...map.keys()]).toEqual([1, 2]);
    expect(map.get(1)).toEqual({ state: "absent", attempts: 0 });
    expect(map.get(2)).toMatchObject({ state: "final" });
  });
});

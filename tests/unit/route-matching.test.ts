/**
 * patches/@remix-run+router+1.23.3.patch (issue 13, ADR 0020): the server's router keeps
 * each compiled path and each route tree's ranked branches instead of rebuilding them for
 * every match. Matching must give what it gave before, and the patch must be in place.
 */
import { createRequire } from "node:module";

import { afterEach, describe, expect, it } from "vitest";

// The CommonJS build is the one the server loads (the browser bundle uses the ESM one, unpatched).
const router = createRequire(import.meta.url)("@remix-run/router") as typeof import("@remix-run/router");

const NativeRegExp = globalThis.RegExp;
afterEach(() => {
  globalThis.RegExp = NativeRegExp;
});

/** Counts `new RegExp(...)` calls made while `work` runs. */
function regexpsBuiltDuring(work: () => void): number {
  let built = 0;
  globalThis.RegExp = new Proxy(NativeRegExp, {
    construct(target, args) {
      built++;
      return Reflect.construct(target, args);
    },
  });
  try {
    work();
  } finally {
    globalThis.RegExp = NativeRegExp;
  }
  return built;
}

describe("the patched router", () => {
  it("compiles a path once, however often it is matched", () => {
    const path = `/patched-${Date.now()}/:id`;
    expect(regexpsBuiltDuring(() => router.matchPath(path, "/x"))).toBe(1);
    expect(regexpsBuiltDuring(() => router.matchPath(path, `/patched-${Date.now()}/1`))).toBe(0);
  });

  it("matches as before: params, case, end, splats, index routes", () => {
    expect(router.matchPath("/attempts/:attemptId", "/attempts/42")?.params).toEqual({ attemptId: "42" });
    expect(router.matchPath("/attempts/:attemptId", "/ATTEMPTS/43")?.params).toEqual({ attemptId: "43" });
    expect(router.matchPath({ path: "/attempts/:attemptId", caseSensitive: true }, "/ATTEMPTS/43")).toBeNull();
    expect(router.matchPath({ path: "/manage", end: false }, "/manage/exams")?.pathnameBase).toBe("/manage");
    expect(router.matchPath({ path: "/manage", end: true }, "/manage/exams")).toBeNull();
    expect(router.matchPath("/files/*", "/files/a/b")?.params["*"]).toBe("a/b");

    const routes = [{ id: "root", path: "/", children: [{ id: "home", index: true }, { id: "attempt", path: "attempts/:attemptId" }, { id: "result", path: "attempts/:attemptId/result" }] }];
    const ids = (pathname: string) => router.matchRoutes(routes, pathname)?.map((m) => m.route.id) ?? null;
    for (let i = 0; i < 3; i++) {
      expect(ids("/")).toEqual(["root", "home"]);
      expect(ids("/attempts/7")).toEqual(["root", "attempt"]);
      expect(ids("/attempts/7/result")).toEqual(["root", "result"]);
      expect(ids("/nowhere/at/all")).toBeNull();
    }
    // Another tree is ranked on its own, never from the first one's cache.
    const other = [{ id: "only", path: "/attempts/:attemptId" }];
    expect(router.matchRoutes(other, "/attempts/7")?.map((m) => m.route.id)).toEqual(["only"]);
    expect(router.matchRoutes(other, "/")).toBeNull();
  });
});

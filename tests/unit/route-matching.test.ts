/**
 * The patches of the server's routing (issue 13, ADR 0020), in patches/:
 * - @remix-run/router: each compiled path and each route tree's ranked branches are kept, and
 *   a branch whose whole path refuses the pathname is passed over with one test;
 * - @remix-run/server-runtime, @remix-run/react, react-router-dom: the route modules, the
 *   server's routes and the static router's data routes are made once per build, not once per
 *   render (which also lets the router's caches hit); the loaders of one request share one
 *   request object (so they share one look-up of who is signed in).
 * Matching must give what it gave before, and each patch must be in place.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import type { AgnosticRouteObject } from "@remix-run/router";
import { afterEach, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// The CommonJS build is the one the server loads (the browser bundle uses the ESM one, unpatched).
const router = require("@remix-run/router") as typeof import("@remix-run/router");
// The UMD build is left as published: the reference the patched matcher is held to.
const unpatched = require("@remix-run/router/dist/router.umd.js") as typeof import("@remix-run/router");

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

type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteNode[] };
/** The app's trees are well formed (index routes have no children), which the router's type spells out. */
const asRoutes = (tree: RouteNode[]) => tree as unknown as AgnosticRouteObject[];

/** The app's own route tree, from app/routes as Remix reads it. */
function appRouteTree(): RouteNode[] {
  const { flatRoutes } = require("@remix-run/dev/dist/config/flat-routes.js") as {
    flatRoutes: (appDir: string) => Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean }>;
  };
  const manifest = flatRoutes(path.resolve("app"));
  const nodes = new Map<string, RouteNode>([["root", { id: "root", path: "" }]]);
  for (const route of Object.values(manifest)) nodes.set(route.id, { id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
  for (const route of Object.values(manifest)) {
    const parent = nodes.get(route.parentId ?? "root")!;
    (parent.children ??= []).push(nodes.get(route.id)!);
  }
  return [nodes.get("root")!];
}

/** Pathnames near every route: filled params (odd ones too), cases, slashes, extra and missing segments. */
function pathnamesAround(tree: RouteNode[], seed: number): string[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const values = ["1", "42", "abc", "A-b_c", "%E8%80%83", "考学", "x%20y", "0", "..", "a.b", "%2F"];
  const fullPaths: string[] = [];
  const walk = (nodes: RouteNode[], prefix: string) => {
    for (const node of nodes) {
      const full = [prefix, node.path ?? ""].filter(Boolean).join("/");
      fullPaths.push(full);
      if (node.children) walk(node.children, full);
    }
  };
  walk(tree, "");
  const out = ["/", "//", "", "/nowhere", "/manage/", "/MANAGE", "/attempts", "/attempts/", "/attempts//result"];
  for (const full of fullPaths) {
    for (let k = 0; k < 6; k++) {
      let p = "/" + full.split("/").filter(Boolean).map((segment) => (segment.startsWith(":") ? pick(values) : segment === "*" ? `${pick(values)}/${pick(values)}` : segment)).join("/");
      const twist = Math.floor(random() * 7);
      if (twist === 1) p = p.toUpperCase();
      if (twist === 2) p += "/";
      if (twist === 3) p += `/${pick(values)}`;
      if (twist === 4) p = p.split("/").slice(0, -1).join("/") || "/";
      if (twist === 5) p = p.replace("/", "//");
      if (twist === 6) p += "/index";
      out.push(p);
    }
  }
  return out;
}

const summary = (matches: ReturnType<typeof router.matchRoutes>) =>
  matches?.map((m) => ({ id: m.route.id, params: { ...m.params }, pathname: m.pathname, pathnameBase: m.pathnameBase })) ?? null;

describe("the patched matcher against the published one", () => {
  it("matches every pathname near the app's routes exactly as the published router does", () => {
    const tree = appRouteTree();
    expect(tree[0].children!.length).toBeGreaterThan(50);
    const pathnames = pathnamesAround(tree, 20261203);
    expect(pathnames.length).toBeGreaterThan(400);
    const landedOn = new Set<string>();
    for (const pathname of pathnames) {
      const mine = summary(router.matchRoutes(asRoutes(tree), pathname));
      expect(mine, pathname).toEqual(summary(unpatched.matchRoutes(asRoutes(tree), pathname)));
      landedOn.add(mine?.at(-1)?.id ?? "(none)");
    }
    // The pathnames reached most routes, and the catch-all (the 404 page) too.
    expect(landedOn.size).toBeGreaterThan(50);
    expect(landedOn).toContain("routes/$");
    // Without a catch-all, some pathnames match nothing: the same for both.
    const withoutCatchAll = [{ ...tree[0], children: tree[0].children!.filter((r) => r.path !== "*") }];
    let none = 0;
    for (const pathname of pathnames) {
      const mine = summary(router.matchRoutes(asRoutes(withoutCatchAll), pathname));
      expect(mine, pathname).toEqual(summary(unpatched.matchRoutes(asRoutes(withoutCatchAll), pathname)));
      if (!mine) none++;
    }
    expect(none).toBeGreaterThan(20);
  });

  it("is the installed router that the server loads (the quick test is in it)", () => {
    // Which branch the quick test passes over cannot be seen from outside (the result is the
    // same by design, see above); that the server's copy carries it can.
    const source = fs.readFileSync(require.resolve("@remix-run/router"), "utf8");
    expect(source).toContain("branch.quickMatcher = compilePath(branch.path, false, true)[0]");
    expect(source).toContain("if (!allowPartial && !branches[i].quickMatcher.test(decoded)) continue;");
  });
});

describe("the server's routes are made once per build, a loader's request once per request", () => {
  it("gives the loaders of one request the same request, without Remix's own search params", async () => {
    const { callRouteLoader } = require("@remix-run/server-runtime/dist/data.js") as {
      callRouteLoader: (args: { loadContext: object; loader: (args: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }) => Promise<unknown>;
    };
    const seen: Request[] = [];
    const loader = ({ request }: { request: Request }) => (seen.push(request), null);
    const incoming = new Request("http://localhost/attempts/7?index&_routes=root&tab=2", { headers: { Cookie: "a=b" } });
    for (const routeId of ["root", "routes/attempts.$attemptId._index"]) await callRouteLoader({ loadContext: {}, loader, params: {}, request: incoming, routeId, singleFetch: true });
    expect(seen[1]).toBe(seen[0]);
    expect(seen[0].url).toBe("http://localhost/attempts/7?tab=2");
    expect(seen[0].headers.get("cookie")).toBe("a=b");
    // Another request gets its own.
    await callRouteLoader({ loadContext: {}, loader, params: {}, request: new Request("http://localhost/"), routeId: "root", singleFetch: true });
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[2].url).toBe("http://localhost/");
  });

  it("passes a request without Remix's search params on as it is, not as a copy", async () => {
    const { callRouteLoader } = require("@remix-run/server-runtime/dist/data.js") as {
      callRouteLoader: (args: { loadContext: object; loader: (args: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }) => Promise<unknown>;
    };
    const seen: Request[] = [];
    const loader = ({ request }: { request: Request }) => (seen.push(request), null);
    const incoming = new Request("http://localhost/attempts/7?tab=2", { headers: { Cookie: "a=b" } });
    await callRouteLoader({ loadContext: {}, loader, params: {}, request: incoming, routeId: "root", singleFetch: true });
    expect(seen[0]).toBe(incoming);
    // An empty index param is still Remix's own and is still taken off.
    const indexed = new Request("http://localhost/attempts/7?index");
    await callRouteLoader({ loadContext: {}, loader, params: {}, request: indexed, routeId: "root", singleFetch: true });
    expect(seen[1]).not.toBe(indexed);
    expect(seen[1].url).toBe("http://localhost/attempts/7");
  });

  it("gives the same route modules object for the same build's routes", () => {
    const { createEntryRouteModules } = require("@remix-run/server-runtime/dist/entry.js") as { createEntryRouteModules: (routes: object) => object };
    const buildRoutes = { root: { module: { default: () => null } } };
    const first = createEntryRouteModules(buildRoutes);
    expect(createEntryRouteModules(buildRoutes)).toBe(first);
    expect(first).toEqual({ root: buildRoutes.root.module });
    expect(createEntryRouteModules({ root: { module: {} } })).not.toBe(first);
  });

  it("gives the same server routes for the same manifest, modules and flags, and new ones otherwise", () => {
    const { createServerRoutes } = require("@remix-run/react/dist/routes.js") as {
      createServerRoutes: (manifest: object, modules: object, future: object, spa: boolean) => Array<{ id: string; children?: Array<{ id: string }> }>;
    };
    const manifest = {
      root: { id: "root", path: "", hasLoader: true },
      "routes/a": { id: "routes/a", parentId: "root", path: "a", hasLoader: false },
    };
    const modules = { root: { default: () => null }, "routes/a": { default: () => null } };
    const future = {};
    const routes = createServerRoutes(manifest, modules, future, false);
    expect(routes.map((r) => r.id)).toEqual(["root"]);
    expect(routes[0].children!.map((r) => r.id)).toEqual(["routes/a"]);
    expect(createServerRoutes(manifest, modules, future, false)).toBe(routes);
    expect(createServerRoutes(manifest, modules, {}, false)).not.toBe(routes);
    expect(createServerRoutes({ ...manifest }, modules, future, false)).not.toBe(routes);
  });

  it("lets a static router reuse the data routes of the same routes, each with its own request's state", async () => {
    const { createStaticHandler, createStaticRouter } = require("react-router-dom/server.js") as typeof import("react-router-dom/server");
    const routes = [{ id: "root", path: "/", children: [{ id: "attempt", path: "attempts/:attemptId" }] }];
    const handler = createStaticHandler(routes);
    const contextFor = async (url: string) => {
      const context = await handler.query(new Request(`http://localhost${url}`));
      if (context instanceof Response) throw new Error("unexpected response");
      return context;
    };
    const one = createStaticRouter(routes, await contextFor("/attempts/1"));
    const two = createStaticRouter(routes, await contextFor("/attempts/2"));
    expect(two.routes).toBe(one.routes);
    expect(one.state.location.pathname).toBe("/attempts/1");
    expect(two.state.location.pathname).toBe("/attempts/2");
    expect(two.state.matches.map((m) => [m.route.id, m.params.attemptId])).toEqual([["root", "2"], ["attempt", "2"]]);
    // The matches point at the router's own data routes (as unpatched), not the handler's.
    expect(two.state.matches[1].route).toBe(one.routes[0].children![0]);
    expect(createStaticRouter([...routes], await contextFor("/attempts/3")).routes).not.toBe(one.routes);
  });
});

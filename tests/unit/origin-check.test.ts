import { checkOrigin } from "../../server/origin-check.mjs";

const base = { host: "kaoxue.example:3000", protocol: "http" };

describe("cross-site request refusal", () => {
  test("reads are always allowed", () => {
    expect(checkOrigin({ ...base, method: "GET", origin: "https://evil.example", secFetchSite: "cross-site" })).toEqual({ allowed: true });
  });

  test("a POST from this site is allowed", () => {
    expect(checkOrigin({ ...base, method: "POST", origin: "http://kaoxue.example:3000", secFetchSite: "same-origin" }).allowed).toBe(true);
  });

  test("a POST whose Origin is another site is refused", () => {
    expect(checkOrigin({ ...base, method: "POST", origin: "http://evil.example", secFetchSite: null }).allowed).toBe(false);
  });

  test("Sec-Fetch-Site cross-site or same-site is refused even without Origin", () => {
    expect(checkOrigin({ ...base, method: "POST", origin: null, secFetchSite: "cross-site" }).allowed).toBe(false);
    expect(checkOrigin({ ...base, method: "DELETE", origin: null, secFetchSite: "same-site" }).allowed).toBe(false);
  });

  test("Origin: null (sandboxed frames, data: pages) is refused", () => {
    expect(checkOrigin({ ...base, method: "POST", origin: "null", secFetchSite: null }).allowed).toBe(false);
  });

  test("an origin configured as allowed (a proxy's public address) passes", () => {
    expect(
      checkOrigin({ ...base, method: "POST", origin: "https://kaoxue.lyj.cn", secFetchSite: null, allowedOrigins: ["https://kaoxue.lyj.cn"] }).allowed,
    ).toBe(true);
  });

  test("scheme matters: an https page posting to the http address is another origin", () => {
    expect(checkOrigin({ ...base, method: "POST", origin: "https://kaoxue.example:3000", secFetchSite: null }).allowed).toBe(false);
  });
});

import { clearSessionCookie, readSessionToken, sessionCookie } from "~/utils/session.server";

const token = "A".repeat(43);

describe("the session cookie", () => {
  test("is HttpOnly and SameSite=Lax, and Secure only when served over https", () => {
    const plain = sessionCookie(new Request("http://kaoxue.local/login"), token);
    expect(plain).toContain("HttpOnly");
    expect(plain).toContain("SameSite=Lax");
    expect(plain).not.toContain("Secure");
    expect(sessionCookie(new Request("https://kaoxue.example/login"), token)).toContain("; Secure");
    expect(clearSessionCookie(new Request("https://kaoxue.example/logout"))).toMatch(/Max-Age=0.*Secure/);
  });

  test("only a well-formed token is read back", () => {
    const request = (cookie: string) => new Request("http://x/", { headers: { Cookie: cookie } });
    expect(readSessionToken(request(`other=1; kaoxue_session=${token}`))).toBe(token);
    expect(readSessionToken(request("kaoxue_session=short"))).toBeNull();
    expect(readSessionToken(request("kaoxue_session=' or 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"))).toBeNull();
  });
});

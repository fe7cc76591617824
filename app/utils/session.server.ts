import { SESSION_MAX_MS } from "~/models/sessions.server";

export const SESSION_COOKIE = "kaoxue_session";

export function readSessionToken(request: Request): string | null {
  return sessionTokenFromCookieHeader(request.headers.get("Cookie"));
}

export function sessionTokenFromCookieHeader(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
    }
  }
  return null;
}

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export function sessionCookie(request: Request, token: string): string {
  const attrs = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.floor(SESSION_MAX_MS / 1000)}`,
  ];
  if (isHttps(request)) attrs.push("Secure");
  return attrs.join("; ");
}

export function clearSessionCookie(request: Request): string {
  const attrs = [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0"];
  if (isHttps(request)) attrs.push("Secure");
  return attrs.join("; ");
}

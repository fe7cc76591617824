/**
 * Cross-site request refusal: every request that can change something (anything but
 * GET/HEAD/OPTIONS) must come from this site. The browser says where a request came from
 * in Origin and Sec-Fetch-Site; when either names another site the request gets 403.
 * Requests with neither header (curl, old browsers) are let through: they carry no
 * ambient credentials a page of another site could abuse, and SameSite=Lax backs this up.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * @param {{ method: string; origin: string | undefined | null; secFetchSite: string | undefined | null; host: string | undefined | null; protocol: string; allowedOrigins?: string[] }} req
 * @returns {{ allowed: true } | { allowed: false; reason: string }}
 */
export function checkOrigin(req) {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return { allowed: true };
  const site = req.secFetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site") return { allowed: false, reason: `Sec-Fetch-Site: ${site}` };
  const origin = req.origin;
  if (!origin) return { allowed: true };
  if (origin === "null") return { allowed: false, reason: "Origin: null" };
  const own = `${req.protocol}://${req.host}`;
  if (origin === own || (req.allowedOrigins ?? []).includes(origin)) return { allowed: true };
  return { allowed: false, reason: `Origin ${origin} is not ${own}` };
}

/**
 * The security headers of every response (pages, JSON, files, static assets): a Content
 * Security Policy that allows only this site's scripts and the page's own inline scripts
 * that carry the request's nonce, no framing by anybody, no MIME sniffing, no referrer to
 * other sites. Inline style attributes are allowed (React sets them; they cannot run code).
 */
export function securityHeaders({ nonce, https }) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = [
    ["Content-Security-Policy", csp],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "same-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["Cross-Origin-Resource-Policy", "same-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"],
  ];
  if (https) headers.push(["Strict-Transport-Security", "max-age=31536000"]);
  return headers;
}

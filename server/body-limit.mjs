/**
 * Every request body is read here, before Remix sees it, and bounded by the bytes actually
 * read (a chunked body has no Content-Length to trust). Past the bound the request gets 413
 * at once and the rest is dropped as it arrives, so a stranger cannot make the server hold a
 * large body in memory. Limits are small for visitors who are not signed in (a login form is
 * tiny) and larger only where files are uploaded.
 */

export const BODY_LIMITS = {
  /** No session cookie: the login form is all a visitor may post. */
  anonymous: 64 * 1024,
  /** Any form of a signed-in user. */
  form: 1024 * 1024,
  /** Autosave of answers (JSON). */
  save: 256 * 1024,
  /** Roster, bank and regulation uploads: a 5 MB file plus the multipart wrapping. */
  upload: 6 * 1024 * 1024,
};

const UPLOAD_PATHS = [/^\/manage\/cadres\/import\/?$/, /^\/manage\/banks\/upload\/?$/, /^\/manage\/regulations(\/|$)/];
const SAVE_PATH = /^\/attempts\/\d+\/save\/?$/;

/** The largest body accepted for this request. */
export function bodyLimitFor({ path, hasSessionCookie }) {
  if (!hasSessionCookie) return BODY_LIMITS.anonymous;
  if (SAVE_PATH.test(path)) return BODY_LIMITS.save;
  if (UPLOAD_PATHS.some((p) => p.test(path))) return BODY_LIMITS.upload;
  return BODY_LIMITS.form;
}

function refuse(req, res, limit) {
  const message = `请求内容过大（上限 ${Math.round(limit / 1024)} KB）`;
  // Not "Connection: close": Node would then destroy the socket right after the answer, the
  // sender's next write meets a reset, and the reset can discard the answer unread.
  res.status(413);
  if (SAVE_PATH.test(req.path)) res.json({ kind: "invalid", message });
  else res.type("text/plain; charset=utf-8").send(message);
  // What is still coming is read and dropped (never kept), so the sender receives the answer
  // before the connection closes; a sender that goes on regardless is cut off after 10 s or
  // 128 MB more.
  let drained = 0;
  req.on("data", (chunk) => {
    drained += chunk.length;
    if (drained > 128 * 1024 * 1024) req.socket?.destroy();
  });
  req.resume();
  res.on("finish", () => setTimeout(() => req.socket?.destroy(), 10_000).unref());
}

/**
 * Express middleware: reads the body of every request that may have one into `req.rawBody`
 * (a Buffer), or answers 413.
 */
export function limitedBody({ hasSessionCookie }) {
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const limit = bodyLimitFor({ path: req.path, hasSessionCookie: hasSessionCookie(req) });
    const declared = Number(req.get("content-length"));
    if (Number.isFinite(declared) && declared > limit) return refuse(req, res, limit);
    const chunks = [];
    let size = 0;
    let done = false;
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.off("data", onData);
        chunks.length = 0;
        refuse(req, res, limit);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => {
      if (done) return;
      done = true;
      req.rawBody = Buffer.concat(chunks, size);
      next();
    });
    req.once("error", (error) => {
      if (done) return;
      done = true;
      next(error);
    });
  };
}

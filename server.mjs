// The HTTP server: express in front of the Remix build, so we decide where it listens,
// how static files are cached, how large a body may be, which headers every response
// carries, and refuse cross-site writes before any action runs.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

import compression from "compression";
import express from "express";

import { limitedBody } from "./server/body-limit.mjs";
import { checkOrigin } from "./server/origin-check.mjs";
import { remixHandler } from "./server/remix-handler.mjs";
import { securityHeaders } from "./server/security-headers.mjs";
import { lowerHelperThreadsPriority } from "./server/thread-priority.mjs";

// Before the build loads and starts threads of its own: only Node's and V8's helpers exist yet.
// KAOXUE_LOWER_HELPER_THREADS=0 leaves them at the main thread's priority, for comparisons.
if (process.env.KAOXUE_LOWER_HELPER_THREADS !== "0") lowerHelperThreadsPriority();
const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "build/index.js")).href);
const runtime = await build.entry.module.startApp();
// Exam report exports run in a worker thread (app/export-worker.server.ts); KAOXUE_EXPORT_WORKER=0 exports in-process.
const exportReport =
  process.env.KAOXUE_EXPORT_WORKER === "0" ? undefined : build.entry.module.createReportExporter(() => new Worker(path.join(here, "server/report-worker.mjs")), { ready: true });

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const allowedOrigins = (process.env.KAOXUE_ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
const SESSION_COOKIE = /(?:^|;\s*)kaoxue_session=[A-Za-z0-9_-]{43}(?:;|$)/;
const hasSessionCookie = (req) => SESSION_COOKIE.test(req.get("cookie") ?? "");

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : process.env.TRUST_PROXY);

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
  for (const [name, value] of securityHeaders({ nonce: res.locals.cspNonce, https: req.protocol === "https" })) res.setHeader(name, value);
  next();
});
app.use((req, res, next) => {
  const verdict = checkOrigin({
    method: req.method,
    origin: req.get("origin"),
    secFetchSite: req.get("sec-fetch-site"),
    host: req.get("host"),
    protocol: req.protocol,
    allowedOrigins,
  });
  if (verdict.allowed) return next();
  runtime.recordCrossSiteRefusal({ path: req.path, method: req.method, origin: req.get("origin") ?? null, ip: req.ip ?? "", cookie: req.get("cookie") ?? null });
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求被拒绝");
});

app.use(limitedBody({ hasSessionCookie }));

// Autosave and the script's 交卷, the hottest paths: answered without Remix's routing and
// rendering (the Remix routes of the same paths call the same functions).
const attemptEndpoint = (answer) => (req, res, next) => {
  answer({ cookieHeader: req.get("cookie") ?? null, attemptIdParam: req.params.attemptId, body: req.rawBody?.toString("utf8") ?? "", ip: req.ip ?? "", path: req.path })
    .then((reply) => res.status(reply.status).set(reply.headers).json(reply.body))
    .catch(next);
};
app.post("/attempts/:attemptId/save", attemptEndpoint(runtime.answerSave));
app.post("/attempts/:attemptId/submit", attemptEndpoint(runtime.answerSubmit));

// Everything else: compressed (the answers of those two are small), static files, then Remix.
app.use(compression());
const publicDir = path.join(here, "public");
app.use("/build", express.static(path.join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
// The few files at the root of public/ (favicon.ico), served by name: a static handler in
// front of every page would look each page's path up on the disk first.
const publicFiles = new Set(fs.readdirSync(publicDir).filter((name) => name !== "build").map((name) => `/${name}`));
const publicStatic = express.static(publicDir, { maxAge: "1h" });
app.use((req, res, next) => (publicFiles.has(req.path) ? publicStatic(req, res, next) : next()));

app.all(
  "*",
  remixHandler({
    build,
    getLoadContext: (req, res) => ({ db: runtime.db, clientAddress: req.ip ?? "", timeZone: runtime.timeZone, cspNonce: res.locals.cspNonce, exportReport }),
  }),
);

const server = app.listen(port, host, () => {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  console.log(`考学已启动：http://${shown}:${port}`);
  warmUp(server.address());
  if (runtime.demo) {
    console.log("演示账号（密码均为 %s）：", runtime.demo.password);
    for (const account of runtime.demo.accounts) console.log(`  ${account.role}  工号 ${account.employeeNo}  ${account.name}`);
  }
});
server.keepAliveTimeout = 65_000;
// A body trickled in slowly ties up a connection: two minutes is enough for a 5 MB upload on a weak line.
server.requestTimeout = 120_000;

/**
 * One request for the login page as soon as the server listens. The first page after a start
 * loads Node's fetch implementation and compiles Remix's and React's paths on the main
 * thread, about 50 ms in one piece; done here, no cadre's save waits behind it (ADR 0020,
 * 2026-12-06). A failure only means the first real page pays for it.
 */
function warmUp(address) {
  if (!address || typeof address === "string") return;
  const loopback = address.family === "IPv6" ? "::1" : "127.0.0.1";
  const host = address.address === "0.0.0.0" || address.address === "::" ? loopback : address.address;
  http
    .get({ host, port: address.port, path: "/login", headers: { "User-Agent": "kaoxue-warm-up" } }, (res) => res.resume())
    .on("error", () => {});
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    runtime.stop().finally(() => process.exit(0));
  });
}

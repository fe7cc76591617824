// The HTTP server: express in front of the Remix build, so we decide where it listens,
// how static files are cached, and refuse cross-site writes before any action runs.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

import { checkOrigin } from "./server/origin-check.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const build = await import(pathToFileURL(path.join(here, "build/index.js")).href);
const runtime = await build.entry.module.startApp();

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";
const allowedOrigins = (process.env.KAOXUE_ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : process.env.TRUST_PROXY);
app.use(compression());

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
  runtime.recordCrossSiteRefusal({ path: req.path, method: req.method, origin: req.get("origin") ?? null, ip: req.ip ?? "" });
  res.status(403).type("text/plain; charset=utf-8").send("跨站请求被拒绝");
});

app.use("/build", express.static(path.join(here, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(here, "public"), { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    getLoadContext: (req) => ({ db: runtime.db, clientAddress: req.ip ?? "", timeZone: runtime.timeZone }),
  }),
);

const server = app.listen(port, host, () => {
  const shown = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  console.log(`考学已启动：http://${shown}:${port}`);
  if (runtime.demo) {
    console.log("演示账号（密码均为 %s）：", runtime.demo.password);
    for (const account of runtime.demo.accounts) console.log(`  ${account.role}  工号 ${account.employeeNo}  ${account.name}`);
  }
});
server.keepAliveTimeout = 65_000;

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close();
    runtime.stop().finally(() => process.exit(0));
  });
}

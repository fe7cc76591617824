/**
 * `NODE_ENV=production npx tsx scripts/bench/page-pair.ts <dir A> <dir B> [--route attempt|home] [--batches N]`:
 * is build B's page cheaper than build A's? Both builds (each a checkout with `remix build`
 * run, e.g. a `git worktree` of main and the working copy) are loaded into this one process
 * against one small fixture, and their pages are rendered in alternating batches of 20 (4 at
 * a time). The CPU of each batch is taken from process.cpuUsage(), so the machine's speed,
 * which on a shared host changes by half within minutes, is the same for both sides of every
 * pair. It prints B ÷ A: the same build on both sides gives 1.00 ± 0.02.
 *
 * The page is rendered through Remix's request handler without node's HTTP server, which the
 * two builds share anyway. `npm run bench` gives the absolute figures; this gives the effect of
 * one change (issue 13, ADR 0020).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { createRequestHandler, type ServerBuild } from "@remix-run/node";

import type { DB } from "../../db/client";

import { buildFixture } from "./fixture";

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const [dirA, dirB] = args.filter((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
if (!dirA || !dirB) throw new Error("用法：NODE_ENV=production npx tsx scripts/bench/page-pair.ts <目录 A> <目录 B> [--route attempt|home] [--batches N]");
// React's development build costs several times the production one: a comparison of it says nothing.
if (process.env.NODE_ENV !== "production") throw new Error("请以 NODE_ENV=production 运行（否则比较的是 React 的开发版本）");
const route = option("--route", "attempt");
const BATCHES = Number(option("--batches", "150"));
const BATCH = 20;

type Runtime = { db: DB; timeZone: string; stop: () => Promise<void> };
type Side = { runtime: Runtime; handle: ReturnType<typeof createRequestHandler> };

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-pair-"));
const fixture = await buildFixture(work, { cadres: 600, open: 500, submit: 3, graded: 10, startBurst: 3 }, () => {});
process.env.DATABASE_PATH = fixture.file;
process.env.KAOXUE_DEMO = "0";

async function load(dir: string): Promise<Side> {
  const file = pathToFileURL(path.resolve(dir, "build/index.js")).href;
  if (!fs.existsSync(new URL(file))) throw new Error(`${dir}：没有构建，请先在该目录运行 npx remix build`);
  // The query string makes the two builds two modules even when they are the same file.
  const build = (await import(`${file}?side=${encodeURIComponent(dir)}`)) as ServerBuild & { entry: { module: { startApp: () => Promise<Runtime> } } };
  const runtime = await build.entry.module.startApp();
  return { runtime, handle: createRequestHandler(build, "production") };
}

let next = 0;
async function render(side: Side) {
  const attempt = fixture.open[next++ % fixture.open.length];
  const url = `http://127.0.0.1${route === "home" ? "/" : `/attempts/${attempt.attemptId}`}`;
  const context = { db: side.runtime.db, clientAddress: "127.0.0.1", timeZone: side.runtime.timeZone, cspNonce: "pair", exportReport: undefined };
  const response = await side.handle(new Request(url, { headers: { Cookie: attempt.cookie } }), context);
  if (response.status !== 200) throw new Error(`${url}：状态 ${response.status}`);
  const reader = response.body!.getReader();
  while (!(await reader.read()).done);
}

async function batch(side: Side): Promise<number> {
  const before = process.cpuUsage();
  let left = BATCH;
  await Promise.all(Array.from({ length: 4 }, async () => {
    while (left-- > 0) await render(side);
  }));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / BATCH;
}

const sides = [await load(dirA), await load(dirB)];
try {
  for (let i = 0; i < 30; i++) for (const side of sides) await batch(side);
  const costs: [number[], number[]] = [[], []];
  for (let b = 0; b < BATCHES; b++) {
    // Which side goes first alternates too: neither always follows the other's garbage.
    for (const k of b % 2 ? [1, 0] : [0, 1]) costs[k].push(await batch(sides[k]));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratios = costs[0].map((a, i) => costs[1][i] / a).sort((x, y) => x - y);
  console.log(`${route}：A ${mean(costs[0]).toFixed(2)} ms，B ${mean(costs[1]).toFixed(2)} ms（每页 CPU）`);
  console.log(`B ÷ A = ${(mean(costs[1]) / mean(costs[0])).toFixed(3)}（成对比值的中位数 ${ratios[ratios.length >> 1].toFixed(3)}，${BATCHES} 对）`);
} finally {
  for (const side of sides) await side.runtime.stop();
  fs.rmSync(work, { recursive: true, force: true });
}
process.exit(0);

/**
 * `npm run bench` (and `npm run bench -- --quick`): the speed of the exam path, measured
 * against the machine's own limit in the same run (issue 13). It builds its own fixture
 * through the models, starts the real server (server.mjs on the build) and a bare baseline
 * (node:http + one better-sqlite3 upsert per request, WAL, synchronous=FULL), and measures in
 * interleaved rounds: medians with min–max, ratios to the baseline where one applies, each
 * figure against its target. It prints a table and writes bench-results/last.json. It never
 * fails on the figures: a shared machine is noisy.
 *
 * Options: --quick (small fixture, short runs: about two minutes), --rounds N, --port N,
 * --only a,b (just these scenarios, e.g. `--only export`; names in SCENARIOS),
 * --server-flags "..." (node flags for the server process, e.g. "--single-threaded-gc").
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import argon2 from "argon2";
import SQLite from "better-sqlite3";

import { ARGON2_PARAMS } from "../../app/domain/passwords";

import { BENCH_PASSWORD, buildFixture, createStartExam, type Fixture, type FixtureSize } from "./fixture";
import { burst, closedLoop, fixedRate, quantile, startDownloader, type Target } from "./load";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const ROUNDS = option("--rounds", 3);
/** The scenarios of one round, in the order they run. */
const SCENARIOS = ["saves", "start", "submit", "pages", "login", "export"] as const;
type Scenario = (typeof SCENARIOS)[number];
const onlyAt = args.indexOf("--only");
const ONLY = new Set<Scenario>(
  onlyAt >= 0
    ? args[onlyAt + 1]
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => {
          if (!(SCENARIOS as readonly string[]).includes(s)) throw new Error(`--only: 未知场景 ${s}（可选：${SCENARIOS.join(", ")}）`);
          return s as Scenario;
        })
    : SCENARIOS,
);
const PORT = option("--port", 3190);
const flagsAt = args.indexOf("--server-flags");
const SERVER_FLAGS = flagsAt >= 0 ? args[flagsAt + 1].split(" ").filter(Boolean) : [];
const BASELINE_PORT = PORT + 1;
const SIZE: FixtureSize = quick
  ? { cadres: 3_000, open: 1_500, submit: 3 * 300, graded: 3_000, startBurst: 300 }
  : { cadres: 12_000, open: 10_000, submit: 3 * 600, graded: 10_000, startBurst: 1_000 };
const SECONDS = quick ? { throughput: 4, fixed: 6, page: 3 } : { throughput: 15, fixed: 60, page: 8 };
const START_RATE = 100; // 1,000 cadres within 10 s in the full run

const work = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-bench-"));
const log = (line: string) => console.log(line);

// --- processes ------------------------------------------------------------------------

function spawnServer(command: string, argv: string[], env: Record<string, string>, ready: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const onData = (d: Buffer) => {
      output += d;
      if (output.includes(ready)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (output += d));
    child.once("exit", (code) => reject(new Error(`${argv.join(" ")} exited (${code}): ${output}`)));
  });
}

/** CPU time (user + system) of a process so far, in ms, from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) * 1024;
}

// --- requests ---------------------------------------------------------------------------

function saveTargets(fixture: Fixture, port: number): () => Target {
  const seq = new Map<number, number>();
  let i = 0;
  return () => {
    const attempt = fixture.open[i++ % fixture.open.length];
    const next = (seq.get(attempt.attemptId) ?? 1) + 1;
    seq.set(attempt.attemptId, next);
    const q = next % attempt.refs.length;
    return {
      port,
      method: "POST",
      path: `/attempts/${attempt.attemptId}/save`,
      headers: { "Content-Type": "application/json", Cookie: attempt.cookie },
      body: JSON.stringify({ seq: next, saveId: `bench${attempt.attemptId}x${next}`, answers: [{ ref: attempt.refs[q], response: attempt.responses[q] }] }),
    };
  };
}

// Saves of the app and of the baseline share one sequence per attempt, so neither ever sends a stale one.
let appSaves: () => Target;

type Row = { label: string; values: number[]; unit: string; target?: { kind: "min" | "max"; value: number }; note?: string };
const rows = new Map<string, Row>();

function record(key: string, label: string, value: number, unit: string, target?: Row["target"], note?: string) {
  const row = rows.get(key) ?? { label, values: [], unit, target, note };
  row.values.push(value);
  rows.set(key, row);
}

const median = (values: number[]) => quantile(values, 0.5);

async function measureSaves(fixture: Fixture, app: ChildProcess, round: number) {
  const baseline = await closedLoop(BASELINE_PORT, { connections: 50, seconds: SECONDS.throughput, next: saveTargets(fixture, BASELINE_PORT) });
  const served = await closedLoop(PORT, { connections: 50, seconds: SECONDS.throughput, next: appSaves });
  record("save.baseline", "基线：裸 node:http + 一次 SQLite upsert（次/秒）", baseline.rps, "/s");
  record("save.app", "保存答案吞吐（50 并发，次/秒）", served.rps, "/s");
  record("save.ratio", "保存吞吐 ÷ 基线", (served.rps / baseline.rps) * 100, "%", { kind: "min", value: 25 });
  record("save.non2xx", "保存吞吐测试中的非 2xx 响应", served.non2xx + served.errors, "", { kind: "max", value: 0 });
  for (const rate of [500, 1000]) {
    const fixed = await fixedRate({ rate, seconds: SECONDS.fixed, next: appSaves });
    record(`save.${rate}.p50`, `保存 @${rate}/s：p50`, fixed.p50, "ms");
    record(`save.${rate}.p99`, `保存 @${rate}/s：p99`, fixed.p99, "ms", rate === 1000 ? { kind: "max", value: 100 } : undefined);
    record(`save.${rate}.max`, `保存 @${rate}/s：最大`, fixed.max, "ms");
    record(`save.${rate}.errors`, `保存 @${rate}/s：错误 + 未完成`, fixed.errors + fixed.unfinished, "", rate === 1000 ? { kind: "max", value: 0 } : undefined);
  }
  void app;
  void round;
}

async function measureStartBurst(fixture: Fixture, round: number) {
  const examId = await createStartExam(fixture.file, fixture.ownerOrgId, `基准开考 ${round}`);
  let i = 0;
  const starters = fixture.starters;
  const result = await fixedRate({
    rate: START_RATE,
    seconds: starters.length / START_RATE,
    next: () => {
      const s = starters[i++];
      return { port: PORT, method: "POST", path: `/exams/${examId}`, headers: { Cookie: s.cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=start" };
    },
    // Started (or resumed) is a redirect to the attempt; a page with reasons is a refusal.
    ok: (status) => status === 302,
    graceMs: 30_000,
  });
  const db = new SQLite(fixture.file, { readonly: true });
  const counts = db.prepare("select count(*) as n, count(distinct user_id) as people from attempts where exam_id = ?").get(examId) as { n: number; people: number };
  db.close();
  record("start.p99", `开考 ${starters.length} 人 / ${starters.length / START_RATE} 秒：p99`, result.p99, "ms", { kind: "max", value: 1000 });
  record("start.onePerCadre", "开考：每人恰好一份试卷（偏差数）", Math.abs(counts.n - starters.length) + Math.abs(counts.people - starters.length), "", { kind: "max", value: 0 });
  record("start.errors", "开考：错误 + 未完成", result.errors + result.unfinished, "", { kind: "max", value: 0 });
}

async function measureSubmits(fixture: Fixture, round: number) {
  const per = fixture.submit.length / ROUNDS;
  const batch = fixture.submit.slice(round * per, (round + 1) * per);
  const targets = batch.map((a) => ({
    port: PORT,
    method: "POST" as const,
    // The page's script submits here once its answers are saved (the form path without JavaScript is the rare one).
    path: `/attempts/${a.attemptId}/submit`,
    headers: { Cookie: a.cookie, Accept: "application/json" },
    body: "",
  }));
  const result = await burst(targets, 50);
  record("submit.rate", "交卷并评分（50 并发，份/秒）", (batch.length / result.ms) * 1000, "/s", { kind: "min", value: 500 });
  record("submit.failed", "交卷：失败数", result.failed, "", { kind: "max", value: 0 });
}

async function cpuPerRequest(pid: number, seconds: number, next: () => Target): Promise<{ cpu: number; rps: number }> {
  // A second unmeasured first: the steady cost of a render, not the JIT compiling the page's code.
  await closedLoop(PORT, { connections: 4, seconds: 1, next });
  const before = cpuMs(pid);
  const result = await closedLoop(PORT, { connections: 4, seconds, next });
  const total = result.rps * seconds;
  return { cpu: (cpuMs(pid) - before) / total, rps: result.rps };
}

async function measurePages(fixture: Fixture, app: ChildProcess) {
  let i = 0;
  const attemptPage = await cpuPerRequest(app.pid!, SECONDS.page, () => {
    const a = fixture.open[i++ % fixture.open.length];
    return { port: PORT, method: "GET", path: `/attempts/${a.attemptId}`, headers: { Cookie: a.cookie } };
  });
  record("page.attempt.cpu", "作答页：每次渲染的服务端 CPU", attemptPage.cpu, "ms", { kind: "max", value: 5 });
  record("page.attempt.rps", "作答页：每秒页数（4 并发）", attemptPage.rps, "/s");
  let j = 0;
  const home = await cpuPerRequest(app.pid!, SECONDS.page, () => {
    const a = fixture.open[j++ % fixture.open.length];
    return { port: PORT, method: "GET", path: "/", headers: { Cookie: a.cookie } };
  });
  record("page.home.cpu", "首页：每次渲染的服务端 CPU", home.cpu, "ms");
  record("page.home.rps", "首页：每秒页数（4 并发）", home.rps, "/s");
}

async function measureLogin(fixture: Fixture) {
  // The machine's limit: as many hashes at once as there are cores, each t_hash long.
  const t0 = performance.now();
  const n = 20;
  await Promise.all(Array.from({ length: n }, () => argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, ...ARGON2_PARAMS })));
  const limit = (n / (performance.now() - t0)) * 1000;
  let i = 0;
  const targets = Array.from({ length: fixture.logins.length }, () => {
    const employeeNo = fixture.logins[i++ % fixture.logins.length];
    return {
      port: PORT,
      method: "POST" as const,
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ employeeNo, password: BENCH_PASSWORD, redirectTo: "/" }).toString(),
    };
  });
  // Four at once: the most one address may have in flight (ADR 0010), enough to fill the cores.
  const result = await burst(targets, 4);
  const rate = ((targets.length - result.failed) / result.ms) * 1000;
  record("login.limit", `登录上限：${os.cpus().length} 核并行 argon2id（次/秒）`, limit, "/s");
  record("login.rate", "登录（4 并发，次/秒）", rate, "/s");
  record("login.failed", "登录：失败数", result.failed, "", { kind: "max", value: 0 });
  record("login.ratio", "登录 ÷ 上限", (rate / limit) * 100, "%", { kind: "min", value: 80 });
}

/** Saves a second while a report downloads: 10,000 cadres saving every 20 s (the issue's exam). */
const EXPORT_SAVE_RATE = 500;
/** Downloads of each report under saves, each after quiet seconds of the same drive. */
const EXPORT_REPEATS = quick ? 2 : 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each report downloaded from a process of its own, as an organizer would. First alone: the
 * organizer's wait and the server's memory growth. Then while cadres save at
 * EXPORT_SAVE_RATE: one drive of saves in which EXPORT_REPEATS downloads each follow two quiet
 * seconds. The row divides the p99 of the saves due while a file was being made and sent by
 * the p99 of the saves due in the quiet seconds, both pooled over the drive. Quiet and busy
 * stretches alternate within seconds, so a slow spell of the shared machine, which moves a
 * p99 of a few milliseconds by itself, falls on both sides; the second after each download
 * (the checkpoint catching up) counts on neither. Failed or unanswered saves count as the
 * slowest.
 */
async function measureExport(fixture: Fixture, app: ChildProcess, downloader: ReturnType<typeof startDownloader>) {
  const pid = app.pid!;
  for (const format of ["csv", "xlsx"] as const) {
    const target: Target = { port: PORT, method: "GET", path: `/manage/exams/${fixture.gradedExamId}/report.${format}`, headers: { Cookie: fixture.organizerCookie } };
    const before = rssBytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 25);
    const alone = await downloader.get(target);
    clearInterval(sampler);
    const label = format.toUpperCase();
    record(`export.${format}.ms`, `导出 ${SIZE.graded} 份答卷 ${label}：用时`, alone.ms, "ms", { kind: "max", value: format === "csv" ? 1000 : 3000 }, alone.status === 200 ? `${(alone.bytes / 1024).toFixed(0)} KB` : `HTTP ${alone.status}`);
    record(`export.${format}.rss`, `导出 ${label}：服务端内存增长`, (peak - before) / 1024 / 1024, "MB", { kind: "max", value: 200 });

    const stop = new AbortController();
    const drive = fixedRate({ rate: EXPORT_SAVE_RATE, seconds: 600, next: appSaves, graceMs: 5_000, signal: stop.signal });
    await sleep(1_000); // connections open
    const quietWindows: Array<[number, number]> = [];
    const busyWindows: Array<[number, number]> = [];
    const loadedMs: number[] = [];
    for (let i = 0; i < EXPORT_REPEATS; i++) {
      const q0 = performance.now();
      await sleep(2_000);
      const t0 = performance.now();
      quietWindows.push([q0, t0]);
      const loaded = await downloader.get(target);
      busyWindows.push([t0, performance.now()]);
      loadedMs.push(loaded.ms);
      await sleep(1_000);
    }
    stop.abort();
    const { samples } = await drive;
    const within = (windows: Array<[number, number]>) => samples.filter((s) => windows.some(([a, b]) => s.due >= a && s.due < b)).map((s) => s.ms);
    const [quiet, during] = [within(quietWindows), within(busyWindows)];
    const [quietP99, duringP99] = [quantile(quiet, 0.99), quantile(during, 0.99)];
    log(`  导出 ${label}：单独 ${alone.ms.toFixed(0)} ms；保存中 ${loadedMs.map((ms) => ms.toFixed(0)).join("/")} ms，期间 ${during.length} 次保存 p99 ${duringP99.toFixed(1)} ms、最大 ${Math.max(...during).toFixed(1)} ms，平时 ${quiet.length} 次 p99 ${quietP99.toFixed(1)} ms`);
    record(`export.${format}.loadedMs`, `导出 ${label}：用时（同时 ${EXPORT_SAVE_RATE} 次保存/秒）`, median(loadedMs), "ms");
    record(`export.${format}.saveP99`, `导出 ${label} 期间保存 p99 ÷ 平时 p99（@${EXPORT_SAVE_RATE}/s）`, duringP99 / quietP99, "×", { kind: "max", value: 2 }, `${duringP99.toFixed(1)} ms vs ${quietP99.toFixed(1)} ms，${during.length} 次保存`);
  }
}

function formatValue(v: number, unit: string): string {
  if (unit === "/s") return `${v.toFixed(0)}/s`;
  if (unit === "ms") return `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  if (unit === "%") return `${v.toFixed(1)} %`;
  if (unit === "MB") return `${v.toFixed(0)} MB`;
  if (unit === "×") return `${v.toFixed(2)}×`;
  return `${v.toFixed(0)}`;
}

function printTable() {
  const lines: string[] = [];
  lines.push(`| 指标 | 中位数 | 最小–最大 | 目标 | 结果 |`);
  lines.push(`|---|---|---|---|---|`);
  const summary: Record<string, unknown> = {};
  for (const [key, row] of rows) {
    const med = median(row.values);
    const min = Math.min(...row.values);
    const max = Math.max(...row.values);
    const target = row.target ? `${row.target.kind === "min" ? "≥" : "≤"} ${formatValue(row.target.value, row.unit)}` : "";
    const pass = row.target ? (row.target.kind === "min" ? med >= row.target.value : med <= row.target.value) : null;
    lines.push(`| ${row.label}${row.note ? `（${row.note}）` : ""} | ${formatValue(med, row.unit)} | ${formatValue(min, row.unit)}–${formatValue(max, row.unit)} | ${target} | ${pass === null ? "" : pass ? "达标" : "未达标"} |`);
    summary[key] = { label: row.label, median: med, min, max, unit: row.unit, target: row.target ?? null, pass, note: row.note ?? null };
  }
  console.log(`\n${lines.join("\n")}\n`);
  fs.mkdirSync("bench-results", { recursive: true });
  const out = { at: new Date().toISOString(), quick, only: [...ONLY], serverFlags: SERVER_FLAGS, rounds: ROUNDS, size: SIZE, seconds: SECONDS, cores: os.cpus().length, results: summary };
  // A partial run never overwrites the figures of a whole one.
  const file = `last${quick ? "-quick" : ""}${onlyAt >= 0 ? `-${[...ONLY].join("-")}` : ""}.json`;
  fs.writeFileSync(path.join("bench-results", file), JSON.stringify(out, null, 2));
  console.log(`结果已写入 bench-results/${file}`);
}

async function main() {
  if (!fs.existsSync("build/index.js")) throw new Error("请先构建：npm run build");
  log(`基准测试（${quick ? "快速" : "完整"}，${ROUNDS} 轮${SERVER_FLAGS.length ? `，服务端 node ${SERVER_FLAGS.join(" ")}` : ""}），工作目录 ${work}`);
  const t0 = performance.now();
  const fixture = await buildFixture(work, SIZE, log);
  log(`  准备数据用时 ${((performance.now() - t0) / 1000).toFixed(0)} 秒`);
  appSaves = saveTargets(fixture, PORT);
  const app = await spawnServer(process.execPath, [...SERVER_FLAGS, "server.mjs"], { PORT: String(PORT), HOST: "127.0.0.1", DATABASE_PATH: fixture.file, KAOXUE_DEMO: "0", NODE_ENV: "production" }, "考学已启动");
  const baseline = await spawnServer(process.execPath, [path.join("scripts", "bench", "baseline-server.mjs"), path.join(work, "baseline.db"), String(BASELINE_PORT)], {}, "baseline listening");
  const downloader = startDownloader();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      log(`第 ${round + 1} 轮`);
      if (ONLY.has("saves")) await measureSaves(fixture, app, round);
      if (ONLY.has("start")) await measureStartBurst(fixture, round);
      if (ONLY.has("submit")) await measureSubmits(fixture, round);
      if (ONLY.has("pages")) await measurePages(fixture, app);
      if (ONLY.has("login")) await measureLogin(fixture);
      if (ONLY.has("export")) await measureExport(fixture, app, downloader);
    }
    printTable();
  } finally {
    downloader.close();
    app.kill("SIGTERM");
    baseline.kill("SIGTERM");
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();

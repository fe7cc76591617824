// `npm run bench:law-study`: the figures issue 10 asks for, printed (not a timed test).
// 1. Importing the longest official text in ../shared/regulations (read, structure recognised, saved), 20 runs.
// 2. Opening a module page with a 100-article text: the built server on its own database, one connection,
//    so each request's latency is the server's time (loopback adds microseconds).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import autocannon from "autocannon";

import { migrateToLatest, openDatabase } from "../db/client";
import { chineseNumeral } from "../app/domain/law-study/chinese-numerals";
import { createMeeting, scheduleMeeting } from "../app/models/law-meetings.server";
import { createModule } from "../app/models/law-modules.server";
import { createOrg } from "../app/models/orgs.server";
import { previewRegulationFile, previewRegulationText } from "../app/models/regulation-transfer.server";
import { saveRegulationText } from "../app/models/regulations.server";
import { createSession } from "../app/models/sessions.server";
import { SESSION_COOKIE } from "../app/utils/session.server";
import { hashPassword } from "../app/utils/password.server";

const root = path.resolve(import.meta.dirname, "..");
const folder = path.resolve(root, process.env.KAOXUE_REGULATIONS_DIR ?? "../shared/regulations");
const port = Number(process.env.BENCH_PORT ?? 3164);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-bench-law-"));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function importBench() {
  if (!fs.existsSync(folder)) {
    console.log(`未找到法规原文目录 ${folder}：跳过导入测试（设置 KAOXUE_REGULATIONS_DIR）`);
    return;
  }
  const longest = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".md"))
    .map((f) => ({ f, size: fs.statSync(path.join(folder, f)).size }))
    .sort((a, b) => b.size - a.size)[0];
  const db = openDatabase(path.join(work, "import.db"));
  await migrateToLatest(db);
  const times: number[] = [];
  let articles = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const bytes = fs.readFileSync(path.join(folder, longest.f));
    const preview = await previewRegulationFile(longest.f, bytes);
    if (!preview.ok) throw new Error(preview.problems.join());
    await saveRegulationText(db, { slug: `bench-${i}`, facts: preview.facts, updateFacts: false, structure: preview.structure, fileName: longest.f, origin: "cli", actorId: null, ip: null, now: new Date() });
    times.push(performance.now() - t0);
    articles = preview.summary.articles;
  }
  await db.destroy();
  times.sort((a, b) => a - b);
  console.log(`导入最长的原文 ${longest.f}（${(longest.size / 1024).toFixed(1)} KB，${articles} 条）：中位数 ${times[10].toFixed(1)} ms，最慢 ${times[19].toFixed(1)} ms（20 次，要求 ≤ 1000 ms）`);
}

async function arrangeModulePage(file: string) {
  const db = openDatabase(file);
  await migrateToLatest(db);
  const now = new Date();
  const org = await createOrg(db, { name: "基准测试党委", kind: "party_committee", parentId: null, now });
  const stamp = now.toISOString();
  const user = await db
    .insertInto("users")
    .values({ employee_no: "BENCH1", name: "基准干部", org_id: org.id, rank: "section", is_leader: 1, is_party_member: 1, role: "cadre", scope_org_id: null, password_hash: await hashPassword("bench-password"), must_change_password: 0, birth_date: null, active: 1, created_at: stamp, updated_at: stamp })
    .returning("id")
    .executeTakeFirstOrThrow();
  const lines = ["基准测试条例"];
  for (let n = 1; n <= 100; n++) {
    if (n % 10 === 1) lines.push(`第${chineseNumeral(Math.ceil(n / 10))}章 第${Math.ceil(n / 10)}部分`);
    lines.push(`第${chineseNumeral(n)}条 ${"本条规定林业单位和干部应当遵守的事项，".repeat(6)}`, "（一）第一项内容；", "（二）第二项内容。");
  }
  const preview = previewRegulationText(lines.join("\n"), "基准测试条例");
  if (!preview.ok) throw new Error(preview.problems.join());
  const saved = await saveRegulationText(db, { slug: "bench-100", facts: preview.facts, updateFacts: false, structure: preview.structure, fileName: null, origin: "cli", actorId: null, ip: null, now });
  const version = await db.selectFrom("regulation_versions").select("id").where("regulation_id", "=", saved.regulationId).executeTakeFirstOrThrow();
  const module = await createModule(db, {
    form: { title: "基准模块（全文 100 条）", source: `v:${version.id}`, focus: "", keyPoints: Array.from({ length: 8 }, (_, i) => `要点${i + 1}（第${chineseNumeral(i * 10 + 1)}条）`).join("\n"), quizKind: "none", quizBank: "", quizSingle: 0, quizJudge: 0, quizFixed: "", passMark: 60 },
    ownerOrgId: org.id,
    actorId: null,
    ip: null,
    now,
  });
  if (!module.ok) throw new Error(JSON.stringify(module.errors));
  const meetingId = await createMeeting(db, { orgId: org.id, type: "party_committee", title: "基准会议", startsAt: new Date(now.getTime() + 24 * 3600_000), lecturer: "书记", moduleId: module.moduleId, actorId: null, ip: null, now });
  const meeting = await db.selectFrom("law_meetings").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
  const scheduled = await scheduleMeeting(db, { meeting, audience: { orgIds: [], ranks: [], leadersOnly: false, partyMembersOnly: false, userIds: [] }, actorId: null, ip: null, now });
  if (!scheduled.ok) throw new Error(scheduled.problem);
  const token = await createSession(db, { userId: user.id, ip: "127.0.0.1", userAgent: "bench", now });
  await db.destroy();
  return { meetingId, cookie: `${SESSION_COOKIE}=${token}` };
}

async function modulePageBench() {
  if (!fs.existsSync(path.join(root, "build/index.js"))) throw new Error("请先 npm run build");
  const file = path.join(work, "page.db");
  const { meetingId, cookie } = await arrangeModulePage(file);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_PATH: file, KAOXUE_DEMO: "0", NODE_ENV: "production" };
  delete env.KAOXUE_REGULATIONS_DIR;
  const server = spawn(process.execPath, [path.join(root, "server.mjs")], {
    cwd: root,
    env,
    stdio: "ignore",
  });
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error("server did not start");
      await new Promise((r) => setTimeout(r, 200));
    }
    const url = `http://127.0.0.1:${port}/law-study/${meetingId}`;
    const probe = await fetch(url, { headers: { Cookie: cookie } });
    const html = await probe.text();
    if (!probe.ok || (html.match(/class="law-article/g) ?? []).length !== 100) throw new Error(`module page did not render 100 articles (${probe.status})`);
    // Warm up, then measure.
    await autocannon({ url, connections: 1, amount: 50, headers: { Cookie: cookie } });
    const result = await autocannon({ url, connections: 1, amount: 500, headers: { Cookie: cookie } });
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      const r = await fetch(url, { headers: { Cookie: cookie } });
      await r.arrayBuffer();
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `打开 100 条原文的学法模块页（服务端渲染，${(html.length / 1024).toFixed(0)} KB HTML）：autocannon 500 次 p50 ${result.latency.p50} ms，p99 ${result.latency.p99} ms，最慢 ${result.latency.max} ms；` +
        `逐次 200 次 p50 ${percentile(samples, 50).toFixed(1)} ms，p99 ${percentile(samples, 99).toFixed(1)} ms（要求 p99 ≤ 100 ms）；非 2xx ${result.non2xx}`,
    );
  } finally {
    server.kill("SIGTERM");
  }
}

await importBench();
await modulePageBench();
fs.rmSync(work, { recursive: true, force: true });

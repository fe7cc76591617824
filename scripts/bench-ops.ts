/**
 * `npm run bench:ops`: figures for issue 12's everyday operations, printed (not asserted: a
 * shared machine is noisy). On a temporary database with the bundled banks:
 *
 * 1. The audit log page (50 entries) on 200,000 entries: no filter, a person and an
 *    organization that match (newest page fills at once) and that match nothing (a full
 *    scan), an action within a date range; the name lookups and descriptions of one page.
 * 2. The audience sync when 2,000 cadres join an organization with 5 open exams, and again
 *    when nothing changes.
 * 3. A roster update of 2,000 existing cadres (everyone transferred): preview, then apply.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { migrateToLatest, openDatabase } from "../db/client";
import { EVERYONE } from "../app/domain/audience";
import { describeAudit } from "../app/domain/audit-descriptions";
import { syncOpenAudiences } from "../app/models/audience-sync.server";
import { auditLookups, listAuditLog } from "../app/models/audit-log.server";
import { importBundledBanks } from "../app/models/bank-transfer.server";
import { listBanks } from "../app/models/banks.server";
import { createExam, publishExam } from "../app/models/exams.server";
import { createOrg } from "../app/models/orgs.server";
import { applyRosterUpdate, previewRosterUpdate } from "../app/models/roster-update.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaoxue-bench-ops-"));
const db = openDatabase(path.join(dir, "bench.db"));

async function time<T>(label: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(cpu);
  console.log(`${label.padEnd(58)} ${String(Math.round(performance.now() - started)).padStart(6)} ms  (cpu ${Math.round((used.user + used.system) / 1000)} ms)`);
  return result;
}

async function insertCadres(orgId: number, prefix: string, count: number): Promise<number[]> {
  const stamp = new Date().toISOString();
  for (let i = 0; i < count; i += 500) {
    await db
      .insertInto("users")
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
          employee_no: `${prefix}${String(i + j).padStart(5, "0")}`,
          name: `测试干部${i + j}`,
          org_id: orgId,
          rank: "staff" as const,
          is_leader: 0,
          is_party_member: 1,
          role: "cadre" as const,
          scope_org_id: null,
          password_hash: "not-a-hash",
          must_change_password: 0,
          active: 1,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
  }
  return (await db.selectFrom("users").select("id").where("employee_no", "like", `${prefix}%`).execute()).map((u) => u.id);
}

try {
  await migrateToLatest(db);
  await importBundledBanks(db, "question-banks", new Date());
  const banks = (await listBanks(db)).map((b) => ({ slug: b.bank, version: b.version }));
  const now = new Date();
  const root = await createOrg(db, { name: "测试局党委", kind: "party_committee", parentId: null, now });
  const east = await createOrg(db, { name: "东林党支部", kind: "branch", parentId: root.id, now });
  const west = await createOrg(db, { name: "西林党支部", kind: "branch", parentId: root.id, now });
  const lonely = await createOrg(db, { name: "无记录党支部", kind: "branch", parentId: root.id, now });
  const [organizerId] = await insertCadres(root.id, "B", 1);
  await db.updateTable("users").set({ role: "organizer", scope_org_id: root.id }).where("id", "=", organizerId).execute();
  const seated = await insertCadres(east.id, "S", 20);

  for (let e = 0; e < 5; e++) {
    const examId = await createExam(db, {
      definition: {
        kind: "quarterly",
        title: `开放考试 ${e + 1}`,
        description: null,
        period: null,
        opensAt: new Date(now.getTime() - 3600_000),
        closesAt: new Date(now.getTime() + 7 * 86400_000),
        durationMinutes: 60,
        passMark: 60,
        sectionMinimums: false,
        attemptsAllowed: 1,
        reviewPolicy: "after_submit",
        multiplePolicy: "partial_half",
        graceSeconds: 30,
        audience: EVERYONE,
        paper: { shuffleQuestions: true, shuffleOptions: true, sections: [{ title: "一、单选题", type: "single", count: 10, points: 10, source: { kind: "draw", banks } }] },
      },
      ownerOrgId: root.id,
      createdBy: organizerId,
      now,
    });
    await publishExam(db, { examId, actorId: organizerId, ip: null, now });
  }

  console.log("1. audit log, 200,000 entries");
  const stamp = Date.now();
  for (let i = 0; i < 200_000; i += 1000) {
    await db
      .insertInto("audit_log")
      .values(
        Array.from({ length: 1000 }, (_, j) => {
          const n = i + j;
          const who = seated[n % seated.length];
          return {
            at: new Date(stamp - n * 1000).toISOString(),
            actor_id: who,
            action: n % 3 ? "login.success" : "exam.extend",
            target: n % 3 ? `S${String(n % seated.length).padStart(5, "0")}` : "exam:1",
            detail: n % 3 ? null : JSON.stringify({ employeeNo: `S${String(n % seated.length).padStart(5, "0")}`, minutes: 5, reason: "停电" }),
            ip: "127.0.0.1",
          };
        }),
      )
      .execute();
  }
  await time("page 1, no filter", () => listAuditLog(db, {}, 1));
  await time("page 1, a person with entries", () => listAuditLog(db, { person: "S00003" }, 1));
  await time("page 1, an organization with entries", () => listAuditLog(db, { orgId: east.id }, 1));
  await time("page 1, a person with none (full scan)", () => listAuditLog(db, { person: "NOBODY" }, 1));
  await time("page 1, an organization with none (full scan)", () => listAuditLog(db, { orgId: lonely.id }, 1));
  await time("page 1, one action in a day", () => listAuditLog(db, { action: "exam.extend", from: new Date(stamp - 86400_000), to: new Date(stamp) }, 1));
  const { rows } = await listAuditLog(db, {}, 1);
  await time("names and sentences of one page", async () => {
    const lookups = await auditLookups(db, rows);
    return rows.map((r) => describeAudit(r, lookups, r.action));
  });

  console.log("2. audience sync, 5 open exams");
  const joined = await insertCadres(west.id, "J", 2000);
  const added = await time("2,000 cadres join", () => syncOpenAudiences(db, { userIds: joined, now: new Date() }));
  console.log(`   assignments added: ${added.added}`);
  await time("the same 2,000 again (nothing to change)", () => syncOpenAudiences(db, { userIds: joined, now: new Date() }));

  console.log("3. roster update, 2,000 existing cadres transferred");
  const table = [["工号", "姓名", "组织", "职级", "领导干部", "党员"], ...Array.from({ length: 2000 }, (_, i) => [`J${String(i).padStart(5, "0")}`, `测试干部${i}`, east.name, "科级", "否", "是"])];
  const importer = { actorId: organizerId, actorRole: "organizer" as const, scope: { kind: "subtree" as const, orgId: root.id, path: root.path }, ip: "127.0.0.1" };
  const preview = await time("preview", () => previewRosterUpdate(db, { ...importer, table, fileName: "bench.csv", effectiveOn: "2026-11-01", now: new Date() }));
  if (!preview.ok) throw new Error(JSON.stringify(preview.errors.slice(0, 3)));
  console.log(`   to update: ${preview.plan.updates.length}`);
  const applied = await time("apply (re-plan inside the transaction, history rows, sync)", () => applyRosterUpdate(db, { ...importer, previewId: preview.previewId, now: new Date() }));
  console.log(`   updated: ${applied.ok ? applied.updated : "refused"}`);
  console.log(`machine load (1 min): ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`);
} finally {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

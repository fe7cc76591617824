import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type { DB } from "../../db/client";
import { AUDIT_DESCRIBERS, type AuditLookups, auditText, describeAudit } from "~/domain/audit-descriptions";
import { attemptLogin } from "~/models/login.server";
import { AUDIT_ACTIONS, recordAudit } from "~/models/audit.server";
import { fieldsOf, updateCadre } from "~/models/cadre-maintenance.server";
import { getCadre } from "~/models/cadres.server";
import { grantExtraTime } from "~/models/exam-adjustments.server";
import { renameOrg } from "~/models/org-maintenance.server";
import { scopeForOrg } from "~/models/orgs.server";
import { loader as auditCsvLoader } from "~/routes/admin.audit[.]csv";
import { loader as auditXlsxLoader } from "~/routes/admin.audit[.]xlsx";
import { loader as auditLoader } from "~/routes/admin.audit";
import { parseCsv } from "~/utils/csv";

import { arrangeExam } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

/** Every action name the application code passes to the audit log. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sourceFiles(path.resolve("app")), path.resolve("scripts/admin-create.ts")].filter((f) => fs.existsSync(f))) {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (!/action:|audit\(/.test(line) || /AUDIT_ACTIONS|AuditAction/.test(line)) continue;
      for (const m of line.matchAll(/"([a-z_]+(?:\.[a-z_]+)?)"/g)) if (m[1] in AUDIT_ACTIONS || m[1].includes(".")) found.add(m[1]);
    }
  }
  return found;
}

const lookups: AuditLookups = {
  usersByNo: new Map([
    ["C0001", { id: 3, name: "王林" }],
    ["L0002", { id: 4, name: "李森" }],
  ]),
  usersById: new Map([
    [3, { employeeNo: "C0001", name: "王林" }],
    [4, { employeeNo: "L0002", name: "李森" }],
  ]),
  exams: new Map([[7, { title: "2026年第四季度党纪法规考试" }]]),
  attempts: new Map([[12, { examId: 7, employeeNo: "C0001", name: "王林" }]]),
  orgs: new Map([
    [1, "林业局党委"],
    [2, "东方红林场党支部"],
    [5, "青山林场党支部"],
  ]),
};

/** Each action with the detail the code records for it (see the recordAudit calls). */
const SAMPLES: Record<string, { target: string | null; detail: Record<string, unknown> | null }> = {
  "login.success": { target: "C0001", detail: { rehashed: true } },
  "login.failure": { target: "C0001", detail: { reason: "wrong_password", heldBack: 2 } },
  "login.throttled": { target: "C0001", detail: { retryAfterSeconds: 30, reason: "slow_down" } },
  logout: { target: "C0001", detail: null },
  "password.change": { target: "C0001", detail: null },
  "password.reset": { target: "C0001", detail: null },
  "roster.import": { target: "花名册.xlsx", detail: { created: 12, audience: { added: 3, removed: 0, moved: 0 } } },
  "roster.import_refused": { target: "花名册.xlsx", detail: { errors: 2, firstRow: 5 } },
  "roster.update": { target: "调整.xlsx", detail: { created: 1, updated: 1, unchanged: 3, effectiveOn: "2026-10-08", changes: [{ employeeNo: "C0001", name: "王林", changes: [{ field: "orgId", from: 2, to: 5 }] }], audience: { added: 1, removed: 1, moved: 0 } } },
  "bank.import": { target: "senlinfa-2019@2", detail: { origin: "bundled", file: "senlinfa-2019.yaml", status: "created", questions: 40, previousVersion: null } },
  "bank.upload": { target: "senlinfa-2019@3", detail: { origin: "upload", file: "森林法.xlsx", status: "created", questions: 42, previousVersion: 2 } },
  "bank.export": { target: "senlinfa-2019@2", detail: { format: "xlsx", questions: 40 } },
  "bank.refused": { target: "senlinfa-2019@1", detail: { origin: "upload", file: "旧.yaml", reason: "已有第 2 版，不能导入更低的第 1 版" } },
  "credentials.download": { target: null, detail: { rows: 12 } },
  "user.role_change": { target: "L0002", detail: { from: "cadre", to: "organizer", scopeOrgId: 2 } },
  "user.deactivate": { target: "L0002", detail: { name: "李森", audience: { added: 0, removed: 2, moved: 0 } } },
  "user.activate": { target: "L0002", detail: { name: "李森", audience: { added: 2, removed: 0, moved: 0 } } },
  "user.create": { target: "A0002", detail: { role: "admin", via: "admin:create" } },
  "user.update": { target: "C0001", detail: { name: "王林", changes: [{ field: "orgId", from: 2, to: 5 }, { field: "rank", from: "staff", to: "section" }, { field: "isLeader", from: false, to: true }], effectiveOn: "2026-11-20", note: "局党委〔2026〕12 号", audience: { added: 1, removed: 0, moved: 0 } } },
  "org.create": { target: "org:5", detail: { name: "青山林场党支部", kind: "branch", parentId: 1 } },
  "org.rename": { target: "org:5", detail: { from: "青山林场支部", to: "青山林场党支部", fromKind: "branch", toKind: "branch" } },
  "org.move": { target: "org:5", detail: { name: "青山林场党支部", fromParentId: 1, toParentId: 2, orgs: 2, audience: { added: 0, removed: 0, moved: 0 } } },
  "org.deactivate": { target: "org:5", detail: { name: "青山林场党支部" } },
  "org.activate": { target: "org:5", detail: { name: "青山林场党支部" } },
  "access.denied": { target: "/manage/exams/9", detail: { why: "outside scope or missing", method: "GET" } },
  "request.cross_site": { target: "/attempts/12/save", detail: { method: "POST", origin: "https://evil.example" } },
  "exam.create": { target: "exam:7", detail: { title: "2026年第四季度党纪法规考试", period: "2026-Q4", ownerOrgId: 1 } },
  "exam.update": { target: "exam:7", detail: { title: "2026年第四季度党纪法规考试", period: "2026-Q4", ownerOrgId: 1 } },
  "exam.copy": { target: "exam:7", detail: { from: 6, fromTitle: "2026年第三季度党纪法规考试", title: "2026年第四季度党纪法规考试", period: "2026-Q4" } },
  "exam.publish": { target: "exam:7", detail: { title: "2026年第四季度党纪法规考试", audience: 312 } },
  "exam.delete": { target: "exam:8", detail: { title: "作废的草稿", period: null, ownerOrgId: 1 } },
  "exam.extend": { target: "exam:7", detail: { employeeNo: "C0001", name: "王林", minutes: 10, totalMinutes: 10, reason: "林场停电", attemptId: 12, deadlineAt: "2026-11-26T06:10:00.000Z" } },
  "exam.makeup": { target: "exam:7", detail: { employeeNo: "C0001", name: "王林", attemptsAllowed: 2, reason: "住院" } },
  "exam.audience_add": { target: "exam:7", detail: { employeeNo: "L0002", name: "李森", reason: "借调" } },
  "attempt.close": { target: "attempt:12", detail: { examId: 7, employeeNo: "C0001", name: "王林", reason: "手机丢失", score: 64 } },
  "attempt.submit": { target: "attempt:12", detail: null },
  "attempt.refused": { target: "attempt:12", detail: { reason: "invalid: 选项不存在", path: "/attempts/12/save", method: "POST", heldBack: 3 } },
  "credentials.refused": { target: "handout:abc", detail: null },
  "grade.save": { target: "attempt:12:3:0", detail: { points: 30 } },
  "grade.change": { target: "attempt:12:3:0", detail: { from: 30, to: 34, reason: "漏看一条要点" } },
  "report.export": { target: "exam:7", detail: { format: "xlsx", rows: 300, absentees: 12, title: "2026年第四季度党纪法规考试", orgId: null } },
  "report.view": { target: "cadre:3", detail: { print: true } },
  "exam.close": { target: "exam:7", detail: null },
  "audit.export": { target: "?action=login.failure", detail: { format: "csv", rows: 20, cut: false } },
  "statistics.view": { target: "statistics:2026", detail: { orgId: 2, print: false } },
  "statistics.export": { target: "statistics:2026", detail: { format: "xlsx", orgId: null, tables: ["参考情况", "领导干部"], rows: 40 } },
  "regulation.import": { target: "regulation:senlinfa-2019@1", detail: { origin: "cli", file: "森林法.docx", articles: 84, chapters: 9 } },
  "regulation.refused": { target: "坏文件.docx", detail: { problems: 1, first: "没有找到“第一条”" } },
  "regulation.update": { target: "regulation:3", detail: { title: "中华人民共和国森林法", status: "in_force", replacedBy: null } },
  "law.module_create": { target: "law_module:4", detail: { title: "森林法学习", quiz: "drawn" } },
  "law.meeting_create": { target: "law_meeting:9", detail: { title: "十一月党委会议", type: "party_committee", startsAt: "2026-11-20T01:00:00.000Z" } },
  "law.meeting_schedule": { target: "law_meeting:9", detail: { attendees: 11, quizExamId: 7 } },
  "law.attendance": { target: "law_meeting:9", detail: { recorded: 11, present: 10 } },
  "law.export": { target: "law_plan:1:2026", detail: { format: "xlsx", rows: 12 } },
  "appointment.create": { target: "appointment:5", detail: { employeeNo: "L0002", name: "李森", post: "青山林场场长", examId: 7, reusedAttemptId: null, openBook: false } },
  "appointment.sign": { target: "appointment:5", detail: { textVersion: 2, textId: 3 } },
  "appointment.talk": { target: "appointment:5", detail: { talkOn: "2026-11-20", talkers: 2, update: false } },
  "appointment.defer": { target: "appointment:5", detail: { reason: "考察期延长" } },
  "appointment.cancel": { target: "appointment:5", detail: { reason: "岗位调整" } },
  "appointment.test": { target: "appointment:5", detail: { results: [{ passed: false, score: 52 }, { passed: true, score: 86 }], status: "completed", notice: null } },
  "appointment.settings": { target: "org:1", detail: { before: { passMark: 60 }, after: { passMark: 80 } } },
  "appointment.commitment_text": { target: "org:1", detail: { version: 3, title: "廉政承诺书", characters: 640 } },
  "appointment.export": { target: "appointments", detail: { format: "csv", rows: 9, year: 2026, state: null, orgId: null } },
};

describe("audit descriptions", () => {
  test("every action the code records has a Chinese label and a sentence of its own", () => {
    const recorded = recordedActions();
    expect(recorded.size).toBeGreaterThan(30);
    for (const action of recorded) {
      expect(AUDIT_ACTIONS, `label for ${action}`).toHaveProperty([action]);
      expect(AUDIT_DESCRIBERS, `description for ${action}`).toHaveProperty([action]);
    }
  });

  test.each([...new Set([...recordedActions(), ...Object.keys(SAMPLES)])])("%s reads as Chinese with names, never raw JSON, English keys or exam:4-style targets", (action) => {
    // An action recorded since this list was written is checked with an empty entry: it must still read.
    const sample = SAMPLES[action] ?? { target: null, detail: null };
    const parts = describeAudit({ action, ...sample }, lookups, AUDIT_ACTIONS[action as keyof typeof AUDIT_ACTIONS]);
    const text = auditText(parts);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toMatch(/[{}]|":|\b(exam|attempt|cadre|org):\d|undefined|null|NaN|\b(employeeNo|reason|detail|orgId|from|to)\b/);
    for (const [key, value] of Object.entries(sample.detail ?? {})) {
      // A reason someone typed (or a Chinese message after a code) is shown as written.
      if (key === "reason" && typeof value === "string" && /[\u4e00-\u9fff]/.test(value)) expect(text).toContain(value.replace(/^[a-z_]+: /, ""));
    }
  });

  test("names link to their pages: the cadre, the exam, the organization", () => {
    const parts = describeAudit({ action: "exam.extend", ...SAMPLES["exam.extend"] }, lookups, "延长作答时间");
    expect(parts).toContainEqual({ text: "王林（C0001）", href: "/manage/cadres/3" });
    expect(parts).toContainEqual({ text: "《2026年第四季度党纪法规考试》", href: "/manage/exams/7" });
    const moved = describeAudit({ action: "org.move", ...SAMPLES["org.move"] }, lookups, "移动组织");
    expect(moved).toContainEqual({ text: "东方红林场党支部", href: "/manage/orgs/2" });
    expect(auditText(describeAudit({ action: "user.update", ...SAMPLES["user.update"] }, lookups, "修改干部信息"))).toContain("组织：东方红林场党支部 → 青山林场党支部");
    // A deleted exam keeps its title from the entry, without a link.
    expect(auditText(describeAudit({ action: "exam.delete", ...SAMPLES["exam.delete"] }, lookups, "删除考试草稿"))).toContain("《作废的草稿》（已删除）");
  });
});

describe("the audit log page", () => {
  test("filters by date range, action, person and organization; exports exactly what it shows, audited", async () => {
    const { examId, org, cadres } = await arrangeExam(db, { cadres: 2 });
    const other = await makeOrg(db, `别的党支部-${examId}`, null);
    const stranger = await makeUser(db, { orgId: other.id, name: "外单位干部" });
    const organizer = await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id, name: "组织者甲" });
    const admin = await makeUser(db, { orgId: org.id, role: "admin", name: "管理员甲" });
    const scope = await scopeForOrg(db, org.id);
    const [cadre] = cadres;
    await db.updateTable("users").set({ name: "被延时的干部" }).where("id", "=", cadre.id).execute();

    await grantExtraTime(db, scope, { examId, employeeNo: cadre.employee_no, minutes: 15, reason: "停电", actorId: organizer.id, ip: "10.0.0.8", now: new Date() });
    const current = (await getCadre(db, scope, cadre.id))!;
    await updateCadre(db, scope, { cadreId: cadre.id, fields: { ...fieldsOf(current), rank: "section" }, effectiveOn: "2026-11-01", note: null, actorId: organizer.id, ip: "10.0.0.8", now: new Date() });
    await renameOrg(db, scope, { orgId: org.id, name: `${org.name}新址`, kind: "branch", actorId: organizer.id, ip: "10.0.0.8", now: new Date() });
    await attemptLogin(db, { employeeNo: stranger.employee_no, password: "wrong-password", ip: "10.0.0.9", userAgent: null, now: new Date() });
    await recordAudit(db, { actorId: organizer.id, action: "exam.close", target: `exam:${examId}`, ip: "10.0.0.8", now: new Date("2020-01-01T00:00:00Z") });

    const cookie = await sessionCookieFor(db, admin.id);
    type Row = { action: string; description: Array<string | { text: string; href: string | null }>; actor: unknown };
    const open = async (query: string) => ((await callRoute(auditLoader, { db, cookie, path: `/admin/audit${query}` })).data as { rows: Row[] }).rows;
    const text = (r: Row) => r.description.map((p) => (typeof p === "string" ? p : p.text)).join("");

    const byPerson = await open(`?person=${encodeURIComponent("被延时的干部")}`);
    expect(byPerson.map((r) => r.action).sort()).toEqual(["修改干部信息", "延长作答时间"].sort());
    const extend = byPerson.find((r) => r.action === "延长作答时间")!;
    expect(text(extend)).toBe(`为 被延时的干部（${cadre.employee_no}） 延长 《测试季度考试》 的作答时间 15 分钟（累计 15 分钟），原因：停电`);
    expect(extend.description).toContainEqual({ text: "《测试季度考试》", href: `/manage/exams/${examId}` });
    expect(extend.actor).toEqual({ text: `组织者甲（${organizer.employee_no}）`, href: `/manage/cadres/${organizer.id}` });

    const byOrg = await open(`?orgId=${other.id}`);
    expect(byOrg.map((r) => r.action)).toEqual(["登录失败"]);
    expect(text(byOrg[0])).toBe(`外单位干部（${stranger.employee_no}） 登录失败：密码错误`);

    const renamed = await open("?action=org.rename");
    expect(text(renamed[0])).toContain(`将组织“${org.name}”改为 ${org.name}新址`);

    const today = new Date().toISOString().slice(0, 10);
    expect((await open(`?action=exam.close&from=2019-12-31&to=2020-01-01`)).map((r) => r.action)).toEqual(["关闭考试"]);
    expect(await open(`?action=exam.close&from=${today}`)).toEqual([]);

    const csv = await callRoute(auditCsvLoader, { db, cookie, path: `/admin/audit.csv?person=${encodeURIComponent("被延时的干部")}` });
    expect(csv.status).toBe(200);
    const table = parseCsv(String(csv.data));
    expect(table[0]).toEqual(["时间（Asia/Shanghai）", "时间（UTC）", "事件", "操作人", "内容", "地址"]);
    expect(table.slice(1).map((r) => r[4]).sort()).toEqual(byPerson.map(text).sort());

    const xlsx = await callRoute(auditXlsxLoader, { db, cookie, path: `/admin/audit.xlsx?orgId=${other.id}` });
    expect(xlsx.status).toBe(200);
    const exports = await db.selectFrom("audit_log").select(["detail"]).where("action", "=", "audit.export").where("actor_id", "=", admin.id).execute();
    expect(exports.map((e) => JSON.parse(e.detail!).format).sort()).toEqual(["csv", "xlsx"]);

    // An organizer may not read or export the log.
    const organizerCookie = await sessionCookieFor(db, organizer.id);
    expect((await callRoute(auditCsvLoader, { db, cookie: organizerCookie, path: "/admin/audit.csv" })).status).toBe(403);
  });

  test("the .xlsx export reads back in an independent reader with the page's words", async () => {
    const org = await makeOrg(db, `读回党支部-${Date.now()}`, null);
    const admin = await makeUser(db, { orgId: org.id, role: "admin" });
    await recordAudit(db, { actorId: admin.id, action: "credentials.download", detail: { rows: 7 }, ip: "=1+1", now: new Date() });
    const cookie = await sessionCookieFor(db, admin.id);
    const request = new Request("http://localhost/admin/audit.xlsx?action=credentials.download", { headers: { Cookie: cookie } });
    const response = (await auditXlsxLoader({ request, params: {}, context: { db, clientAddress: "127.0.0.1", timeZone: "Asia/Shanghai" } } as never)) as Response;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-")), "audit.xlsx");
    fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const script = "import openpyxl,sys,json\nwb=openpyxl.load_workbook(sys.argv[1])\nws=wb.active\nprint(json.dumps([[c.value for c in r] for r in ws.iter_rows()], ensure_ascii=False))";
    const rows = JSON.parse(execFileSync("/usr/bin/python3", ["-c", script, file], { encoding: "utf8" })) as string[][];
    expect(rows[0][4]).toBe("内容");
    expect(rows[1][4]).toBe("下载了初始密码表（7 人）");
    // Formula-safe: an address that looks like a formula stays text.
    expect(rows[1][5]).toBe("'=1+1");
  });
});

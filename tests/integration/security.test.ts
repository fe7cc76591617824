/**
 * Issue 11: the attacks that once worked, each tried again against the real models and
 * routes on a real database file.
 */
import JSZip from "jszip";

import type { DB } from "../../db/client";
import { createHandout } from "~/models/handouts.server";
import { saveResponses, startAttempt, submitAttempt } from "~/models/attempts.server";
import { GradeError, listGradingItems, saveManualGrade } from "~/models/grading.server";
import { action as attemptAction, loader as attemptLoader } from "~/routes/attempts.$attemptId._index";
import { loader as resultLoader } from "~/routes/attempts.$attemptId.result";
import { action as loginAction } from "~/routes/login";
import { loader as bankVersionLoader } from "~/routes/manage.banks.$slug.versions.$version._index";
import { loader as bankYamlLoader } from "~/routes/manage.banks.$slug.versions.$version.export[.]yaml";
import { loader as gradingLoader } from "~/routes/manage.exams.$examId_.grading";
import { loader as examReportLoader } from "~/routes/manage.exams.$examId_.report";
import { loader as handoutLoader } from "~/routes/manage.handouts.$handoutId";
import { readUploadedTable, SpreadsheetError } from "~/utils/spreadsheet.server";

import { arrangeExam } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeOrg, makeUser, TEST_PASSWORD } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

const context = () => ({ db, clientAddress: "192.0.2.7", timeZone: "Asia/Shanghai" });

async function auditRows(action: string, actorId: number | null) {
  let query = db.selectFrom("audit_log").selectAll().where("action", "=", action);
  query = actorId === null ? query.where("actor_id", "is", null) : query.where("actor_id", "=", actorId);
  return query.execute();
}

async function postLogin(fields: Record<string, string>) {
  const request = new Request("http://localhost/login", { method: "POST", body: new URLSearchParams(fields) });
  try {
    const result = await loginAction({ request, context: context(), params: {} } as never);
    if (result instanceof Response) return result;
    const init = (result as { init?: ResponseInit }).init;
    return new Response(null, { status: init?.status ?? 200 });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("after login, the browser goes only to a path of this site", () => {
  test.each([
    ["/\t/attacker.example", "/"],
    ["/\\attacker.example", "/"],
    ["//attacker.example", "/"],
    ["https://attacker.example/", "/"],
    ["/exams/3?from=home", "/exams/3?from=home"],
  ])("redirectTo %j lands on %j", async (redirectTo, expected) => {
    const org = await makeOrg(db, `跳转测试-${Math.random()}`);
    const user = await makeUser(db, { orgId: org.id });
    const response = await postLogin({ employeeNo: user.employee_no, password: TEST_PASSWORD, redirectTo });
    if (redirectTo.includes("\t")) {
      // A control character is refused outright (400), before any session is made.
      expect(response.status).toBe(400);
      expect(await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(0);
      return;
    }
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(expected);
  });

  test("CR or LF in redirectTo gives 400 with a Chinese message, not a 500", async () => {
    const org = await makeOrg(db, `换行测试-${Math.random()}`);
    const user = await makeUser(db, { orgId: org.id });
    for (const bad of ["/\r\nSet-Cookie: x=1", "/ok\nLocation: //attacker.example"]) {
      const response = await postLogin({ employeeNo: user.employee_no, password: TEST_PASSWORD, redirectTo: bad });
      expect(response.status).toBe(400);
    }
  });
});

describe("malformed request bodies", () => {
  test("a broken multipart body to a form action answers 400, not 500", async () => {
    const request = new Request("http://localhost/login", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=----x" },
      body: "------x\r\nContent-Disposition: form-data; name=\"employeeNo\"\r\n\r\nA1\r\n(no closing boundary",
    });
    const thrown = await loginAction({ request, context: context(), params: {} } as never).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
    expect(await (thrown as Response).text()).toContain("请求格式不正确");
  });
});

describe("one cadre cannot touch another cadre's attempt", () => {
  test("flooding another cadre's attempt id neither refuses nor slows that cadre's saves, and is on record", async () => {
    const { examId, cadres } = await arrangeExam(db, { cadres: 2 });
    const [owner, attacker] = cadres;
    const started = await startAttempt(db, { examId, userId: owner.id, now: new Date(), seed: 3 });
    if (started.kind === "blocked") throw new Error("blocked");
    const now = new Date();
    for (let i = 0; i < 200; i++) {
      const outcome = await saveResponses(db, { attemptId: started.attemptId, userId: attacker.id, answers: [{ ref: "0:0", response: { kind: "single", option: 0 } }], seq: i + 1, now });
      expect(outcome.kind).toBe("not_found");
    }
    // The owner's whole budget is still there: 30 saves at once all go through.
    for (let i = 1; i <= 30; i++) {
      const outcome = await saveResponses(db, { attemptId: started.attemptId, userId: owner.id, answers: [{ ref: "0:0", response: { kind: "single", option: i % 4 } }], seq: i, now });
      expect(outcome.kind).toBe("saved");
    }
  });

  test("opening or submitting someone else's attempt answers 404 and writes an audit row", async () => {
    const { examId, cadres } = await arrangeExam(db, { cadres: 2 });
    const [owner, other] = cadres;
    const started = await startAttempt(db, { examId, userId: owner.id, now: new Date(), seed: 4 });
    if (started.kind === "blocked") throw new Error("blocked");
    const cookie = await sessionCookieFor(db, other.id);
    const path = `/attempts/${started.attemptId}`;
    const params = { attemptId: String(started.attemptId) };
    expect((await callRoute(attemptLoader, { db, cookie, path, params })).status).toBe(404);
    expect((await callRoute(attemptAction, { db, cookie, path, params, form: { intent: "submit-confirmed", lastSeq: "0" } })).status).toBe(404);
    expect((await callRoute(resultLoader, { db, cookie, path: `${path}/result`, params })).status).toBe(404);
    const rows = await auditRows("attempt.refused", other.id);
    expect(rows.map((r) => JSON.parse(r.detail!).path)).toEqual(expect.arrayContaining([path, `${path}/result`]));
    // The owner's attempt is untouched.
    const attempt = await db.selectFrom("attempts").select("status").where("id", "=", started.attemptId).executeTakeFirstOrThrow();
    expect(attempt.status).toBe("in_progress");
  });
});

describe("organizers who take an exam", () => {
  async function organizerTakingEssayExam() {
    const arranged = await arrangeExam(db, {
      cadres: 1,
      overrides: (slug) => ({
        paper: {
          shuffleQuestions: false,
          shuffleOptions: false,
          sections: [
            { title: "一、单选题", type: "single", count: 1, points: 10, source: { kind: "draw", banks: [{ slug, version: 1 }] } },
            { title: "二、简答题", type: "essay", count: 1, points: 20, source: { kind: "draw", banks: [{ slug, version: 1 }] } },
          ],
        },
      }),
    });
    const organizer = await makeUser(db, { orgId: arranged.org.id, role: "organizer", scopeOrgId: arranged.org.id });
    await db.insertInto("exam_audience").values({ exam_id: arranged.examId, user_id: organizer.id, org_id: arranged.org.id, extra_minutes: 0, extra_attempts: 0, added_at: new Date().toISOString(), note: null }).execute();
    const started = await startAttempt(db, { examId: arranged.examId, userId: organizer.id, now: new Date(), seed: 9 });
    if (started.kind === "blocked") throw new Error(started.reasons.join());
    return { ...arranged, organizer, attemptId: started.attemptId, cookie: await sessionCookieFor(db, organizer.id) };
  }

  test("while their attempt is in progress, the bank's pages and exports, the report and the grading queue are refused and logged", async () => {
    const { organizer, slug, examId, cookie } = await organizerTakingEssayExam();
    const bankParams = { slug, version: "1" };
    const pages = [
      await callRoute(bankVersionLoader, { db, cookie, path: `/manage/banks/${slug}/versions/1`, params: bankParams }),
      await callRoute(bankYamlLoader, { db, cookie, path: `/manage/banks/${slug}/versions/1/export.yaml`, params: bankParams }),
      await callRoute(examReportLoader, { db, cookie, path: `/manage/exams/${examId}/report`, params: { examId: String(examId) } }),
      await callRoute(gradingLoader, { db, cookie, path: `/manage/exams/${examId}/grading`, params: { examId: String(examId) } }),
    ];
    for (const page of pages) {
      expect(page.status).toBe(403);
      expect(String(page.data)).toContain("交卷后才能查看");
    }
    const denied = await auditRows("access.denied", organizer.id);
    expect(denied.filter((r) => JSON.parse(r.detail!).bank === slug)).toHaveLength(4);
  });

  test("after submitting, the bank opens again, but their own essay is not in their queue and cannot be graded by them", async () => {
    const { organizer, slug, examId, attemptId, cookie } = await organizerTakingEssayExam();
    await saveResponses(db, { attemptId, userId: organizer.id, answers: [{ ref: "1:0", response: { kind: "essay", text: "自己的答案" } }], seq: 1, now: new Date() });
    await submitAttempt(db, { attemptId, userId: organizer.id, now: new Date() });
    expect((await callRoute(bankVersionLoader, { db, cookie, path: `/manage/banks/${slug}/versions/1`, params: { slug, version: "1" } })).status).toBe(200);
    expect(await listGradingItems(db, examId, { graderId: organizer.id })).toHaveLength(0);
    const colleague = await makeUser(db, { orgId: organizer.org_id, role: "organizer", scopeOrgId: organizer.scope_org_id });
    expect(await listGradingItems(db, examId, { graderId: colleague.id })).toHaveLength(1);

    const own = saveManualGrade(db, { examId, attemptId, ref: "1:0", points: 20, comment: null, reason: null, actorId: organizer.id, ip: null, now: new Date() });
    await expect(own).rejects.toThrow(GradeError);
    await expect(own).rejects.toThrow("不能为自己的答卷评分");
    expect(await db.selectFrom("manual_grades").select("id").where("attempt_id", "=", attemptId).execute()).toHaveLength(0);
    expect((await auditRows("access.denied", organizer.id)).some((r) => JSON.parse(r.detail!).why === "grading one's own attempt")).toBe(true);
  });
});

describe("refused password handouts", () => {
  test("a wrong key, or a second download, is refused and on record", async () => {
    const org = await makeOrg(db, `密码文件测试-${Math.random()}`);
    const organizer = await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id });
    const handout = await createHandout(db, { createdBy: organizer.id, rows: [{ employeeNo: "X1", name: "某", orgName: "某", password: "p" }], now: new Date() });
    const cookie = await sessionCookieFor(db, organizer.id);
    const wrong = await callRoute(handoutLoader, { db, cookie, path: `/manage/handouts/${handout.id}?k=AAAA`, params: { handoutId: handout.id } });
    expect(wrong.status).toBe(410);
    expect(await auditRows("credentials.refused", organizer.id)).toHaveLength(1);
  });
});

describe("uploaded spreadsheets are bounded", () => {
  async function xlsxWithSheet(sheetXml: string | Buffer) {
    const zip = new JSZip();
    zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
    zip.file("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
    zip.file("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>');
    zip.file("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>');
    zip.file("xl/worksheets/sheet1.xml", sheetXml);
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 9 } });
  }

  test("an .xlsx that expands to hundreds of megabytes is refused before it is read, with a Chinese reason", async () => {
    // 200 MB of whitespace inside the sheet: well under the 5 MB upload cap once compressed.
    const head = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
    const sheet = Buffer.alloc(200 * 1024 * 1024, " ");
    sheet.write(head, 0);
    sheet.write("</sheetData></worksheet>", sheet.length - 24);
    const bytes = await xlsxWithSheet(sheet);
    expect(bytes.byteLength).toBeLessThan(5 * 1024 * 1024);
    const reading = readUploadedTable(new File([new Uint8Array(bytes)], "名单.xlsx"));
    await expect(reading).rejects.toThrow(SpreadsheetError);
    await expect(reading).rejects.toThrow("解压后超过");
  }, 120_000);

  test("an .xlsx or CSV with more rows than any roster is refused", async () => {
    const rows = Array.from({ length: 20_005 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>x</t></is></c></row>`).join("");
    const xlsx = await xlsxWithSheet(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`);
    await expect(readUploadedTable(new File([new Uint8Array(xlsx)], "名单.xlsx"))).rejects.toThrow("行数超过");
    const csv = "工号,姓名\n" + Array.from({ length: 20_005 }, (_, i) => `N${i},某`).join("\n");
    await expect(readUploadedTable(new File([csv], "名单.csv"))).rejects.toThrow("行数超过");
  }, 60_000);
});

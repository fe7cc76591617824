/**
 * The board of pre-appointment cases (/manage/appointments), its year count by
 * organization, and the 任前 section of the cadre's long-term file. Every query is scoped
 * by the case's organization subtree.
 */
import type { DB } from "../../db/client";
import { type BoardCase, boardTable, yearCountTable, type YearCountRow, yearSentence } from "~/domain/appointments/board";
import { dateIn, passValidUntil } from "~/domain/appointments/calendar";
import { COMMITMENT_LABELS, stateLabel, TALK_LABELS, testLabel } from "~/domain/appointments/case-machine";
import type { RecordContext, RecordSection } from "~/domain/cadre-record";
import { type BoardFilter, parseRules } from "~/schemas/appointments.server";

import { snapshotOf, syncOpenCases } from "./appointments.server";
import { listOrgs, type Scope } from "./orgs.server";

/** The board shows (and exports) at most this many cases; a year of a bureau has far fewer. */
export const BOARD_LIMIT = 5000;

async function orgPathOf(db: DB, orgId: number | undefined): Promise<string | null> {
  if (orgId === undefined) return null;
  const org = await db.selectFrom("orgs").select("path").where("id", "=", orgId).executeTakeFirst();
  return org?.path ?? "/none/";
}

function boardQuery(db: DB, scope: Scope, orgPath: string | null, year: number | undefined) {
  let query = db
    .selectFrom("appointment_cases as c")
    .innerJoin("users as u", "u.id", "c.cadre_id")
    .innerJoin("orgs as o", "o.id", "c.org_id")
    .innerJoin("users as m", "m.id", "c.organizer_id");
  if (scope.kind === "subtree") query = query.where("o.path", "like", `${scope.path}%`);
  if (orgPath !== null) query = query.where("o.path", "like", `${orgPath}%`);
  if (year !== undefined) query = query.where("c.decided_on", "like", `${year}-%`);
  return query;
}

/** Cases in scope matching the filter, newest decision first; open cases are first brought up to date with their exams. */
export async function listBoardCases(db: DB, scope: Scope, filter: BoardFilter, now: Date): Promise<BoardCase[]> {
  await syncOpenCases(db, { now, scope });
  let query = boardQuery(db, scope, await orgPathOf(db, filter.orgId), filter.year)
    .selectAll("c")
    .select(["u.name as cadreName", "u.employee_no as employeeNo", "o.name as orgName", "m.name as organizerName"]);
  switch (filter.state) {
    case "commitment":
      query = query.where("c.status", "=", "open").where("c.commitment_signed_at", "is", null);
      break;
    case "talk":
      query = query.where("c.status", "=", "open").where("c.talk_on", "is", null);
      break;
    case "test":
      query = query.where("c.status", "=", "open").where("c.test_result", "=", "pending");
      break;
    case undefined:
      break;
    default:
      query = query.where("c.status", "=", filter.state);
  }
  const rows = await query.orderBy("c.decided_on", "desc").orderBy("c.id", "desc").limit(BOARD_LIMIT).execute();
  return rows.map((r) => ({
    id: r.id,
    employeeNo: r.employeeNo,
    name: r.cadreName,
    orgName: r.orgName,
    post: r.post,
    documentNo: r.document_no,
    decidedOn: r.decided_on,
    openBook: Boolean(r.open_book),
    organizerName: r.organizerName,
    snapshot: snapshotOf(r),
    commitmentSignedAt: r.commitment_signed_at,
    talkOn: r.talk_on,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  }));
}

/** Cases decided in the year by organization (tree order), with how many completed all three steps. */
export async function yearCounts(db: DB, scope: Scope, input: { year: number; orgId?: number }): Promise<YearCountRow[]> {
  const rows = await boardQuery(db, scope, await orgPathOf(db, input.orgId), input.year)
    .select(["c.org_id", "o.name as orgName"])
    .select((eb) => [eb.fn.countAll<number>().as("cases"), eb.fn.sum<number>(eb.case().when("c.status", "=", "completed").then(1).else(0).end()).as("completed")])
    .groupBy(["c.org_id", "o.name"])
    .execute();
  const order = new Map((await listOrgs(db, scope)).map((o, i) => [o.id, i]));
  return rows
    .sort((a, b) => (order.get(a.org_id) ?? 0) - (order.get(b.org_id) ?? 0))
    .map((r) => ({ orgName: r.orgName, cases: Number(r.cases), completed: Number(r.completed) }));
}

/** The years cases in scope were decided in, newest first, and the current year. */
export async function caseYears(db: DB, scope: Scope, currentYear: number): Promise<number[]> {
  const rows = await boardQuery(db, scope, null, undefined)
    .select((eb) => eb.fn<string>("substr", ["c.decided_on", eb.val(1), eb.val(4)]).as("year"))
    .distinct()
    .execute();
  return [...new Set([currentYear, ...rows.map((r) => Number(r.year))])].sort((a, b) => b - a);
}

/** 任前 in the cadre's long-term file: each case, its steps, the score, and until when the pass is valid. */
export async function appointmentsRecordSection(db: DB, context: RecordContext): Promise<RecordSection> {
  await syncOpenCases(db, { now: context.now, cadreId: context.cadreId });
  const rows = await db
    .selectFrom("appointment_cases as c")
    .innerJoin("orgs as o", "o.id", "c.org_id")
    .selectAll("c")
    .select("o.name as orgName")
    .where("c.cadre_id", "=", context.cadreId)
    .orderBy("c.decided_on", "desc")
    .orderBy("c.id", "desc")
    .execute();
  const validUntil = (r: (typeof rows)[number]) =>
    r.test_passed_at && (r.test_result === "passed" || r.test_result === "reused")
      ? passValidUntil(r.test_passed_at, parseRules(r.rules).validityYears, context.timeZone)
      : null;
  const today = dateIn(context.now, context.timeZone);
  const newestValid = rows
    .map(validUntil)
    .filter((d): d is string => d !== null)
    .sort()
    .at(-1);
  const completed = rows.filter((r) => r.status === "completed").length;
  return {
    key: "appointments",
    title: "任前",
    facts:
      rows.length === 0
        ? []
        : [
            { label: "任前事项", value: `${rows.length} 件，已完成 ${completed} 件` },
            { label: "任前考试合格有效期", value: newestValid ? (newestValid >= today ? `至 ${newestValid}` : `已于 ${newestValid} 到期`) : "无合格成绩" },
          ],
    tables:
      rows.length === 0
        ? []
        : [
            {
              columns: [
                { key: "decidedOn", label: "决定日期", key_column: true },
                { key: "post", label: "新任职务", key_column: true },
                { key: "org", label: "单位" },
                { key: "commitment", label: "承诺" },
                { key: "talk", label: "谈话" },
                { key: "test", label: "考试" },
                { key: "score", label: "考试成绩", numeric: true },
                { key: "mode", label: "考试方式" },
                { key: "state", label: "状态", key_column: true },
                { key: "validUntil", label: "合格有效期至" },
              ],
              rows: rows.map((r) => {
                const snapshot = snapshotOf(r);
                return {
                  decidedOn: r.decided_on,
                  post: r.post,
                  org: r.orgName,
                  commitment: COMMITMENT_LABELS[snapshot.commitment],
                  talk: r.talk_on ? `${TALK_LABELS.done} ${r.talk_on}` : TALK_LABELS.pending,
                  test: testLabel(snapshot.test),
                  score: r.test_score,
                  mode: r.open_book ? "开卷" : "闭卷",
                  state: stateLabel(snapshot),
                  validUntil: validUntil(r),
                };
              }),
            },
          ],
    emptyText: rows.length === 0 ? "暂无任前记录" : null,
  };
}

/** Cases whose responsible organizer has a notice to read (a failed makeup), in scope. */
export async function listNotices(db: DB, scope: Scope) {
  let query = db
    .selectFrom("appointment_cases as c")
    .innerJoin("users as u", "u.id", "c.cadre_id")
    .innerJoin("orgs as o", "o.id", "c.org_id")
    .select(["c.id", "c.notice", "c.organizer_id", "u.name", "u.employee_no", "c.post"])
    .where("c.notice", "is not", null);
  if (scope.kind === "subtree") query = query.where("o.path", "like", `${scope.path}%`);
  return query.orderBy("c.updated_at", "desc").limit(50).execute();
}

/**
 * Everything the board shows, computed once for the page and the downloads alike: the
 * filtered cases as a table, the year's count by organization and its sentence.
 */
export async function loadBoard(db: DB, scope: Scope, filter: BoardFilter, input: { now: Date; timeZone: string }) {
  const currentYear = Number(dateIn(input.now, input.timeZone).slice(0, 4));
  const year = filter.year ?? currentYear;
  const cases = await listBoardCases(db, scope, { ...filter, year }, input.now);
  const counts = await yearCounts(db, scope, { year, orgId: filter.orgId });
  const completed = counts.reduce((n, r) => n + r.completed, 0);
  return {
    year,
    years: await caseYears(db, scope, currentYear),
    caseIds: cases.map((c) => c.id),
    table: boardTable(cases, input.now, input.timeZone),
    yearTable: yearCountTable(year, counts),
    sentence: yearSentence(year, completed),
    completed,
  };
}

import { renderToStaticMarkup } from "react-dom/server";

import type { DB } from "../../db/client";
import { StateChart } from "~/components/reports/state-chart";
import { loader as liveLoader } from "~/routes/manage.exams.$examId_.live";

import { arrangeExam } from "../support/exam-fixtures";
import { callRoute, sessionCookieFor } from "../support/route-calls";
import { createTestDatabase, makeUser } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
});
afterAll(() => cleanup());

type LiveData = { cadres: Array<{ employeeNo: string }>; page: number; hasMore: boolean; shownTotal: number; chart: Parameters<typeof StateChart>[0]["bars"]; counts: { assigned: number } };

describe("the live view", () => {
  test("lists the cadres a page at a time and draws the state counts as a server-rendered chart", async () => {
    const { examId, org } = await arrangeExam(db, { cadres: 61 });
    const organizer = await makeUser(db, { orgId: org.id, role: "organizer", scopeOrgId: org.id });
    const cookie = await sessionCookieFor(db, organizer.id);
    const open = async (query: string) =>
      (await callRoute(liveLoader, { db, cookie, path: `/manage/exams/${examId}/live${query}`, params: { examId: String(examId) } })).data as LiveData;

    const first = await open("");
    expect(first).toMatchObject({ page: 1, hasMore: true, shownTotal: 61 });
    expect(first.cadres).toHaveLength(50);
    const second = await open("?page=2");
    expect(second).toMatchObject({ page: 2, hasMore: false });
    expect(second.cadres).toHaveLength(11);
    expect(new Set([...first.cadres, ...second.cadres].map((c) => c.employeeNo)).size).toBe(61);
    // A page past the end, or nonsense, is not an error.
    expect((await open("?page=9")).cadres).toEqual([]);
    expect((await open("?page=abc")).page).toBe(1);

    const svg = renderToStaticMarkup(StateChart({ bars: first.chart, assigned: first.counts.assigned }));
    expect(svg).toContain("<svg");
    expect(svg).toContain(`aria-label="应考 61 人：未开始 61 人，作答中 0 人，已交卷·及格 0 人，已交卷·不及格 0 人，已交卷·待阅卷 0 人"`);
  });
});

import type { DB } from "../../db/client";
import { seedDemoBureau } from "../../db/seed";
import { seedDemoAppointments } from "../../db/seed-appointments";
import { listCaseHistory } from "~/models/appointments.server";
import { listBoardCases } from "~/models/appointment-board.server";
import { importBundledBanks } from "~/models/bank-transfer.server";

import { createTestDatabase } from "../support/test-db";

let db: DB;
let cleanup: () => Promise<void>;

// The demo's bureau and bundled banks, then its pre-appointment cases (start-up runs the same seeds;
// the quarterly exams' seed is left out here: it takes most of the time and the cases do not need it).
beforeAll(async () => {
  ({ db, cleanup } = await createTestDatabase());
  await importBundledBanks(db, "question-banks", new Date());
  const now = new Date();
  const bureau = await seedDemoBureau(db, now);
  await seedDemoAppointments(db, { now, timeZone: "Asia/Shanghai", organizerId: bureau.organizerId });
}, 60_000);
afterAll(() => cleanup());

describe("the demo's pre-appointment cases", () => {
  test("cases in every state, one waiting for C0001's commitment, and a fail followed by a makeup pass", async () => {
    const now = new Date();
    const rows = await db.selectFrom("appointment_cases as c").innerJoin("users as u", "u.id", "c.cadre_id").selectAll("c").select("u.employee_no").execute();
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(["open", "completed", "deferred", "cancelled"]));

    const mine = rows.find((r) => r.employee_no === "C0001")!;
    expect(mine).toMatchObject({ status: "open", commitment_signed_at: null, test_result: "pending" });
    expect(mine.exam_id).not.toBeNull();

    const board = await listBoardCases(db, { kind: "all" }, {}, now);
    const states = board.map((c) => [c.snapshot.commitment, c.snapshot.talk, c.snapshot.test.result]);
    // Each pending step is somebody's: 待承诺, 待谈话, 待考试, and one waiting for the makeup.
    expect(board.some((c) => c.snapshot.status === "open" && c.snapshot.commitment === "pending")).toBe(true);
    expect(board.some((c) => c.snapshot.status === "open" && c.snapshot.talk === "pending")).toBe(true);
    expect(board.some((c) => c.snapshot.status === "open" && c.snapshot.test.result === "pending")).toBe(true);
    expect(board.some((c) => c.snapshot.test.result === "pending" && c.snapshot.test.makeupOpen)).toBe(true);
    expect(states).toContainEqual(["done", "pending", "passed"]);
    expect(board.some((c) => c.snapshot.test.result === "reused")).toBe(true);
    expect(rows.find((r) => r.status === "deferred")?.notice).toMatch(/补考仍未通过/);

    const makeupPass = rows.find((r) => r.test_result === "passed" && r.test_failures === 1)!;
    expect((await listCaseHistory(db, makeupPass.id)).map((h) => h.kind)).toEqual(expect.arrayContaining(["test_failed", "makeup_opened", "test_passed"]));
    const attempts = await db.selectFrom("attempts").select(["attempt_no", "passed"]).where("exam_id", "=", makeupPass.exam_id!).orderBy("attempt_no").execute();
    expect(attempts).toEqual([
      { attempt_no: 1, passed: 0 },
      { attempt_no: 2, passed: 1 },
    ]);
    // Last year's cases count in last year.
    const lastYear = String(Number(new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(now)) - 1);
    expect(rows.filter((r) => r.decided_on.startsWith(lastYear) && r.status === "completed").length).toBeGreaterThanOrEqual(2);
  });
});

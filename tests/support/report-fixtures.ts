/** Helpers for the report tests: a planted session, route-loader arguments, bulk attempts. */
import type { LoaderFunctionArgs } from "@remix-run/node";

import type { DB } from "../../db/client";
import type { Attempt } from "../../db/schema";
import { createSession } from "~/models/sessions.server";
import { SESSION_COOKIE } from "~/utils/session.server";

export const TEST_CONTEXT_ADDRESS = "192.0.2.10";

/** Loader arguments as Remix would pass them, signed in as `userId` through a real session row. */
export async function loaderArgs(db: DB, input: { userId: number; url: string; params: Record<string, string> }): Promise<LoaderFunctionArgs> {
  const token = await createSession(db, { userId: input.userId, ip: TEST_CONTEXT_ADDRESS, userAgent: "vitest", now: new Date() });
  const request = new Request(`http://localhost${input.url}`, { headers: { Cookie: `${SESSION_COOKIE}=${token}` } });
  return { request, context: { db, clientAddress: TEST_CONTEXT_ADDRESS, timeZone: "Asia/Shanghai" }, params: input.params };
}

/** The Response a loader threw (404, 403, a redirect), or fails the test if it returned. */
export async function thrownResponse(run: () => Promise<unknown>): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("the loader returned instead of refusing");
}

/**
 * `count` cadres in `orgId`, all in the exam's audience, each with one finished attempt that
 * copies `template` (a real frozen paper and grade) with a score of i mod (max + 1). Inserted
 * in bulk inside one transaction: fast enough for 10,000.
 */
export async function insertFinishedCadres(
  db: DB,
  input: { examId: number; orgId: number; count: number; template: Attempt; passMark: number; prefix: string },
): Promise<void> {
  const { template } = input;
  const stamp = new Date().toISOString();
  const max = Math.round(template.max_score);
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < input.count; from += 500) {
      const size = Math.min(500, input.count - from);
      const users = await trx
        .insertInto("users")
        .values(
          Array.from({ length: size }, (_, i) => ({
            employee_no: `${input.prefix}${String(from + i).padStart(5, "0")}`,
            name: `批量干部${from + i}`,
            org_id: input.orgId,
            rank: "staff" as const,
            is_leader: 0,
            is_party_member: 1,
            role: "cadre" as const,
            scope_org_id: null,
            password_hash: "not-a-real-hash",
            must_change_password: 0,
            active: 1,
            created_at: stamp,
            updated_at: stamp,
          })),
        )
        .returning("id")
        .execute();
      await trx
        .insertInto("exam_audience")
        .values(users.map((u) => ({ exam_id: input.examId, user_id: u.id, org_id: input.orgId, extra_minutes: 0, extra_attempts: 0, added_at: stamp, note: null })))
        .execute();
      const attempts = await trx
        .insertInto("attempts")
        .values(
          users.map((u, i) => {
            const score = (from + i) % (max + 1);
            const { id: _id, ...copy } = template;
            return { ...copy, user_id: u.id, org_id: input.orgId, attempt_no: 1, score, passed: score >= input.passMark ? 1 : 0, pending_manual: 0 };
          }),
        )
        .returning("id")
        .execute();
      const frozen = await trx.selectFrom("attempt_papers").select(["paper", "grading_rules"]).where("attempt_id", "=", template.id).executeTakeFirstOrThrow();
      await trx
        .insertInto("attempt_papers")
        .values(attempts.map((a) => ({ attempt_id: a.id, ...frozen })))
        .execute();
      const items = await trx.selectFrom("attempt_items").selectAll().where("attempt_id", "=", template.id).execute();
      for (const a of attempts) {
        if (items.length > 0) await trx.insertInto("attempt_items").values(items.map((item) => ({ ...item, attempt_id: a.id }))).execute();
      }
      await trx
        .insertInto("attempt_responses")
        .values(attempts.map((a) => ({ attempt_id: a.id, question_ref: "0:0", response: JSON.stringify({ kind: "single", option: 1 }), seq: 1, saved_at: stamp })))
        .execute();
    }
  });
}

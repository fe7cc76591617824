import type { DB } from "../../db/client";
import { countByOrg, countLive, type LiveAttempt, liveCadre } from "~/domain/live-state";

import { sortAsTree } from "./orgs.server";
import type { ReportSubtree } from "./report-scope.server";
import { attemptFact } from "./reports.server";

/**
 * Everyone assigned to the exam (within `subtree`, when given) with where they stand, counts
 * overall and by organization; each cadre under the organization they were assigned in.
 */
export async function examLiveView(db: DB, examId: number, subtree: ReportSubtree = null) {
  let audienceQuery = db
    .selectFrom("exam_audience")
    .innerJoin("users", "users.id", "exam_audience.user_id")
    // Grouped by the organization of the assignment (where the result is earned), not the cadre's current one.
    .innerJoin("orgs", "orgs.id", "exam_audience.org_id")
    .select(["users.id as userId", "users.employee_no as employeeNo", "users.name", "exam_audience.org_id as orgId", "orgs.name as orgName"])
    .where("exam_audience.exam_id", "=", examId);
  if (subtree) audienceQuery = audienceQuery.where("orgs.path", "like", `${subtree.path}%`);
  const audience = await audienceQuery.orderBy("users.employee_no").execute();
  const members = new Set(audience.map((c) => c.userId));
  const attempts = await db
    .selectFrom("attempts")
    .select(["id", "user_id", "attempt_no", "status", "score", "max_score", "passed", "pending_manual", "started_at", "finished_at", "left_page_count"])
    .where("exam_id", "=", examId)
    .execute();
  const byUser = new Map<number, LiveAttempt[]>();
  for (const a of attempts) {
    if (!members.has(a.user_id)) continue;
    const list = byUser.get(a.user_id) ?? [];
    list.push({ ...attemptFact(a), leftPage: a.left_page_count });
    byUser.set(a.user_id, list);
  }
  const cadres = audience.map((c) => liveCadre(c, byUser.get(c.userId) ?? []));
  const orgIds = [...new Set(audience.map((c) => c.orgId))];
  const orgs = orgIds.length ? sortAsTree(await db.selectFrom("orgs").selectAll().where("id", "in", orgIds).execute()) : [];
  return { cadres, counts: countLive(cadres), byOrg: countByOrg(cadres, orgs) };
}

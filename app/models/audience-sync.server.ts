/**
 * The audience of an open exam follows the organization (docs/decisions/0011): when cadres
 * join, move or leave, every exam that is published and not yet closed re-applies its
 * audience rule to them. A cadre who now matches is added; one who no longer matches is
 * removed only while they have no attempt (an attempt made is never lost) and were not
 * added by hand; a cadre who moves before starting takes the assignment to the new
 * organization, so the result is counted where it is earned.
 */
import type { DB } from "../../db/client";
import { selectAudience } from "~/domain/audience";

import { parseAudience } from "./exams.server";

export type AudienceSync = { added: number; removed: number; moved: number };

const CHUNK = 400;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/** Exams whose audience can still change: published, not closed, the window not yet over. */
async function openExams(db: DB, now: Date) {
  return db
    .selectFrom("exams")
    .innerJoin("orgs", "orgs.id", "exams.owner_org_id")
    .select(["exams.id", "exams.audience", "orgs.path as ownerPath"])
    .where("exams.status", "=", "published")
    .where("exams.closes_at", ">", now.toISOString())
    .execute();
}

/**
 * Re-applies every open exam's audience rule to these cadres (call it in the transaction
 * that changed them). Returns how many audience rows were added, removed and moved.
 */
export async function syncOpenAudiences(db: DB, input: { userIds: readonly number[]; now: Date }): Promise<AudienceSync> {
  const result: AudienceSync = { added: 0, removed: 0, moved: 0 };
  const ids = [...new Set(input.userIds)];
  if (ids.length === 0) return result;
  const exams = await openExams(db, input.now);
  if (exams.length === 0) return result;
  const orgPaths = new Map((await db.selectFrom("orgs").select(["id", "path"]).execute()).map((o) => [o.id, o.path]));
  const stamp = input.now.toISOString();

  for (const chunk of chunks(ids)) {
    const users = await db
      .selectFrom("users")
      .innerJoin("orgs", "orgs.id", "users.org_id")
      .select(["users.id", "users.org_id", "orgs.path as orgPath", "users.rank", "users.is_leader", "users.is_party_member", "users.active"])
      .where("users.id", "in", chunk)
      .execute();
    for (const exam of exams) {
      const candidates = users
        .filter((u) => u.active === 1 && u.orgPath.startsWith(exam.ownerPath))
        .map((u) => ({ id: u.id, orgPath: u.orgPath, rank: u.rank, isLeader: Boolean(u.is_leader), isPartyMember: Boolean(u.is_party_member) }));
      const selected = new Set(selectAudience(parseAudience(exam), candidates, orgPaths));
      const rows = new Map(
        (
          await db.selectFrom("exam_audience").select(["user_id", "org_id", "manual"]).where("exam_id", "=", exam.id).where("user_id", "in", chunk).execute()
        ).map((r) => [r.user_id, r]),
      );
      const attempted = new Set(
        (await db.selectFrom("attempts").select("user_id").distinct().where("exam_id", "=", exam.id).where("user_id", "in", chunk).execute()).map((r) => r.user_id),
      );
      const additions: Array<{ exam_id: number; user_id: number; org_id: number; extra_minutes: number; extra_attempts: number; added_at: string; note: null }> = [];
      for (const user of users) {
        const row = rows.get(user.id);
        const keep = selected.has(user.id) || (row !== undefined && row.manual === 1 && user.active === 1);
        if (!row) {
          if (keep) additions.push({ exam_id: exam.id, user_id: user.id, org_id: user.org_id, extra_minutes: 0, extra_attempts: 0, added_at: stamp, note: null });
        } else if (attempted.has(user.id)) {
          // Started or finished: the assignment and its organization are history now.
          continue;
        } else if (!keep) {
          await db.deleteFrom("exam_audience").where("exam_id", "=", exam.id).where("user_id", "=", user.id).execute();
          result.removed++;
        } else if (row.org_id !== user.org_id) {
          await db.updateTable("exam_audience").set({ org_id: user.org_id }).where("exam_id", "=", exam.id).where("user_id", "=", user.id).execute();
          result.moved++;
        }
      }
      // New assignments in batches: an import of thousands into several open exams stays one short write.
      for (let i = 0; i < additions.length; i += 200) await db.insertInto("exam_audience").values(additions.slice(i, i + 200)).execute();
      result.added += additions.length;
    }
  }
  return result;
}

/** The active cadres of an organization's subtree (for a move of the organization). */
export async function userIdsInSubtree(db: DB, path: string): Promise<number[]> {
  const rows = await db.selectFrom("users").innerJoin("orgs", "orgs.id", "users.org_id").select("users.id").where("orgs.path", "like", `${path}%`).execute();
  return rows.map((r) => r.id);
}

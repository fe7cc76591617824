/**
 * Which part of an exam's audience an organizer may see in its live view, report and
 * exports. An organizer whose subtree holds the exam's owner sees everyone, and may narrow
 * to any organization under the owner. An organizer of a branch below the owner (the
 * bureau's quarterly exam, seen by a farm's organizer) sees only the cadres assigned while
 * in their own subtree, and may narrow further inside it. Anyone else sees nothing.
 * The restriction is a parameter of the report loading (loadExamReport, examLiveView), so
 * every number is recomputed on the subset by the same code.
 */
import type { DB } from "../../db/client";
import type { Exam } from "../../db/schema";

import { getExam } from "./exams.server";
import { orgDepth, type Scope, sortAsTree } from "./orgs.server";

/** The organization subtree a report is restricted to; null = the exam's whole audience. */
export type ReportSubtree = { orgId: number; path: string; name: string } | null;

export type ReportView = {
  exam: Exam;
  /** What the numbers cover. */
  subtree: ReportSubtree;
  /** The organization everything shown lies under (the exam owner, or the viewer's own org). */
  root: { id: number; name: string };
  /** The viewer's org is within the owner's subtree only: they see their part, and cannot manage or grade. */
  partial: boolean;
  /** Organizations the viewer may narrow to, in tree order (the root first). */
  choices: Array<{ id: number; name: string; depth: number }>;
};

const isUnder = (path: string, root: string) => path.startsWith(root);

/** Whether any cadre of the exam's audience was assigned while in the subtree at `path`. */
async function hasAudienceIn(db: DB, examId: number, path: string): Promise<boolean> {
  const row = await db
    .selectFrom("exam_audience")
    .innerJoin("orgs", "orgs.id", "exam_audience.org_id")
    .select("exam_audience.user_id")
    .where("exam_audience.exam_id", "=", examId)
    .where("orgs.path", "like", `${path}%`)
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The view of `examId` for a manager with `scope`, narrowed to `narrowTo` when given.
 * undefined = not theirs (the route answers 404 and audits), including a `narrowTo` outside
 * what they may see.
 */
export async function getExamReportView(db: DB, scope: Scope, examId: number, narrowTo: number | null = null): Promise<ReportView | undefined> {
  const exam = await getExam(db, examId);
  if (!exam) return undefined;
  const owner = await db.selectFrom("orgs").select(["id", "name", "path"]).where("id", "=", exam.owner_org_id).executeTakeFirstOrThrow();

  let root: { id: number; name: string; path: string };
  let partial = false;
  if (scope.kind === "all" || isUnder(owner.path, scope.path)) {
    root = owner;
  } else if (isUnder(scope.path, owner.path) && exam.status !== "draft" && (await hasAudienceIn(db, exam.id, scope.path))) {
    root = await db.selectFrom("orgs").select(["id", "name", "path"]).where("id", "=", scope.orgId).executeTakeFirstOrThrow();
    partial = true;
  } else {
    return undefined;
  }

  const orgs = sortAsTree(await db.selectFrom("orgs").selectAll().where("path", "like", `${root.path}%`).execute());
  let subtree: ReportSubtree = partial ? { orgId: root.id, path: root.path, name: root.name } : null;
  if (narrowTo !== null && narrowTo !== root.id) {
    const chosen = orgs.find((o) => o.id === narrowTo);
    if (!chosen) return undefined;
    subtree = { orgId: chosen.id, path: chosen.path, name: chosen.name };
  }
  const rootDepth = orgDepth(root);
  return {
    exam,
    subtree,
    root: { id: root.id, name: root.name },
    partial,
    choices: orgs.map((o) => ({ id: o.id, name: o.name, depth: orgDepth(o) - rootDepth })),
  };
}

/** How the page and the file name say what the numbers cover. */
export function subtreeLabel(view: Pick<ReportView, "subtree">): string {
  return view.subtree ? `${view.subtree.name}（含下级组织）` : "全部参考人员";
}

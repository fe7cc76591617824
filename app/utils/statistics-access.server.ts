/**
 * The guard of the statistics pages and downloads: a manager, and the subtree they asked for
 * within their scope (`?org=`); anything outside answers 404 and is logged (invariant 6).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { quarterOf } from "~/domain/exams/attempt-time";
import { previousPeriod } from "~/domain/statistics/periods";
import { getOrg } from "~/models/orgs.server";
import { type StatisticsRoot, statisticsChoices, statisticsYears } from "~/models/statistics.server";
import { StatisticsQuerySchema } from "~/schemas/statistics.server";

import { notFoundInScope, requireManager } from "./auth.server";

export const ALL_ORGS: StatisticsRoot = { orgId: 0, path: "/", name: "全部组织" };

export async function requireStatistics({ request, context }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const query = StatisticsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  let root: StatisticsRoot = ALL_ORGS;
  if (scope.kind === "subtree") {
    const org = await getOrg(context.db, scope.orgId);
    if (!org) return notFoundInScope(request, context, user);
    root = { orgId: org.id, path: org.path, name: org.name };
  }
  const choices = await statisticsChoices(context.db, root);
  if (!query.success) return notFoundInScope(request, context, user);
  let selected = root;
  if (query.data.org !== undefined && query.data.org !== root.orgId) {
    const org = await getOrg(context.db, query.data.org);
    if (!org || !org.path.startsWith(root.path)) return notFoundInScope(request, context, user);
    selected = { orgId: org.id, path: org.path, name: org.name };
  }
  const now = new Date();
  const currentYear = Number(quarterOf(now, context.timeZone).slice(0, 4));
  // The page opens on the year of the last quarter that has ended: in January, the year just closed.
  const defaultYear = Number(previousPeriod(quarterOf(now, context.timeZone)).slice(0, 4));
  return {
    user,
    root,
    selected,
    year: query.data.year ?? defaultYear,
    years: await statisticsYears(context.db, currentYear),
    print: query.data.print === "1",
    choices: root === ALL_ORGS ? [{ id: 0, name: ALL_ORGS.name, depth: 0 }, ...choices.map((c) => ({ ...c, depth: c.depth + 1 }))] : choices,
    now,
  };
}

/** 林业局党委（含下级组织）, or 全部组织. */
export function statisticsScopeLabel(selected: StatisticsRoot): string {
  return selected === ALL_ORGS ? ALL_ORGS.name : `${selected.name}（含下级组织）`;
}

/** The query string that keeps the year and the narrowing (for links and downloads). */
export function statisticsQuery(input: { year: number; selected: StatisticsRoot; root: StatisticsRoot }, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ year: String(input.year) });
  if (input.selected.orgId !== input.root.orgId) params.set("org", String(input.selected.orgId));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `?${params.toString()}`;
}

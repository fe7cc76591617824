/**
 * The guard of every report loader: a manager, and an exam or cadre within their scope.
 * Anything else answers 404 and is logged as access.denied (invariant 6, RELIABILITY.md 21).
 */
import type { LoaderFunctionArgs } from "@remix-run/node";

import { banksOfExam } from "~/models/answer-exposure.server";
import { getCadre } from "~/models/cadres.server";
import { getExamReportView } from "~/models/report-scope.server";
import { CadreIdSchema } from "~/schemas/cadres.server";
import { ExamIdParamSchema, ReportOrgSchema } from "~/schemas/reports.server";

import { notFoundInScope, requireManager, requireNoOpenAttemptOn } from "./auth.server";
import { formatDateTime } from "./time";

/**
 * The exam and the part of its audience this manager sees (`?org=` narrows it): an exam owned
 * above a branch organizer shows only their subtree's cadres.
 */
export async function requireReportExam({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const id = ExamIdParamSchema.safeParse(params.examId);
  const narrow = ReportOrgSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const view = id.success && narrow.success ? await getExamReportView(context.db, scope, id.data, narrow.data.org ?? null) : undefined;
  if (!view) return notFoundInScope(request, context, user);
  // The report's item analysis shows the keys.
  await requireNoOpenAttemptOn(request, context, user, banksOfExam(view.exam));
  return { user, exam: view.exam, view };
}

export async function requireReportCadre({ request, context, params }: LoaderFunctionArgs) {
  const { user, scope } = await requireManager(request, context);
  const id = CadreIdSchema.safeParse(params.cadreId);
  const cadre = id.success ? await getCadre(context.db, scope, id.data) : undefined;
  if (!cadre) return notFoundInScope(request, context, user);
  return { user, cadre };
}

/** Instants in reports print in the configured zone, to the minute, like the rest of the app. */
export function instantFormatter(timeZone: string): (instant: string) => string {
  return (instant) => formatDateTime(instant, timeZone);
}

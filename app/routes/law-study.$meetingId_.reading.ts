// POST /law-study/:meetingId/reading: a reading report (JSON back) or, without JavaScript, 已学完 (redirect back).
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";

import { outlineOpensAt } from "~/domain/law-study/plan";
import { recordReading } from "~/models/law-reading.server";
import { ReadingReportSchema } from "~/schemas/law-study.server";
import { parseForm } from "~/utils/forms";
import { requireOwnMeeting } from "~/utils/law-study-access.server";
import { readFormData } from "~/utils/request.server";

export async function loader() {
  throw new Response("请使用学法页面", { status: 405 });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, meeting } = await requireOwnMeeting(request, context, params);
  const now = new Date();
  if (now.getTime() < outlineOpensAt(meeting.starts_at).getTime()) return data({ error: "学习材料尚未开放" }, { status: 409 });
  const parsed = parseForm(await readFormData(request), ReadingReportSchema);
  // A malformed report (a forged time that is not a number) adds nothing.
  const report = parsed.ok ? parsed.data : { seconds: 0, reachedEnd: false, intent: "report" as const };
  const finish = report.intent === "finish";
  const totals = await recordReading(context.db, { meetingId: meeting.id, userId: user.id, seconds: finish ? 0 : report.seconds, reachedEnd: finish || report.reachedEnd, now });
  if (finish) return redirect(`/law-study/${meeting.id}?finished=1`);
  return data(totals, { headers: { "Cache-Control": "no-store" } });
}

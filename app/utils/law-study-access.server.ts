/**
 * Guards of the law-study pages. The regulation library is shared by the bureau like the
 * question banks: every manager reads it, bank editors (admins, bureau-level organizers)
 * import and correct it.
 */
import type { AppLoadContext } from "@remix-run/node";
import type { Params } from "@remix-run/react";

import { yearOf } from "~/domain/law-study/plan";
import { getMeetingInScope } from "~/models/law-meetings.server";
import { getAttendance, getScheduledMeeting } from "~/models/law-reading.server";
import { listOrgs } from "~/models/orgs.server";
import { PlanSearchSchema } from "~/schemas/law-study.server";

import { canEditBanks, notFoundInScope, requireBankEditor, requireManager, requireUser } from "./auth.server";
import { parseSearch } from "./forms";
import { idParam } from "./params.server";

export async function requireLibraryReader(request: Request, context: AppLoadContext) {
  const managed = await requireManager(request, context);
  return { ...managed, canEdit: await canEditBanks(context, managed) };
}

export const requireLibraryEditor = requireBankEditor;

/** The organization and year of a plan page or export: ?org= within the scope (default the scope's top), ?year= (default this year). */
export async function requirePlanScope(request: Request, context: AppLoadContext) {
  const { user, scope } = await requireManager(request, context);
  const search = parseSearch(new URL(request.url), PlanSearchSchema);
  if (!search) return notFoundInScope(request, context, user);
  const orgs = await listOrgs(context.db, scope);
  const org = search.org ? orgs.find((o) => o.id === search.org) : orgs[0];
  if (!org) return notFoundInScope(request, context, user);
  const year = search.year ?? yearOf(new Date().toISOString(), context.timeZone);
  return { user, scope, orgs, org, year, print: search.print === "1" };
}

/** A meeting of the manager's scope, or 404 (audited). */
export async function requireMeeting(request: Request, context: AppLoadContext, params: Params) {
  const { user, scope } = await requireManager(request, context);
  const id = idParam(params.meetingId);
  const meeting = id ? await getMeetingInScope(context.db, scope, id) : undefined;
  if (!meeting) return notFoundInScope(request, context, user);
  return { user, scope, meeting };
}

/**
 * The meeting a signed-in cadre attends: anyone else (not an attendee, or no such meeting)
 * gets 404, audited. Organizers read modules through the manage pages instead.
 */
export async function requireOwnMeeting(request: Request, context: AppLoadContext, params: Params) {
  const user = await requireUser(request, context);
  const id = idParam(params.meetingId);
  const attendee = id ? await getAttendance(context.db, id, user.id) : undefined;
  const meeting = attendee ? await getScheduledMeeting(context.db, attendee.meeting_id) : undefined;
  if (!attendee || !meeting) return notFoundInScope(request, context, user);
  return { user, meeting, attendee };
}
